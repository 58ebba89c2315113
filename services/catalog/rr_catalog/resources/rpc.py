"""gRPC handlers for resources: parse, authorize, one service call, map to protobuf."""

from __future__ import annotations

from typing import Any

import grpc
from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2

from rr_catalog.bookable.rules import LABELS, checked_rules
from rr_catalog.mapping import labelled_pb, resource_pb
from rr_catalog.resources.domain import WRITABLE, ResourceSpec, resource_spec
from rr_catalog.resources.query import ResourceQuery, resource_query
from rr_catalog.validation import FieldErrors
from rr_catalog.wiring import Services
from rr_common.authz import require_manager, require_principal
from rr_common.errors import InvalidCursor, ValidationFailed
from rr_common.pagination import clamp_limit, decode_cursor, encode_cursor, page_info

EXPORT_PAGE_MAX = 1000


def parsed_rules(message: catalog_pb2.BookingRules, errors: FieldErrors) -> Any:
    return checked_rules({key: getattr(message, key) for key in LABELS}, errors)


def values_of(request: catalog_pb2.CreateResourceRequest, errors: FieldErrors) -> dict[str, Any]:
    return {
        "name": request.name,
        "description": request.description,
        "location": request.location,
        "capacity": request.capacity if request.HasField("capacity") else None,
        "tags": list(request.tags),
        "timezone": request.timezone,
        "available": request.available,
        "requires_approval": request.requires_approval,
        "group_id": request.group_id if request.HasField("group_id") else None,
        "rules": parsed_rules(request.rules, errors),
        "attributes": dict(request.attributes),
        "label_ids": list(request.label_ids),
    }


def query_of(request: catalog_pb2.ListResourcesRequest, *, paged: bool = True) -> ResourceQuery:
    return resource_query(
        limit=request.page.limit if paged else 0,
        cursor=request.page.cursor,
        text=request.query,
        status=request.status,
        tags=request.tags,
        tags_any=request.tags_any,
        capacity_min=request.capacity_min if request.HasField("capacity_min") else None,
        group_id=request.group_id,
        location=request.location,
        label_ids=request.label_ids,
        sort_by=request.sort_by,
        sort_order=request.sort_order,
        include_total=request.include_total,
        only_ids=request.only_ids if request.only_ids else None,
    )


class ResourceRpc:
    app: Services

    async def CreateResource(
        self, request: catalog_pb2.CreateResourceRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.CreateResourceResponse:
        require_manager()
        errors: FieldErrors = []
        spec = resource_spec(ResourceSpec(**values_of(request, errors)), errors)
        async with self.app.db.session() as session:
            found = await self.app.resources.create(session, spec)
        return catalog_pb2.CreateResourceResponse(resource=labelled_pb(found))

    async def GetResource(
        self, request: catalog_pb2.GetResourceRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.GetResourceResponse:
        require_principal()
        async with self.app.db.reader() as session:
            found = await self.app.resources.get(session, request.id)
        return catalog_pb2.GetResourceResponse(resource=labelled_pb(found))

    async def UpdateResource(
        self, request: catalog_pb2.UpdateResourceRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.UpdateResourceResponse:
        require_manager()
        unknown = sorted(set(request.fields) - set(WRITABLE))
        if unknown:
            raise ValidationFailed(f"These fields cannot be changed: {', '.join(unknown)}.")
        errors: FieldErrors = []
        values = values_of(request.values, errors)
        changes = {name: values[name] for name in dict.fromkeys(request.fields)}
        if "rules" not in changes:
            errors = []
        async with self.app.db.session() as session:
            found = await self.app.resources.update(session, request.id, changes, errors)
        return catalog_pb2.UpdateResourceResponse(resource=labelled_pb(found))

    async def DeleteResource(
        self, request: catalog_pb2.DeleteResourceRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.DeleteResourceResponse:
        require_manager()
        async with self.app.db.session() as session:
            await self.app.resources.delete(session, request.id)
        return catalog_pb2.DeleteResourceResponse()

    async def ListResources(
        self, request: catalog_pb2.ListResourcesRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ListResourcesResponse:
        require_principal()
        query = query_of(request)
        async with self.app.db.reader() as session:
            page = await self.app.resources.page(session, query)
        info = page_info(page)
        if page.total is not None:
            info.total_count = page.total
        return catalog_pb2.ListResourcesResponse(resources=[labelled_pb(r) for r in page.resources], page=info)

    async def SuggestResources(
        self, request: catalog_pb2.SuggestResourcesRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.SuggestResourcesResponse:
        require_principal()
        limit = min(max(request.limit, 1), 20) if request.limit else 10
        async with self.app.db.session() as session:
            found = await self.app.suggestions.suggest(session, request.prefix, limit)
        return catalog_pb2.SuggestResourcesResponse(
            suggestions=[catalog_pb2.Suggestion(kind=s.kind, text=s.text, id=s.id) for s in found]
        )

    async def ExportResources(
        self, request: catalog_pb2.ExportResourcesRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ExportResourcesResponse:
        require_manager()
        limit = min(request.page.limit, EXPORT_PAGE_MAX) if request.page.limit > 0 else clamp_limit(0)
        after = 0
        if request.page.cursor:
            key = decode_cursor(request.page.cursor)
            if len(key) != 1 or type(key[0]) is not int:
                raise InvalidCursor("The cursor is not valid; pass the next_cursor value of a previous page.")
            after = key[0]
        async with self.app.db.session() as session:
            rows = await self.app.resources.export_page(session, after, limit)
        page, has_more = rows[:limit], len(rows) > limit
        return catalog_pb2.ExportResourcesResponse(
            resources=[resource_pb(r) for r in page],
            page=common_pb2.PageInfo(next_cursor=encode_cursor([page[-1].id]) if has_more else "", has_more=has_more),
        )
