"""Errors the CLI reports as one line on stderr (exit code 1), and how API errors read."""

from __future__ import annotations

from typing import Any

NO_ROUTE_DETAIL = "There is nothing at this address."


class CliError(Exception):
    """A failure the user can act on; its message is printed as is."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ApiError(CliError):
    """The server refused a request: status, stable ``code`` and the full JSON body."""

    def __init__(self, status: int, message: str, code: str, body: dict[str, Any]) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.body = body


def _loc(loc: Any) -> str:
    parts = [str(p) for p in loc] if isinstance(loc, list | tuple) else [str(loc)]
    while parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    return ".".join(parts)


def _validation_items(items: list[Any]) -> str:
    out = []
    for item in items:
        if isinstance(item, dict):
            where = _loc(item.get("loc", ""))
            msg = str(item.get("msg", "")).strip()
            out.append(f"{where}: {msg}" if where else msg)
        else:
            out.append(str(item))
    return "; ".join(out)


def describe(status: int, body: dict[str, Any], method: str, path: str, reason: str) -> str:
    """One sentence that says what went wrong, from the answer's ``detail``, ``errors`` and extras."""
    detail = body.get("detail")
    code = str(body.get("code") or "")
    if status == 404 and detail == NO_ROUTE_DETAIL:
        return f"This server does not offer {method} {path} (404: {NO_ROUTE_DETAIL}); it may be older than this CLI."
    if isinstance(detail, list):
        text = "The request was not accepted: " + _validation_items(detail)
    elif isinstance(detail, str) and detail.strip():
        text = detail.strip()
    else:
        text = f"The server answered {status} {reason}".strip() + "."
    errors = body.get("errors")
    if (
        code in ("weak_password", "validation_failed")
        and isinstance(errors, list)
        and errors
        and not isinstance(detail, list)
    ):
        text = "Not accepted: " + _validation_items(errors)
    retry_after = body.get("retry_after")
    if retry_after is not None and "try again" not in text.lower():
        text += f" Try again in {retry_after} seconds."
    return text
