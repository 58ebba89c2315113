"""Which resource and when, from the old CLI's positional form ``RESOURCE_ID START END-OR-DURATION``
(``12 "2030-01-15 09:00" 2h``) or from ``--resource``, ``--start``, ``--end`` and ``--duration``;
both spellings may be mixed as long as each value is given once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

import typer

from rr_cli.timefmt import DURATION, parse_when, time_range

DATE_WORD = re.compile(r"^(\d{4}-\d{2}-\d{2}|today|tomorrow|yesterday)$", re.IGNORECASE)
CLOCK = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})$")
METAVAR = "RESOURCE_ID START END|DURATION"

Words = Annotated[
    list[str] | None,
    typer.Argument(
        metavar=METAVAR,
        show_default=False,
        help="The resource's id, when it starts and when it ends or how long, e.g. 12 '2030-01-15 09:00' 2h "
        "(or use --resource, --start, --end, --duration).",
    ),
]
ResourceOpt = Annotated[
    int | None, typer.Option("--resource", min=1, help="The resource's id (instead of RESOURCE_ID).")
]


@dataclass(frozen=True)
class Slot:
    resource_id: int
    start: str  # RFC 3339 with an offset
    end: str


def join_split_times(words: list[str]) -> list[str]:
    """``2030-01-15 09:00`` typed without quotes arrives as two words: make it one again."""
    joined: list[str] = []
    for word in words:
        if joined and CLOCK.match(word) and DATE_WORD.match(joined[-1]):
            joined[-1] = f"{joined[-1]} {word}"
        else:
            joined.append(word)
    return joined


def resolve_slot(
    words: list[str] | None,
    resource: int | None,
    start: str | None,
    end: str | None,
    duration: str | None,
) -> Slot:
    rest = join_split_times(list(words or []))
    if rest and rest[0].isdigit():
        if resource is not None:
            raise typer.BadParameter(
                "Give the resource once: as RESOURCE_ID or as --resource, not both.", param_hint="--resource"
            )
        resource = _resource_id(rest.pop(0))
    if resource is None:
        hint = f"'{rest[0]}' is not a resource id. " if rest else ""
        raise typer.BadParameter(
            f"{hint}Say which resource: its id first (e.g. 12 '2030-01-15 09:00' 2h) or --resource ID.",
            param_hint="RESOURCE_ID",
        )
    start_name = "--start"
    if rest:
        if start is not None:
            raise typer.BadParameter("Give the start once: as START or as --start, not both.", param_hint="--start")
        start, start_name = rest.pop(0), "START"
    if rest:
        if end is not None or duration is not None:
            raise typer.BadParameter(
                "Give the end once: as END|DURATION or as --end/--duration, not both.", param_hint="--end"
            )
        end, duration = _end_or_duration(rest.pop(0), start or "")
    if rest:
        raise typer.BadParameter(
            f"Unexpected '{' '.join(rest)}': the positional form is RESOURCE_ID START END|DURATION; quote a start with a space in it.",
            param_hint=METAVAR,
        )
    if start is None:
        raise typer.BadParameter("Say when it starts: START after the resource id, or --start.", param_hint="--start")
    begin, finish = time_range(start, end, duration, start_name)
    return Slot(resource, begin, finish)


def _resource_id(word: str) -> int:
    number = int(word)
    if number < 1:
        raise typer.BadParameter(f"'{word}' is not a resource id; ids start at 1.", param_hint="RESOURCE_ID")
    return number


def _end_or_duration(word: str, start: str) -> tuple[str | None, str | None]:
    """``2h``/``90m``/``1h30m`` is a duration, ``10:30`` a time on the start's day, anything else an end time."""
    text = word.strip().lower()
    if text and DURATION.match(text):
        return None, word
    clock = CLOCK.match(text)
    if clock and start:
        if int(clock["h"]) > 23 or int(clock["m"]) > 59:
            raise typer.BadParameter(f"'{word}' is not a time of day; use HH:MM from 00:00 to 23:59.", param_hint="END")
        begin = parse_when(start, "START")
        return begin.replace(hour=int(clock["h"]), minute=int(clock["m"]), second=0, microsecond=0).isoformat(), None
    return word, None
