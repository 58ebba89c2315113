"""`python -m rr_importer --old-db <sqlite path | postgresql URL> [--dry-run]`: what
`make import-old-system OLD_DB=...` and the Kubernetes Job run."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import grpc

from rr_common.errors import DomainError
from rr_importer.run import Importer
from rr_importer.source import open_old_database
from rr_importer.targets import TargetsMissing, resolve_targets


def say(line: str) -> None:
    print(line, flush=True)  # noqa: T201 - the command's own progress and report


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m rr_importer", description=__doc__)
    parser.add_argument(
        "--old-db",
        default=os.environ.get("OLD_DB", ""),
        help="the old system's SQLite file or postgresql:// URL (read only)",
    )
    parser.add_argument("--dry-run", action="store_true", help="report what would be imported; write nothing")
    parser.add_argument(
        "--report-dir",
        type=Path,
        default=None,
        help="where mapping.csv, mapping.json and report.json go (default .rr/import-report next to `make run`, else ./import-report)",
    )
    parser.add_argument(
        "--source-name",
        default="",
        help="name the old database (default: derived from its first accounts and resources)",
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="the dev stack's data folder (default .rr/)")
    return parser


def default_report_dir(data_dir: Path | None) -> Path:
    if configured := os.environ.get("RR_IMPORT_REPORT_DIR"):
        return Path(configured)
    dev = data_dir or Path(os.environ.get("RR_DATA_DIR") or ".rr")
    # Next to the dev stack's data (git-ignored), not in the working tree.
    return dev / "import-report" if dev.is_dir() else Path("import-report")


async def run(args: argparse.Namespace) -> int:
    targets = resolve_targets(data_dir=args.data_dir)
    source = await open_old_database(args.old_db)
    began = time.monotonic()
    try:
        report = await Importer(targets, args.dry_run, say, args.source_name).run(source)
    finally:
        await source.close()
    for line in report.lines():
        say(line)
    report.write(args.report_dir or default_report_dir(args.data_dir), say)
    say(f"Took {time.monotonic() - began:.1f} s.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.old_db:
        print(  # noqa: T201
            "Name the old database: --old-db <path to the SQLite file | postgresql://...> (or OLD_DB=...).",
            file=sys.stderr,
        )
        return 2
    try:
        return asyncio.run(run(args))
    except (TargetsMissing, FileNotFoundError) as exc:
        print(f"import-old-system: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    except (DomainError, grpc.aio.AioRpcError) as exc:
        print(f"import-old-system: the import stopped: {exc}. Run it again to resume.", file=sys.stderr)  # noqa: T201
        return 1
