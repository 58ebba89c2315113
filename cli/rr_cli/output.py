"""What commands print: rich tables for people, ``--json`` (the API's own shapes) for scripts,
``--quiet`` (ids only). Errors and warnings go to stderr; colour only on a terminal without
``NO_COLOR``."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from rr_cli.timefmt import looks_like_time, show_time

MAX_AUTO_COLUMNS = 8


class Mode(StrEnum):
    TABLE = "table"
    JSON = "json"
    QUIET = "quiet"


@dataclass(frozen=True)
class Column:
    header: str
    key: str | Callable[[dict[str, Any]], Any]
    style: str | None = None
    justify: str = "left"

    def cell(self, item: dict[str, Any]) -> Text:
        raw = self.key(item) if callable(self.key) else item.get(self.key)
        name = self.key if isinstance(self.key, str) else ""
        return Text(plain(raw, name), style=self.style or "")


def plain(value: Any, name: str = "") -> str:
    """A value as a table cell: times in local time, lists joined, nothing as '-'."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and looks_like_time(name, value):
        return show_time(value, keep_zone=name.endswith("_local"))
    if isinstance(value, list):
        return ", ".join(plain(v) for v in value) or "-"
    if isinstance(value, dict):
        return ", ".join(f"{k}={plain(v)}" for k, v in value.items()) or "-"
    return str(value)


def auto_columns(items: Sequence[dict[str, Any]]) -> list[Column]:
    """Columns for shapes this CLI has no layout for: the first item's scalar fields."""
    if not items:
        return []
    keys = [k for k, v in items[0].items() if not isinstance(v, dict | list)][:MAX_AUTO_COLUMNS]
    return [Column(k.replace("_", " ").title() if k != "id" else "ID", k) for k in keys]


class Output:
    def __init__(self, mode: Mode = Mode.TABLE) -> None:
        self.mode = mode
        # NO_COLOR (no-color.org): no escape codes at all; rich already stays plain off a terminal.
        plain = "NO_COLOR" in os.environ
        self.out = Console(color_system=None if plain else "auto", highlight=False)
        self.err = Console(stderr=True, color_system=None if plain else "auto", highlight=False)

    @property
    def is_table(self) -> bool:
        return self.mode is Mode.TABLE

    # -- raw channels ------------------------------------------------------------------------

    def emit_json(self, value: Any) -> None:
        self.out.file.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")
        self.out.file.flush()

    def line(self, text: str, style: str | None = None) -> None:
        """A human sentence on stdout (table mode only)."""
        if self.is_table:
            self.out.print(text, style=style, markup=False, highlight=False)

    def success(self, text: str) -> None:
        self.line(text, style="green")

    def hint(self, text: str) -> None:
        self.line(text, style="dim")

    def warn(self, text: str) -> None:
        if self.mode is not Mode.QUIET:
            self.err.print(f"Warning: {text}", style="yellow", markup=False, highlight=False)

    def error(self, text: str) -> None:
        self.err.print(f"Error: {text}", style="red", markup=False, highlight=False, soft_wrap=True)

    def ids(self, items: Iterable[dict[str, Any]], key: str = "id") -> None:
        for item in items:
            if item.get(key) is not None:
                self.out.file.write(f"{item[key]}\n")

    # -- shapes ------------------------------------------------------------------------------

    def table(
        self,
        items: Sequence[dict[str, Any]],
        columns: Sequence[Column] | None = None,
        title: str | None = None,
        stderr: bool = False,
    ) -> None:
        columns = list(columns or auto_columns(items))
        console = self.err if stderr else self.out
        if title:
            console.print(title, style="bold", markup=False, highlight=False)
        grid = Table(header_style="bold")
        for column in columns:
            grid.add_column(column.header, style=column.style, justify=column.justify)  # type: ignore[arg-type]
        for item in items:
            grid.add_row(*(column.cell(item) for column in columns))
        console.print(grid)

    def rows(
        self,
        items: Sequence[dict[str, Any]],
        columns: Sequence[Column] | None = None,
        *,
        title: str | None = None,
        empty: str = "Nothing found.",
        key: str = "id",
    ) -> None:
        if self.mode is Mode.JSON:
            self.emit_json(list(items))
        elif self.mode is Mode.QUIET:
            self.ids(items, key)
        elif not items:
            self.line(empty)
        else:
            self.table(items, columns, title)

    def page(
        self,
        page: dict[str, Any],
        columns: Sequence[Column] | None = None,
        *,
        noun: str = "items",
        title: str | None = None,
        key: str = "id",
    ) -> None:
        """A cursor page: the table, then "Showing X of Y" and how to get the next page."""
        items: list[dict[str, Any]] = list(page.get("data") or [])
        if self.mode is Mode.JSON:
            self.emit_json(page)
            return
        self.rows(items, columns, title=title, empty=f"No {noun} found.", key=key)
        if not self.is_table or not items:
            return
        total = page.get("total_count")
        self.hint(f"Showing {len(items)} of {total} {noun}." if total is not None else f"Showing {len(items)} {noun}.")
        if page.get("has_more") and page.get("next_cursor"):
            self.hint(f"More: add --cursor {page['next_cursor']} for the next page, or --all for everything.")

    def record(
        self,
        value: dict[str, Any],
        columns: Sequence[Column] | None = None,
        *,
        title: str | None = None,
        message: str | None = None,
        key: str = "id",
    ) -> None:
        """One object as field/value lines; ``--quiet`` prints its id."""
        if self.mode is Mode.JSON:
            self.emit_json(value)
            return
        if self.mode is Mode.QUIET:
            self.ids([value], key)
            return
        if message:
            self.success(message)
        if title:
            self.line(title, style="bold")
        grid = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
        grid.add_column(style="bold")
        grid.add_column()
        if columns is None:
            for name, raw in value.items():
                grid.add_row(Text(name.replace("_", " ")), Text(plain(raw, name)))
        else:
            for column in columns:
                grid.add_row(Text(column.header), column.cell(value))
        self.out.print(grid)

    def done(self, message: str, value: Any = None, ident: Any = None) -> None:
        """An action's outcome: the sentence, the API's answer for ``--json``, the id for ``--quiet``."""
        if self.mode is Mode.JSON:
            self.emit_json(value if value is not None else {"ok": True, "message": message})
        elif self.mode is Mode.QUIET:
            if ident is not None:
                self.out.file.write(f"{ident}\n")
        else:
            self.success(message)

    def auto(self, value: Any, *, noun: str = "items", title: str | None = None) -> None:
        """Any answer: a page, a list, an object or a scalar, shown as well as its shape allows."""
        if isinstance(value, dict) and isinstance(value.get("data"), list):
            self.page(value, noun=noun, title=title)
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            self.rows(value, title=title, empty=f"No {noun} found.")
        elif isinstance(value, dict):
            self.record(value, title=title)
        elif self.mode is Mode.JSON:
            self.emit_json(value)
        elif value is not None:
            self.line(str(value))
