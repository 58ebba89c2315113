"""What a valid resource is: every field of a create or an update, checked at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rr_catalog.validation import FieldErrors, check_text, fail_if, is_time_zone
from rr_common.bookability.rules import Rules

AVAILABLE, UNAVAILABLE, MAINTENANCE = "available", "unavailable", "maintenance"
STATUSES = (AVAILABLE, UNAVAILABLE, MAINTENANCE)
NAME_MAX = 200
DESCRIPTION_MAX = 5000
LOCATION_MAX = 200
TAG_MAX = 50
TAGS_MAX = 50
ATTRIBUTES_MAX = 50
ATTRIBUTE_KEY_MAX = 50
ATTRIBUTE_VALUE_MAX = 500
LABELS_MAX = 50
WRITABLE = (
    "name",
    "description",
    "location",
    "capacity",
    "tags",
    "timezone",
    "available",
    "requires_approval",
    "group_id",
    "rules",
    "attributes",
    "label_ids",
)


@dataclass(frozen=True)
class ResourceSpec:
    """Every writable field of a resource, validated and normalised."""

    name: str
    description: str = ""
    location: str = ""
    capacity: int | None = None
    tags: list[str] = field(default_factory=list)
    timezone: str = "UTC"
    available: bool = True
    requires_approval: bool = False
    group_id: int | None = None
    rules: Rules = field(default_factory=Rules)
    attributes: dict[str, str] = field(default_factory=dict)
    label_ids: list[int] = field(default_factory=list)


def resource_spec(spec: ResourceSpec, rules_errors: FieldErrors | None = None) -> ResourceSpec:
    """Validate and normalise; raises InvalidInput listing every problem (plus `rules_errors`)."""
    errors: FieldErrors = list(rules_errors or [])
    name = spec.name.strip()
    if not 1 <= len(name) <= NAME_MAX:
        errors.append({"loc": "name", "msg": f"Name must be 1-{NAME_MAX} characters (after trimming spaces)."})
    description = check_text(errors, "description", spec.description, DESCRIPTION_MAX, "Description")
    location = check_text(errors, "location", spec.location, LOCATION_MAX, "Location")
    if spec.capacity is not None and spec.capacity < 0:
        errors.append({"loc": "capacity", "msg": "Capacity must be zero or more."})
    timezone = spec.timezone.strip() or "UTC"
    if not is_time_zone(timezone):
        errors.append(
            {"loc": "timezone", "msg": f"'{timezone}' is not an IANA time zone such as 'Europe/Berlin' or 'UTC'."}
        )
    tags = normalise_tags(spec.tags, errors)
    attributes = checked_attributes(spec.attributes, errors)
    if len(set(spec.label_ids)) > LABELS_MAX:
        errors.append({"loc": "label_ids", "msg": f"A resource can have at most {LABELS_MAX} labels."})
    if spec.group_id is not None and spec.group_id <= 0:
        errors.append({"loc": "group_id", "msg": "group_id must be a positive group id."})
    fail_if(errors)
    return ResourceSpec(
        name=name,
        description=description,
        location=location,
        capacity=spec.capacity,
        tags=tags,
        timezone=timezone,
        available=spec.available,
        requires_approval=spec.requires_approval,
        group_id=spec.group_id,
        rules=spec.rules,
        attributes=attributes,
        label_ids=sorted(set(spec.label_ids)),
    )


def normalise_tags(tags: Iterable[str], errors: FieldErrors) -> list[str]:
    """Trimmed, empty ones dropped, duplicates (ignoring case) removed, first spelling kept."""
    seen: set[str] = set()
    clean: list[str] = []
    for raw in tags:
        tag = raw.strip()
        if not tag or tag.casefold() in seen:
            continue
        if len(tag) > TAG_MAX:
            errors.append({"loc": "tags", "msg": f"Tag '{tag[:20]}...' is longer than {TAG_MAX} characters."})
            continue
        seen.add(tag.casefold())
        clean.append(tag)
    if len(clean) > TAGS_MAX:
        errors.append({"loc": "tags", "msg": f"A resource can have at most {TAGS_MAX} tags."})
    return clean


def checked_attributes(attributes: Mapping[str, str], errors: FieldErrors) -> dict[str, str]:
    clean = {key.strip(): value for key, value in attributes.items()}
    if len(clean) > ATTRIBUTES_MAX:
        errors.append({"loc": "attributes", "msg": f"A resource can have at most {ATTRIBUTES_MAX} attributes."})
    if any(not 1 <= len(key) <= ATTRIBUTE_KEY_MAX for key in clean):
        errors.append({"loc": "attributes", "msg": f"Attribute names must be 1-{ATTRIBUTE_KEY_MAX} characters."})
    if any(len(value) > ATTRIBUTE_VALUE_MAX for value in clean.values()):
        errors.append(
            {"loc": "attributes", "msg": f"Attribute values must be at most {ATTRIBUTE_VALUE_MAX} characters."}
        )
    return clean


def search_text(name: str, description: str, tags: Iterable[str], location: str) -> str:
    """What free-text search looks in, lower-cased once on write."""
    return " ".join((name, description, " ".join(tags), location)).lower()
