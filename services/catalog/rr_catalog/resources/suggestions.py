"""Autocomplete: names, tags, locations and groups that start with what the user typed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog.models import Resource, ResourceGroup
from rr_catalog.resources.repository import LIVE, contains_pattern, escape_like, inline

PREFIX_MAX = 100


@dataclass(frozen=True)
class Suggestion:
    kind: str
    text: str
    id: int = 0


async def suggest(session: AsyncSession, prefix: str, limit: int) -> list[Suggestion]:
    """Resource names first, then tags, locations and groups; each by the indexed prefix."""
    prefix = prefix.strip().lower()[:PREFIX_MAX]
    if not prefix:
        return []
    starts = inline(escape_like(prefix) + "%")
    names = await session.execute(
        select(Resource.id, Resource.name)
        .where(LIVE, func.lower(Resource.name).like(starts))
        .order_by(func.lower(Resource.name), Resource.id)
        .limit(limit)
    )
    found = [Suggestion("resource", name, resource_id) for resource_id, name in names.all()]
    # The trigram index narrows rows to those containing the prefix before tags are unnested.
    tag = func.unnest(Resource.tags).table_valued("value").render_derived()
    tags = await session.execute(
        select(tag.c.value)
        .select_from(Resource)
        .join(tag, func.lower(tag.c.value).like(starts))
        .where(LIVE, Resource.search_text.like(contains_pattern(prefix)))
        .distinct()
        .order_by(tag.c.value)
        .limit(limit)
    )
    found += [Suggestion("tag", value) for (value,) in tags.all()]
    locations = await session.execute(
        select(Resource.location)
        .where(LIVE, Resource.search_text.like(contains_pattern(prefix)), Resource.location.ilike(starts))
        .distinct()
        .order_by(Resource.location)
        .limit(limit)
    )
    found += [Suggestion("location", value) for (value,) in locations.all()]
    groups = await session.execute(
        select(ResourceGroup.id, ResourceGroup.name)
        .where(func.lower(ResourceGroup.name).like(starts))
        .order_by(func.lower(ResourceGroup.name))
        .limit(limit)
    )
    found += [Suggestion("group", name, group_id) for group_id, name in groups.all()]
    return found
