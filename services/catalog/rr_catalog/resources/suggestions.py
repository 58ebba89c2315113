"""Autocomplete: names, tags, locations and groups that start with what the user typed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog.resources.repository import SuggestionRepository

PREFIX_MAX = 100


@dataclass(frozen=True)
class Suggestion:
    kind: str
    text: str
    id: int = 0


class SuggestionService:
    async def suggest(self, session: AsyncSession, prefix: str, limit: int) -> list[Suggestion]:
        """Resource names first, then tags, locations and groups; each by the indexed prefix."""
        prefix = prefix.strip().lower()[:PREFIX_MAX]
        if not prefix:
            return []
        repo = SuggestionRepository(session)
        found = [Suggestion("resource", name, resource_id) for resource_id, name in await repo.names(prefix, limit)]
        found += [Suggestion("tag", value) for value in await repo.tags(prefix, limit)]
        found += [Suggestion("location", value) for value in await repo.locations(prefix, limit)]
        found += [Suggestion("group", name, group_id) for group_id, name in await repo.groups(prefix, limit)]
        return found
