"""GetResource and ListResources: what a signed-in user can see, page by page."""

from __future__ import annotations

import base64
import uuid

import grpc
import pytest
from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2


def tag() -> str:
    """A tag no other test uses, to list only this test's resources."""
    return f"t-{uuid.uuid4().hex[:10]}"


def list_request(limit: int = 0, cursor: str = "", **filters: object) -> catalog_pb2.ListResourcesRequest:
    return catalog_pb2.ListResourcesRequest(page=common_pb2.PageRequest(limit=limit, cursor=cursor), **filters)


class TestGetResource:
    async def test_plain_user_reads_a_resource(self, catalog, user, create_resource):
        created = await create_resource(description="Quiet room", capacity=4)
        fetched = (await catalog.GetResource(catalog_pb2.GetResourceRequest(id=created.id), metadata=user)).resource
        assert fetched == created

    async def test_unknown_resource_is_not_found(self, catalog, user, refused):
        code, payload = await refused(catalog.GetResource(catalog_pb2.GetResourceRequest(id=987654321), metadata=user))
        assert code == grpc.StatusCode.NOT_FOUND
        assert payload["detail"] == "Resource 987654321 does not exist."

    async def test_deleted_resource_is_not_found(self, catalog, user, create_resource, db, refused):
        created = await create_resource()
        await db.execute("UPDATE resources SET deleted_at = now() WHERE id = $1", created.id)
        code, _ = await refused(catalog.GetResource(catalog_pb2.GetResourceRequest(id=created.id), metadata=user))
        assert code == grpc.StatusCode.NOT_FOUND

    async def test_without_a_token_is_unauthenticated(self, catalog, create_resource, refused):
        created = await create_resource()
        code, _ = await refused(catalog.GetResource(catalog_pb2.GetResourceRequest(id=created.id)))
        assert code == grpc.StatusCode.UNAUTHENTICATED


class TestListPages:
    async def test_walks_every_page_with_cursors(self, catalog, user, create_resource):
        group = tag()
        created = [await create_resource(tags=[group]) for _ in range(5)]
        seen: list[catalog_pb2.Resource] = []
        cursor = ""
        pages = []
        while True:
            response = await catalog.ListResources(list_request(2, cursor, tags=[group]), metadata=user)
            seen += response.resources
            pages.append((len(response.resources), response.page.has_more))
            if not response.page.has_more:
                assert response.page.next_cursor == ""
                break
            cursor = response.page.next_cursor
            assert cursor
        assert pages == [(2, True), (2, True), (1, False)]
        assert [r.id for r in seen] == [r.id for r in created]
        assert seen == created

    async def test_exact_last_page_says_no_more(self, catalog, user, create_resource):
        group = tag()
        for _ in range(2):
            await create_resource(tags=[group])
        response = await catalog.ListResources(list_request(2, tags=[group]), metadata=user)
        assert (len(response.resources), response.page.has_more, response.page.next_cursor) == (2, False, "")

    async def test_default_limit_is_twenty(self, catalog, user, create_resource):
        group = tag()
        for _ in range(21):
            await create_resource(tags=[group])
        response = await catalog.ListResources(list_request(tags=[group]), metadata=user)
        assert len(response.resources) == 20 and response.page.has_more

    async def test_deleted_resources_are_left_out(self, catalog, user, create_resource, db):
        group = tag()
        kept, gone = await create_resource(tags=[group]), await create_resource(tags=[group])
        await db.execute("UPDATE resources SET deleted_at = now() WHERE id = $1", gone.id)
        response = await catalog.ListResources(list_request(tags=[group]), metadata=user)
        assert [r.id for r in response.resources] == [kept.id]

    @pytest.mark.parametrize(
        "cursor",
        [
            "not a cursor!",
            base64.urlsafe_b64encode(b'{"id": 3}').decode(),
            base64.urlsafe_b64encode(b'["3"]').decode(),
            base64.urlsafe_b64encode(b"[true]").decode(),
        ],
    )
    async def test_bad_cursor_is_invalid_argument(self, catalog, user, refused, cursor):
        code, payload = await refused(catalog.ListResources(list_request(cursor=cursor), metadata=user))
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert payload["code"] == "invalid_cursor"

    async def test_limit_over_one_hundred_is_invalid_argument(self, catalog, user, refused):
        code, payload = await refused(catalog.ListResources(list_request(101), metadata=user))
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert payload["code"] == "invalid_limit"

    async def test_without_a_token_is_unauthenticated(self, catalog, refused):
        code, _ = await refused(catalog.ListResources(list_request()))
        assert code == grpc.StatusCode.UNAUTHENTICATED


class TestListFilters:
    async def test_query_matches_name_description_or_location_ignoring_case(self, catalog, user, create_resource):
        group, word = tag(), uuid.uuid4().hex[:8]
        by_name = await create_resource(name=f"Studio {word.upper()}", tags=[group])
        by_description = await create_resource(description=f"has a {word} inside", tags=[group])
        by_location = await create_resource(location=f"Floor {word}", tags=[group])
        await create_resource(description="something else", tags=[group])
        response = await catalog.ListResources(list_request(tags=[group], query=f" {word} "), metadata=user)
        assert [r.id for r in response.resources] == [by_name.id, by_description.id, by_location.id]

    async def test_percent_and_underscore_are_literal(self, catalog, user, create_resource):
        group = tag()
        literal = await create_resource(name=f"Room 100% A_B {group}", tags=[group])
        await create_resource(name=f"Room 1000 AxB {group}", tags=[group])
        for query in ("100%", "A_B"):
            response = await catalog.ListResources(list_request(tags=[group], query=query), metadata=user)
            assert [r.id for r in response.resources] == [literal.id], query

    async def test_status_filter(self, catalog, user, create_resource):
        group = tag()
        await create_resource(tags=[group], available=True)
        off = await create_resource(tags=[group], available=False)
        response = await catalog.ListResources(list_request(tags=[group], status="unavailable"), metadata=user)
        assert [r.id for r in response.resources] == [off.id]

    async def test_unknown_status_is_invalid_argument(self, catalog, user, refused):
        code, payload = await refused(catalog.ListResources(list_request(status="broken"), metadata=user))
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert payload["errors"][0]["loc"] == "status"

    async def test_tags_must_all_match(self, catalog, user, create_resource):
        group = tag()
        both = await create_resource(tags=[group, "projector", "whiteboard"])
        await create_resource(tags=[group, "projector"])
        await create_resource(tags=[group, "whiteboard"])
        response = await catalog.ListResources(list_request(tags=[group, "whiteboard", " projector "]), metadata=user)
        assert [r.id for r in response.resources] == [both.id]

    async def test_filters_hold_across_pages(self, catalog, user, create_resource):
        group = tag()
        wanted = []
        for i in range(6):
            resource = await create_resource(tags=[group], available=i % 2 == 0)
            if i % 2 == 0:
                wanted.append(resource.id)
        first = await catalog.ListResources(list_request(2, tags=[group], status="available"), metadata=user)
        second = await catalog.ListResources(
            list_request(2, first.page.next_cursor, tags=[group], status="available"), metadata=user
        )
        assert [r.id for r in first.resources] + [r.id for r in second.resources] == wanted
        assert first.page.has_more and not second.page.has_more
