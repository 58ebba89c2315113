"""Option types and small parsers several command groups share."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
Output = Annotated[str | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")]


class SortOrder(StrEnum):
    asc = "asc"
    desc = "desc"


class ResourceStatus(StrEnum):
    available = "available"
    unavailable = "unavailable"
    maintenance = "maintenance"


Order = Annotated[SortOrder | None, typer.Option("--order", help="Sort direction.")]


def split_values(values: list[str] | None) -> list[str]:
    """``--tag a --tag b,c`` -> ``["a", "b", "c"]``."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def key_values(pairs: list[str] | None, option: str) -> dict[str, str]:
    """``--rule min_duration_minutes=30`` -> ``{"min_duration_minutes": "30"}``."""
    out: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"'{pair}' is not KEY=VALUE.", param_hint=option)
        out[key.strip()] = value.strip()
    return out


def typed(value: str) -> Any:
    """A KEY=VALUE value as JSON would carry it: numbers, booleans and null, otherwise text."""
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("null", "none"):
        return None
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            continue
    return value


def int_rules(pairs: list[str] | None, option: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, value in key_values(pairs, option).items():
        try:
            out[key] = int(value)
        except ValueError:
            raise typer.BadParameter(
                f"{key} must be a whole number of minutes or days, not '{value}'.", param_hint=option
            ) from None
    return out
