"""CSV import rules: the header, and each row turned into a resource to stage or a reason why not.

The original format is `name,tags,available` (tags split on ';' or ',', available true/false);
description, location, capacity, group (id or path 'Site / Building') and timezone may follow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rr_catalog.resources.domain import (
    AVAILABLE,
    DESCRIPTION_MAX,
    LOCATION_MAX,
    NAME_MAX,
    UNAVAILABLE,
    normalise_tags,
    search_text,
)
from rr_catalog.validation import FieldErrors, is_time_zone
from rr_common.errors import InvalidCsvHeader, ValidationFailed

REQUIRED = ("name", "tags", "available")
OPTIONAL = ("description", "location", "capacity", "group", "timezone")
MODES = ("create", "upsert")
# Rows one AddImportRows call may send; a streamed file is staged in batches of as many.
ROWS_PER_CALL = 5000
TRUE = {"true", "yes", "y", "1", "t"}
FALSE = {"false", "no", "n", "0", "f"}
# Staged row: the import_rows columns after import_id and line.
Staged = tuple[str, str, str, int | None, list[str], str, int | None, str, str, str | None]


@dataclass(frozen=True)
class ImportOptions:
    """What the uploader chose; the plan adds the file's header once it is read."""

    mode: str = "create"
    dry_run: bool = False
    partial: bool = False


@dataclass(frozen=True)
class ImportPlan:
    mode: str
    dry_run: bool
    partial: bool
    columns: list[str]


def import_plan(mode: str, dry_run: bool, partial: bool, columns: Sequence[str]) -> ImportPlan:
    mode = mode.strip().lower() or "create"
    if mode not in MODES:
        raise ValidationFailed("mode must be create or upsert.")
    clean = [c.strip().lower() for c in columns]
    missing = [c for c in REQUIRED if c not in clean]
    unknown = [c for c in clean if c not in REQUIRED + OPTIONAL]
    repeated = sorted({c for c in clean if clean.count(c) > 1})
    problems = []
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown column(s): {', '.join(repr(c[:40]) for c in unknown[:10])}")
    if repeated:
        problems.append(f"repeated column(s): {', '.join(repeated)}")
    if problems:
        raise InvalidCsvHeader(
            f"The CSV header is not valid ({'; '.join(problems)}). It needs {', '.join(REQUIRED)}"
            f" and may add {', '.join(OPTIONAL)}."
        )
    return ImportPlan(mode, dry_run, partial, clean)


def group_lookup(groups: Sequence[tuple[int, str]]) -> dict[str, int]:
    """Keys a group can be named by in a file: its id, and its path of names ('HQ/Floor 2')."""
    lookup = {str(group_id): group_id for group_id, _ in groups}
    lookup.update({path.lower(): group_id for group_id, path in groups})
    return lookup


def stage_row(columns: Sequence[str], cells: Sequence[str], groups: Mapping[str, int]) -> Staged:
    """A validated row ready for the staging table, or one carrying the reasons it was refused."""
    if len(cells) != len(columns):
        return _refused(f"The row has {len(cells)} cells; the header has {len(columns)}.")
    row = dict(zip(columns, cells, strict=True))
    errors: FieldErrors = []
    name = row["name"].strip()
    if not 1 <= len(name) <= NAME_MAX:
        errors.append({"loc": "name", "msg": f"name must be 1-{NAME_MAX} characters"})
    tags = normalise_tags(row["tags"].replace(";", ",").split(","), errors)
    status = _status(row["available"], errors)
    description = row.get("description", "").strip()
    if len(description) > DESCRIPTION_MAX:
        errors.append({"loc": "description", "msg": f"description must be at most {DESCRIPTION_MAX} characters"})
    location = row.get("location", "").strip()
    if len(location) > LOCATION_MAX:
        errors.append({"loc": "location", "msg": f"location must be at most {LOCATION_MAX} characters"})
    capacity = _capacity(row.get("capacity", ""), errors)
    timezone = row.get("timezone", "").strip() or "UTC"
    if not is_time_zone(timezone):
        errors.append({"loc": "timezone", "msg": f"'{timezone[:64]}' is not an IANA time zone"})
    group_id = _group(row.get("group", ""), groups, errors)
    if errors:
        reasons = "; ".join(e["msg"] for e in errors)
        return _refused(reasons[0].upper() + reasons[1:] + ".")
    text = search_text(name, description, tags, location)
    return (name, description, location, capacity, tags, status, group_id, timezone, text, None)


def _refused(reason: str) -> Staged:
    return ("", "", "", None, [], AVAILABLE, None, "UTC", "", reason)


def _status(raw: str, errors: FieldErrors) -> str:
    value = raw.strip().lower()
    if value in TRUE or not value:
        return AVAILABLE
    if value in FALSE:
        return UNAVAILABLE
    errors.append({"loc": "available", "msg": f"available must be true or false, not '{raw.strip()[:20]}'"})
    return AVAILABLE


def _capacity(raw: str, errors: FieldErrors) -> int | None:
    value = raw.strip()
    if not value:
        return None
    if not value.lstrip("-").isdigit() or len(value) > 9:
        errors.append({"loc": "capacity", "msg": f"capacity must be a whole number, not '{value[:20]}'"})
        return None
    if int(value) < 0:
        errors.append({"loc": "capacity", "msg": "capacity must be zero or more"})
        return None
    return int(value)


def _group(raw: str, groups: Mapping[str, int], errors: FieldErrors) -> int | None:
    value = "/".join(part.strip() for part in raw.split("/")).strip().lower()
    if not value:
        return None
    if value not in groups:
        errors.append({"loc": "group", "msg": f"group '{raw.strip()[:60]}' does not exist"})
        return None
    return groups[value]
