"""Route families mounted so a request only searches the family its path belongs to.

FastAPI keeps each included router as a subtree and, on every request, walks the subtrees in
order until a route matches, without looking at their prefixes first (fastapi/fastapi#16159).
With the API's 140 routes that walk was most of the gateway's own CPU per request: about 2 µs
per route passed over, so a late route or `/live` paid for every route before it."""

from __future__ import annotations

from typing import Any, cast

from fastapi import APIRouter, FastAPI
from starlette.routing import Match
from starlette.types import Scope


def _route_path(scope: Scope) -> str:
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


class FamilyGate(APIRouter):
    """A family of routes included under `prefix`. A path that starts with none of its routes'
    literal beginnings (each route's path up to its first parameter) cannot match any of them, so
    the gate answers "no match" without searching the family."""

    def __init__(self, family: APIRouter, prefix: str) -> None:
        super().__init__(prefix=prefix)
        self.include_router(family)
        # The one inclusion above is an `_IncludedRouter`, which resolves every route's full path.
        paths = [
            context.path_format
            for included in self.routes
            for context in cast(Any, included).effective_route_contexts()
        ]
        self.literal_prefixes = tuple(sorted({path.split("{", 1)[0] for path in paths}))

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if not _route_path(scope).startswith(self.literal_prefixes):
            return Match.NONE, {}
        return super().matches(scope)


def include_families(app: FastAPI, families: list[APIRouter], prefix: str) -> None:
    """Include each family under `prefix`, in order, behind its own gate."""
    for family in families:
        app.include_router(FamilyGate(family, prefix))
