"""What a list or search may ask for, and its opaque keyset cursor.

A cursor holds the sort it belongs to and the last row's sort key plus id, so a page continues
exactly after the previous one however many rows are inserted meanwhile."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from rr_catalog.resources.domain import STATUSES, normalise_tags
from rr_catalog.validation import FieldErrors, fail_if
from rr_common.errors import InvalidCursor
from rr_common.pagination import clamp_limit, decode_cursor, encode_backward_cursor, encode_cursor, split_direction

QUERY_MAX = 200
WORDS_MAX = 10
ONLY_IDS_MAX = 1000
# id and status: sorts the replaced system offered (the gateway marks them deprecated).
SORTS = ("created", "name", "capacity", "id", "status")
ORDERS = ("asc", "desc")
SortKey = str | int | datetime
BAD_CURSOR = "The cursor is not valid; pass the next_cursor value of a previous page with the same sort."


@dataclass(frozen=True)
class ResourceFilters:
    words: tuple[str, ...] = ()
    status: str = ""
    tags_all: tuple[str, ...] = ()
    tags_any: tuple[str, ...] = ()
    capacity_min: int | None = None
    group_id: int = 0
    location: str = ""
    label_ids: tuple[int, ...] = ()
    only_ids: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ResourceQuery:
    filters: ResourceFilters
    sort_by: str
    descending: bool
    limit: int
    # Sort key and id of the cursor's row: the page is the rows after it (or, backward, before it).
    after: tuple[SortKey, int] | None
    include_total: bool = False
    backward: bool = False


def resource_query(
    *,
    limit: int,
    cursor: str,
    text: str = "",
    status: str = "",
    tags: Iterable[str] = (),
    tags_any: Iterable[str] = (),
    capacity_min: int | None = None,
    group_id: int = 0,
    location: str = "",
    label_ids: Iterable[int] = (),
    sort_by: str = "",
    sort_order: str = "",
    include_total: bool = False,
    only_ids: Iterable[int] | None = None,
) -> ResourceQuery:
    errors: FieldErrors = []
    text = text.strip()
    if len(text) > QUERY_MAX:
        errors.append({"loc": "query", "msg": f"The search text must be at most {QUERY_MAX} characters."})
    words = tuple(dict.fromkeys(w.lower() for w in text.split()))[:WORDS_MAX]
    status = status.strip().lower()
    if status and status not in STATUSES:
        errors.append({"loc": "status", "msg": f"Status must be one of: {', '.join(STATUSES)}."})
    if capacity_min is not None and capacity_min < 0:
        errors.append({"loc": "capacity_min", "msg": "capacity_min must be zero or more."})
    sort_by = sort_by.strip().lower() or "created"
    if sort_by not in SORTS:
        errors.append({"loc": "sort_by", "msg": f"sort_by must be one of: {', '.join(SORTS)}."})
    sort_order = sort_order.strip().lower() or "asc"
    if sort_order not in ORDERS:
        errors.append({"loc": "sort_order", "msg": "sort_order must be asc or desc."})
    location = location.strip()[:QUERY_MAX]
    ids = None if only_ids is None else tuple(only_ids)
    if ids is not None and len(ids) > ONLY_IDS_MAX:
        errors.append({"loc": "only_ids", "msg": f"Ask for at most {ONLY_IDS_MAX} ids at once."})
    filters = ResourceFilters(
        words=words,
        status=status,
        tags_all=tuple(normalise_tags(tags, errors)),
        tags_any=tuple(normalise_tags(tags_any, errors)),
        capacity_min=capacity_min,
        group_id=max(group_id, 0),
        location=location,
        label_ids=tuple(sorted(set(label_ids))),
        only_ids=ids,
    )
    fail_if(errors)
    key, backward = split_direction(decode_cursor(cursor)) if cursor else ([], False)
    return ResourceQuery(
        filters=filters,
        sort_by=sort_by,
        descending=sort_order == "desc",
        limit=clamp_limit(limit),
        after=cursor_key(key, sort_by, sort_order) if cursor else None,
        include_total=include_total,
        backward=backward,
    )


def cursor_key(key: list[object], sort_by: str, sort_order: str) -> tuple[SortKey, int]:
    if len(key) != 4 or key[0] != sort_by or key[1] != sort_order or type(key[3]) is not int:
        raise InvalidCursor(BAD_CURSOR)
    value = key[2]
    if sort_by == "created":
        try:
            return datetime.fromisoformat(str(value)), key[3]
        except ValueError as exc:
            raise InvalidCursor(BAD_CURSOR) from exc
    expected = str if sort_by in ("name", "status") else int
    if type(value) is not expected:
        raise InvalidCursor(BAD_CURSOR)
    return value, key[3]


def next_cursor(query: ResourceQuery, key: SortKey, row_id: int) -> str:
    return encode_cursor(_cursor_fields(query, key, row_id))


def prev_cursor(query: ResourceQuery, key: SortKey, row_id: int) -> str:
    return encode_backward_cursor(_cursor_fields(query, key, row_id))


def _cursor_fields(query: ResourceQuery, key: SortKey, row_id: int) -> list[object]:
    value = key.isoformat() if isinstance(key, datetime) else key
    return [query.sort_by, "desc" if query.descending else "asc", value, row_id]
