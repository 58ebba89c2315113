"""Weekdays typed at the CLI: names (``mon``, ``wed``, ``friday``) or ISO 8601 numbers (1 = Monday ...
7 = Sunday). The API counts 0 = Monday; the old CLI's help promised 1 = Monday while its code read
0 as Monday, so ``1,3,5`` booked Tue/Thu/Sat. ``0`` is therefore refused instead of guessed."""

from __future__ import annotations

from collections.abc import Iterable

import typer

NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HELP = "names (mon,wed,fri or mon-fri) or ISO numbers 1 = Monday ... 7 = Sunday"
ZERO_REFUSED = (
    "'0' is not a weekday number: days are numbered 1 (Monday) to 7 (Sunday) as in ISO 8601, and 0 is refused "
    "because older tools read it as Monday or as Sunday; write names such as mon,wed,fri to be sure."
)


def parse_weekdays(text: str, option: str) -> list[int]:
    """``mon,wed,fri``, ``mon-fri``, ``1,3,5`` or ``1-5`` -> the API's day numbers (0 = Monday), sorted."""
    days: set[int] = set()
    for part in text.lower().split(","):
        first, sep, last = part.strip().partition("-")
        start = weekday(first, option)
        if not sep:
            days.add(start)
            continue
        end = weekday(last, option)
        if end < start:
            raise typer.BadParameter(
                f"'{part.strip()}' runs backwards; write it from Monday towards Sunday, e.g. mon-fri.",
                param_hint=option,
            )
        days.update(range(start, end + 1))
    return sorted(days)


def weekday(token: str, option: str) -> int:
    """One day as the API's number (0 = Monday)."""
    word = token.strip().lower()
    if word.isdigit():
        if int(word) == 0:
            raise typer.BadParameter(ZERO_REFUSED, param_hint=option)
        if 1 <= int(word) <= 7:
            return int(word) - 1
    elif len(word) >= 3:
        for index, name in enumerate(FULL_NAMES):
            if name.lower().startswith(word):
                return index
    raise typer.BadParameter(f"'{token.strip()}' is not a day; use {HELP}.", param_hint=option)


def day_names(days: Iterable[int]) -> str:
    """API day numbers as ``Monday, Wednesday, Friday``."""
    return ", ".join(FULL_NAMES[d] for d in days)
