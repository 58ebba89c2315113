"""Outgoing webhooks (admins).

Every delivery is a POST of a JSON document (`event_id`, `type`, `subject`, `occurred_at`,
`actor_user_id`, `data`) with the headers `X-RR-Delivery` (unique per delivery; retries repeat
it), `X-RR-Event` and `X-RR-Signature: t=<unix>,v1=<hex>`, where `v1` is
HMAC-SHA256(secret, t + "." + raw body). Verify it and reject old timestamps (replays):

```python
import hashlib, hmac, time

def verify(secret: str, body: bytes, header: str, tolerance: int = 300) -> bool:
    parts = dict(item.split("=", 1) for item in header.split(","))
    if abs(time.time() - int(parts["t"])) > tolerance:
        return False
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])
```

Answer 2xx within a few seconds; anything else is retried with exponential backoff and jitter
(up to 8 attempts over about two hours). An endpoint failing many times in a row is disabled and
the admins are notified; re-enable it with PATCH `{"is_active": true}`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from rr.common.v1 import common_pb2
from rr.notify.v1 import webhooks_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of
from rr_gateway.schemas.notify_webhooks import (
    DeliveryOut,
    EventTypeOut,
    WebhookIn,
    WebhookOut,
    WebhookPatch,
    WebhookWithSecretOut,
)
from rr_gateway.security import CurrentCaller

router = APIRouter(prefix="/webhooks", tags=["webhooks"], responses=ERROR_RESPONSES)
WebhookId = Annotated[int, Path(ge=1, le=2**62)]
Limit = Annotated[int, Query(ge=1, le=100)]
Cursor = Annotated[str, Query(max_length=500)]


@router.get("/events", response_model=list[EventTypeOut], summary="Event types a webhook can subscribe to")
async def event_types(caller: CurrentCaller, up: UpstreamsDep) -> list[EventTypeOut]:
    answer = await up.webhooks.ListEventTypes(webhooks_pb2.ListEventTypesRequest(), metadata=caller.metadata)
    return [EventTypeOut(type=t.type, description=t.description) for t in answer.event_types]


@router.post(
    "/",
    status_code=status.HTTP_201_CREATED,
    response_model=WebhookWithSecretOut,
    summary="Register a webhook",
    description=__doc__,
)
@router.post("", status_code=status.HTTP_201_CREATED, response_model=WebhookWithSecretOut, include_in_schema=False)
async def create(body: WebhookIn, caller: CurrentCaller, up: UpstreamsDep) -> WebhookWithSecretOut:
    request = webhooks_pb2.CreateWebhookRequest(
        url=body.url, events=body.events, description=body.description, secret=body.secret or ""
    )
    answer = await up.webhooks.CreateWebhook(request, metadata=caller.metadata)
    return WebhookWithSecretOut(**WebhookOut.of(answer.webhook).model_dump(), secret=answer.secret)


@router.get("/", response_model=Page[WebhookOut], summary="All webhooks")
@router.get("", response_model=Page[WebhookOut], include_in_schema=False)
async def list_webhooks(
    caller: CurrentCaller, up: UpstreamsDep, limit: Limit = 20, cursor: Cursor = ""
) -> Page[WebhookOut]:
    answer = await up.webhooks.ListWebhooks(
        webhooks_pb2.ListWebhooksRequest(page=common_pb2.PageRequest(limit=limit, cursor=cursor)),
        metadata=caller.metadata,
    )
    return page_of([WebhookOut.of(w) for w in answer.webhooks], answer.page)


@router.get("/{webhook_id}", response_model=WebhookOut, summary="One webhook with its health")
async def get(webhook_id: WebhookId, caller: CurrentCaller, up: UpstreamsDep) -> WebhookOut:
    answer = await up.webhooks.GetWebhook(webhooks_pb2.GetWebhookRequest(id=webhook_id), metadata=caller.metadata)
    return WebhookOut.of(answer.webhook)


@router.patch("/{webhook_id}", response_model=WebhookOut, summary="Change URL, events, description or enable/disable")
async def patch(webhook_id: WebhookId, body: WebhookPatch, caller: CurrentCaller, up: UpstreamsDep) -> WebhookOut:
    answer = await up.webhooks.UpdateWebhook(body.to_pb(webhook_id), metadata=caller.metadata)
    return WebhookOut.of(answer.webhook)


@router.delete("/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a webhook and its delivery log")
async def delete(webhook_id: WebhookId, caller: CurrentCaller, up: UpstreamsDep) -> Response:
    await up.webhooks.DeleteWebhook(webhooks_pb2.DeleteWebhookRequest(id=webhook_id), metadata=caller.metadata)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{webhook_id}/regenerate-secret", response_model=WebhookWithSecretOut, summary="Replace the signing secret"
)
async def rotate_secret(webhook_id: WebhookId, caller: CurrentCaller, up: UpstreamsDep) -> WebhookWithSecretOut:
    answer = await up.webhooks.RotateWebhookSecret(
        webhooks_pb2.RotateWebhookSecretRequest(id=webhook_id), metadata=caller.metadata
    )
    return WebhookWithSecretOut(**WebhookOut.of(answer.webhook).model_dump(), secret=answer.secret)


@router.get(
    "/{webhook_id}/deliveries",
    response_model=Page[DeliveryOut],
    summary="Delivery log, newest first, with every attempt",
)
async def deliveries(
    webhook_id: WebhookId,
    caller: CurrentCaller,
    up: UpstreamsDep,
    limit: Limit = 20,
    cursor: Cursor = "",
    status_filter: Annotated[str, Query(alias="status", pattern="^(|pending|succeeded|failed)$")] = "",
) -> Page[DeliveryOut]:
    request = webhooks_pb2.ListDeliveriesRequest(
        webhook_id=webhook_id, page=common_pb2.PageRequest(limit=limit, cursor=cursor), status=status_filter
    )
    answer = await up.webhooks.ListDeliveries(request, metadata=caller.metadata)
    return page_of([DeliveryOut.of(d) for d in answer.deliveries], answer.page)


@router.post(
    "/{webhook_id}/test", response_model=DeliveryOut, summary="Send a signed test ping now and report the outcome"
)
async def test(webhook_id: WebhookId, caller: CurrentCaller, up: UpstreamsDep) -> DeliveryOut:
    answer = await up.webhooks.TestWebhook(webhooks_pb2.TestWebhookRequest(id=webhook_id), metadata=caller.metadata)
    return DeliveryOut.of(answer.delivery)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeliveryOut,
    summary="Deliver again now",
)
async def retry(
    webhook_id: WebhookId, delivery_id: Annotated[int, Path(ge=1, le=2**62)], caller: CurrentCaller, up: UpstreamsDep
) -> DeliveryOut:
    answer = await up.webhooks.RetryDelivery(
        webhooks_pb2.RetryDeliveryRequest(webhook_id=webhook_id, delivery_id=delivery_id), metadata=caller.metadata
    )
    return DeliveryOut.of(answer.delivery)
