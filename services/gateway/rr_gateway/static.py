"""Serve the built web app at / with SPA fallback: unknown non-API paths get index.html.

Vite names every file under assets/ by its content hash, so browsers may keep those for a year;
index.html (and the fallback) must be revalidated so a new release is picked up at once."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

HASHED_ASSETS = "assets/"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


class SinglePageApp(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or path.startswith(("api/", "ws", HASHED_ASSETS)):
                raise
            response = await super().get_response("index.html", scope)
            path = "index.html"
        response.headers["Cache-Control"] = IMMUTABLE if path.startswith(HASHED_ASSETS) else REVALIDATE
        return response


def static_app(directory: str) -> SinglePageApp | None:
    if directory and (Path(directory) / "index.html").is_file():
        return SinglePageApp(directory=directory, html=True)
    return None
