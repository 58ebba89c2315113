"""What a bookability snapshot is made of (pure data: mapping.snapshot_pb renders it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rr_catalog.models import BlackoutDate, Resource


@dataclass(frozen=True)
class Snapshot:
    """A resource (deleted or not) with the calendar parts its effective calendar is made of:
    its own blackouts, and the site's hours key and blackouts (see hours/effective.py)."""

    resource: Resource
    blackouts: Sequence[BlackoutDate]
    site_hours_key: str
    site_blackouts: Sequence[BlackoutDate]
