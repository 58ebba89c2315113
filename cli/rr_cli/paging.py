"""Cursor pages: the shared options and ``--all`` (follows cursors, asks before a large fetch)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from rr_cli.prompts import confirm
from rr_cli.state import AppState

PAGE_MAX = 100

Limit = Annotated[int, typer.Option("--limit", min=1, max=PAGE_MAX, help="Items per page (1-100).")]
Cursor = Annotated[
    str | None, typer.Option("--cursor", help="Continue where the previous page ended (it prints the cursor).")
]
All = Annotated[bool, typer.Option("--all", help="Follow the cursors and fetch every page.")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
Order = Annotated[str | None, typer.Option("--order", help="asc or desc.", case_sensitive=False)]


@dataclass(frozen=True)
class Paging:
    limit: int = 20
    cursor: str | None = None
    all: bool = False
    yes: bool = False


def fetch(state: AppState, path: str, params: dict[str, Any], paging: Paging, noun: str = "items") -> dict[str, Any]:
    """One page, or with ``--all`` every page merged into one (``has_more`` false)."""
    client = state.client
    if not paging.all:
        return as_page(client.get(path, {**params, "limit": paging.limit, "cursor": paging.cursor}))
    threshold = int(state.config.get("all_threshold"))
    items: list[Any] = []
    cursor, total, asked = paging.cursor, None, paging.yes
    while True:
        page = as_page(client.get(path, {**params, "limit": PAGE_MAX, "cursor": cursor}))
        total = page.get("total_count") if total is None else total
        items.extend(page.get("data") or [])
        cursor = page.get("next_cursor")
        if not page.get("has_more") or not cursor:
            break
        if not asked and total is not None and total > threshold:
            confirm(f"Fetch all {total} {noun} ({math.ceil(total / PAGE_MAX)} requests)?", False)
            asked = True
        elif not asked and total is None and len(items) >= threshold:
            confirm(f"More than {len(items)} {noun} so far; keep fetching every page?", False)
            asked = True
    return {
        "data": items,
        "next_cursor": None,
        "prev_cursor": None,
        "has_more": False,
        "total_count": total if total is not None else len(items),
    }


def as_page(answer: Any) -> dict[str, Any]:
    """A plain list (an endpoint without pages) in the page shape, so output stays uniform."""
    if isinstance(answer, dict) and isinstance(answer.get("data"), list):
        return answer
    items = answer if isinstance(answer, list) else [answer]
    return {"data": items, "next_cursor": None, "prev_cursor": None, "has_more": False, "total_count": len(items)}
