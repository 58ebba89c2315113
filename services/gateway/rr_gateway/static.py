"""Serve the built web app at / with SPA fallback: unknown non-API paths get index.html."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope


class SinglePageApp(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or path.startswith(("api/", "ws")):
                raise
            return await super().get_response("index.html", scope)


def static_app(directory: str) -> SinglePageApp | None:
    if directory and (Path(directory) / "index.html").is_file():
        return SinglePageApp(directory=directory, html=True)
    return None
