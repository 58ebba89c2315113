"""Search, sort and keyset pages; autocomplete; availability candidates."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import grpc
import pytest
from rr.catalog.v1 import catalog_pb2

from services.catalog.tests.support import hours, list_request, time_range


def tag() -> str:
    return f"t-{uuid.uuid4().hex[:10]}"


async def all_pages(catalog, user, limit: int, **filters) -> list[catalog_pb2.Resource]:
    seen, cursor = [], ""
    while True:
        page = await catalog.ListResources(list_request(limit, cursor, **filters), metadata=user)
        seen += page.resources
        if not page.page.has_more:
            return seen
        cursor = page.page.next_cursor


class TestSearch:
    async def test_words_match_across_fields_and_tags(self, catalog, user, create_resource):
        group, word = tag(), uuid.uuid4().hex[:8]
        both = await create_resource(name=f"Lab {word}", tags=[group, "microscope"])
        await create_resource(description=f"{word} only", tags=[group])
        found = await catalog.ListResources(list_request(tags=[group], query=f"MICROSCOPE {word}"), metadata=user)
        assert [r.id for r in found.resources] == [both.id]

    async def test_quotes_and_backslashes_are_plain_text(self, catalog, user, create_resource):
        group = tag()
        quoted = await create_resource(name=f"O'Brien's \\ room {group}", tags=[group], location="Dock 'B'")
        await create_resource(name=f"OBriens room {group}", tags=[group])
        for query, location in (("o'brien's", ""), ("\\ room", ""), ("", "'b'")):
            found = await catalog.ListResources(
                list_request(tags=[group], query=query, location=location), metadata=user
            )
            assert [r.id for r in found.resources] == [quoted.id], (query, location)
        found = await catalog.SuggestResources(
            catalog_pb2.SuggestResourcesRequest(prefix="o'brien's \\"), metadata=user
        )
        assert quoted.id in [s.id for s in found.suggestions]

    async def test_capacity_location_and_any_tag(self, catalog, user, create_resource):
        group = tag()
        small = await create_resource(tags=[group, "a"], capacity=2, location="North wing")
        big = await create_resource(tags=[group, "b"], capacity=20, location="South wing")
        await create_resource(tags=[group, "c"])
        assert [
            r.id
            for r in (await catalog.ListResources(list_request(tags=[group], capacity_min=10), metadata=user)).resources
        ] == [big.id]
        assert [
            r.id
            for r in (
                await catalog.ListResources(list_request(tags=[group], location="north"), metadata=user)
            ).resources
        ] == [small.id]
        found = await catalog.ListResources(list_request(tags=[group], tags_any=["a", "b"]), metadata=user)
        assert [r.id for r in found.resources] == [small.id, big.id]

    @pytest.mark.parametrize(
        ("sort_by", "order"),
        [("name", "asc"), ("name", "desc"), ("capacity", "asc"), ("capacity", "desc"), ("created", "desc")],
    )
    async def test_every_sort_pages_completely_in_order(self, catalog, user, create_resource, sort_by, order):
        group = tag()
        made = [
            await create_resource(name=f"{n} {group}", tags=[group], capacity=c)
            for n, c in [("beta", 5), ("Alpha", 5), ("delta", None), ("Charlie", 1), ("echo", 9)]
        ]
        seen = await all_pages(catalog, user, 2, tags=[group], sort_by=sort_by, sort_order=order)

        def key(r):
            return {
                "name": (r.name.lower(), r.id),
                "capacity": (r.capacity if r.HasField("capacity") else -1, r.id),
                "created": (r.id,),
            }[sort_by]

        assert [r.id for r in seen] == [r.id for r in sorted(made, key=key, reverse=order == "desc")]

    async def test_new_rows_do_not_shift_a_walk_in_progress(self, catalog, user, create_resource):
        group = tag()
        made = [await create_resource(name=f"m{i} {group}", tags=[group]) for i in range(4)]
        first = await catalog.ListResources(list_request(2, tags=[group], sort_by="name"), metadata=user)
        await create_resource(name=f"a-first {group}", tags=[group])  # sorts before the cursor
        second = await catalog.ListResources(
            list_request(2, first.page.next_cursor, tags=[group], sort_by="name"), metadata=user
        )
        assert [r.id for r in first.resources] + [r.id for r in second.resources] == [r.id for r in made]

    async def test_total_count_on_request(self, catalog, user, create_resource):
        group = tag()
        for _ in range(3):
            await create_resource(tags=[group])
        page = await catalog.ListResources(list_request(1, tags=[group], include_total=True), metadata=user)
        assert page.page.total_count == 3 and len(page.resources) == 1
        assert not (await catalog.ListResources(list_request(1, tags=[group]), metadata=user)).page.HasField(
            "total_count"
        )

    async def test_a_cursor_of_another_sort_is_refused(self, catalog, user, create_resource, refused):
        group = tag()
        for _ in range(3):
            await create_resource(tags=[group])
        page = await catalog.ListResources(list_request(1, tags=[group]), metadata=user)
        code, payload = await refused(
            catalog.ListResources(list_request(1, page.page.next_cursor, tags=[group], sort_by="name"), metadata=user)
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT and payload["code"] == "invalid_cursor"

    async def test_unknown_sort_is_refused(self, catalog, user, refused):
        code, payload = await refused(catalog.ListResources(list_request(sort_by="price"), metadata=user))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and payload["errors"][0]["loc"] == "sort_by"


class TestSuggestions:
    async def test_prefix_finds_names_tags_and_locations(self, catalog, user, create_resource):
        stem = f"zq{uuid.uuid4().hex[:6]}"
        resource = await create_resource(name=f"{stem.upper()} room", tags=[f"{stem}-tag"], location=f"{stem} hall")
        await create_resource(name=f"other {stem}")  # contains, does not start with it
        found = await catalog.SuggestResources(catalog_pb2.SuggestResourcesRequest(prefix=stem, limit=5), metadata=user)
        assert [(s.kind, s.text, s.id) for s in found.suggestions] == [
            ("resource", resource.name, resource.id),
            ("tag", f"{stem}-tag", 0),
            ("location", f"{stem} hall", 0),
        ]


class TestAvailabilityCandidates:
    async def test_only_resources_open_and_available_for_the_whole_window(self, catalog, admin, user, create_resource):
        group = tag()
        open_all_day = await create_resource(tags=[group])
        office = await create_resource(tags=[group], timezone="Europe/London")
        await catalog.SetBusinessHours(
            catalog_pb2.SetBusinessHoursRequest(
                resource_id=office.id, intervals=hours(*[(d, "09:00", "17:00") for d in range(5)])
            ),
            metadata=admin,
        )
        await create_resource(tags=[group], available=False)
        closed = await create_resource(tags=[group])
        await catalog.AddBlackout(
            catalog_pb2.AddBlackoutRequest(resource_id=closed.id, start_date="2030-03-05"), metadata=admin
        )
        morning = time_range(datetime(2030, 3, 5, 10, tzinfo=UTC), datetime(2030, 3, 5, 11, tzinfo=UTC))  # a Tuesday
        evening = time_range(datetime(2030, 3, 6, 19, tzinfo=UTC), datetime(2030, 3, 6, 20, tzinfo=UTC))
        filters = list_request(tags=[group])
        at_ten = await catalog.ListAvailabilityCandidates(
            catalog_pb2.ListAvailabilityCandidatesRequest(filters=filters, window=morning), metadata=user
        )
        at_seven = await catalog.ListAvailabilityCandidates(
            catalog_pb2.ListAvailabilityCandidatesRequest(filters=filters, window=evening), metadata=user
        )
        assert list(at_ten.resource_ids) == [open_all_day.id, office.id]
        assert list(at_seven.resource_ids) == [open_all_day.id, closed.id]
