"""Help texts: every command ends its --help with examples."""

from __future__ import annotations

from rich.markup import escape


def examples(*lines: str) -> str:
    """An epilog listing one example per line (Typer's rich help keeps single line breaks)."""
    return "Examples:\n" + "\n".join(f"  $ {escape(line)}" for line in lines)
