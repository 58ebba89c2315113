"""gRPC WebhookService (admins only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import grpc
from rr.notify.v1 import webhooks_pb2, webhooks_pb2_grpc

from rr_common.authz import require_role
from rr_common.pagination import page_info
from rr_notify.mapping import delivery_pb, webhook_pb
from rr_notify.webhooks.catalog import event_types
from rr_notify.webhooks.service import WebhookChanges

if TYPE_CHECKING:
    from rr_notify.wiring import Services


class WebhookServicer(webhooks_pb2_grpc.WebhookServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def CreateWebhook(
        self, request: webhooks_pb2.CreateWebhookRequest, context: grpc.aio.ServicerContext
    ) -> webhooks_pb2.CreateWebhookResponse:
        admin = require_role("admin")
        async with self.app.db.session() as session:
            webhook, secret = await self.app.webhooks.create(
                session, admin.user_id, request.url, list(request.events), request.description, request.secret
            )
        return webhooks_pb2.CreateWebhookResponse(webhook=webhook_pb(webhook), secret=secret)

    async def ListWebhooks(
        self, request: webhooks_pb2.ListWebhooksRequest, context: grpc.aio.ServicerContext
    ) -> webhooks_pb2.ListWebhooksResponse:
        require_role("admin")
        async with self.app.db.session() as session:
            page = await self.app.webhooks.list_page(session, request.page.limit, request.page.cursor)
        return webhooks_pb2.ListWebhooksResponse(
            webhooks=[webhook_pb(w) for w in page.items],
            page=page_info(page),
        )

    async def GetWebhook(
        self, request: webhooks_pb2.GetWebhookRequest, context: grpc.aio.ServicerContext
    ) -> webhooks_pb2.GetWebhookResponse:
        require_role("admin")
        async with self.app.db.session() as session:
            webhook = await self.app.webhooks.get(session, request.id)
        return webhooks_pb2.GetWebhookResponse(webhook=webhook_pb(webhook))

    async def UpdateWebhook(
        self, request: webhooks_pb2.UpdateWebhookRequest, context: grpc.aio.ServicerContext
    ) -> webhooks_pb2.UpdateWebhookResponse:
        require_role("admin")
        changes = WebhookChanges(
            url=request.url if request.HasField("url") else None,
            events=list(request.events.events) if request.HasField("events") else None,
            description=request.description if request.HasField("description") else None,
            is_active=request.is_active if request.HasField("is_active") else None,
        )
        async with self.app.db.session() as session:
            webhook = await self.app.webhooks.update(session, request.id, changes)
        if webhook.is_active:
            self.app.webhook_sweep.wake()  # a re-enabled endpoint's deliveries go out at once
        return webhooks_pb2.UpdateWebhookResponse(webhook=webhook_pb(webhook))

    async def DeleteWebhook(
        self, request: webhooks_pb2.DeleteWebhookRequest, context: grpc.aio.ServicerContext
    ) -> webhooks_pb2.DeleteWebhookResponse:
        require_role("admin")
        async with self.app.db.session() as session:
            await self.app.webhooks.delete(session, request.id)
        return webhooks_pb2.DeleteWebhookResponse()

    async def RotateWebhookSecret(
        self, request: webhooks_pb2.RotateWebhookSecretRequest, context: grpc.aio.ServicerContext
    ) -> webhooks_pb2.RotateWebhookSecretResponse:
        require_role("admin")
        async with self.app.db.session() as session:
            webhook, secret = await self.app.webhooks.rotate_secret(session, request.id)
        return webhooks_pb2.RotateWebhookSecretResponse(webhook=webhook_pb(webhook), secret=secret)

    async def ListEventTypes(
        self, request: webhooks_pb2.ListEventTypesRequest, context: grpc.aio.ServicerContext
    ) -> webhooks_pb2.ListEventTypesResponse:
        require_role("admin")
        return webhooks_pb2.ListEventTypesResponse(
            event_types=[webhooks_pb2.EventType(type=t.type, description=t.description) for t in event_types()]
        )

    async def ListDeliveries(
        self, request: webhooks_pb2.ListDeliveriesRequest, context: grpc.aio.ServicerContext
    ) -> webhooks_pb2.ListDeliveriesResponse:
        require_role("admin")
        async with self.app.db.session() as session:
            page, attempts = await self.app.webhooks.deliveries(
                session, request.webhook_id, request.status, request.page.limit, request.page.cursor
            )
        return webhooks_pb2.ListDeliveriesResponse(
            deliveries=[delivery_pb(d, attempts[d.id]) for d in page.items],
            page=page_info(page),
        )

    async def TestWebhook(
        self, request: webhooks_pb2.TestWebhookRequest, context: grpc.aio.ServicerContext
    ) -> webhooks_pb2.TestWebhookResponse:
        admin = require_role("admin")
        async with self.app.db.session() as session:
            webhook, delivery = await self.app.webhooks.new_ping(session, request.id, admin.user_id)
        done, attempts = await self.app.dispatcher.ping(webhook, delivery)
        return webhooks_pb2.TestWebhookResponse(delivery=delivery_pb(done, attempts))

    async def RetryDelivery(
        self, request: webhooks_pb2.RetryDeliveryRequest, context: grpc.aio.ServicerContext
    ) -> webhooks_pb2.RetryDeliveryResponse:
        require_role("admin")
        async with self.app.db.session() as session:
            delivery = await self.app.webhooks.requeue(session, request.webhook_id, request.delivery_id)
        self.app.webhook_sweep.wake()  # the retried delivery goes out at once
        return webhooks_pb2.RetryDeliveryResponse(delivery=delivery_pb(delivery, []))
