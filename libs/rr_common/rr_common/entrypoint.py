"""The `python -m rr_<name> [serve|migrate]` command line every service shares."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from rr_common.migrations import upgrade_head


def run_cli(
    name: str,
    package: str,
    database_url: Callable[[], str],
    serve: Callable[[], Coroutine[Any, Any, None]],
    argv: list[str] | None = None,
) -> None:
    parser = argparse.ArgumentParser(prog=f"rr-{name}", description=f"Resource Reserver {name} service")
    parser.add_argument(
        "command",
        nargs="?",
        default="serve",
        choices=["serve", "migrate"],
        help="serve: run the gRPC service (default); migrate: apply database migrations and exit",
    )
    args = parser.parse_args(argv)
    if args.command == "migrate":
        upgrade_head(package, database_url())
    else:
        asyncio.run(serve())
