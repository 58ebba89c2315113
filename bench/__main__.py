"""`make bench`: start one stack, seed it, run every scenario, print one JSON summary (stdout) and a
readable table (stderr).

    python -m bench [--resources N] [--users N] [--reservations N] [--ws-clients N] [--csv-rows N]
                    [--only SCENARIO,...] [--json-only]

Load stays on loopback; every loop is bounded in count and time. Scenarios, in run order:
ceilings, auth, create, contention, series, my_reservations, search, availability, reads,
gateway_overhead, overload, offer, ws_fanout, csv_import. Seeding (resources, users; reservations when a
scenario reads them) always happens. See bench/README.md for what each figure means."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from bench import booking_load, catalog, ceilings, harness, live_ws, offer_latency, overload, report, scenarios, seed
from bench.harness import Bench, say, started_stack

SCENARIOS = (
    "ceilings",
    "auth",
    "create",
    "contention",
    "series",
    "my_reservations",
    "search",
    "availability",
    "reads",
    "gateway_overhead",
    "overload",
    "offer",
    "ws_fanout",
    "csv_import",
)
NEEDS_FILL = {"my_reservations", "availability"}
SIGNED_IN_USERS = 32


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    selected = [s for s in SCENARIOS if s in args.only]
    summary: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(terse=True),
        },
        "options": {k: (sorted(v) if isinstance(v, set) else v) for k, v in vars(args).items() if k != "logs"},
        "load_average": {"start": _load()},
    }
    results: dict[str, Any] = {}
    began = time.perf_counter()

    async def step(name: str, work: Callable[[], Awaitable[dict[str, Any]]]) -> None:
        if name not in selected:
            return
        started = time.perf_counter()
        try:
            results[name] = await work()
        except Exception as exc:  # noqa: BLE001 - one broken scenario must not hide the others' figures
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
            say(f"{name} failed: {results[name]['error']}")
        results[name]["seconds"] = round(time.perf_counter() - started, 1)

    say("starting the stack (PostgreSQL, NATS, Redis, five services, gateway)")
    with started_stack(args.logs, args.env) as bench:
        summary["stack_start_seconds"] = round(time.perf_counter() - began, 1)
        summary["stack_settled"] = await bench.settle()
        await step("ceilings", lambda: ceilings.measure(bench))
        limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
        async with httpx.AsyncClient(base_url=bench.url, timeout=60, limits=limits) as http:
            seeded = await seed.everything(
                bench, http, args.resources, args.users, 2 * args.offer_rounds, SIGNED_IN_USERS
            )
            say("waiting for the stack to go idle after seeding")
            seeded.info["settled"] = await bench.settle()
            await _scenarios(bench, http, seeded, args, step, selected)
            summary["seed"] = seeded.info
        summary["rss_peak_mb"] = bench.rss_peak_mb()
        summary["load_average"]["during"] = bench.watch.load_during() if bench.watch else {}
    summary["load_average"]["end"] = _load()
    summary["seconds"] = round(time.perf_counter() - began, 1)
    summary["results"] = results
    summary["ratios"] = report.ratios(summary)
    summary["targets"] = report.targets(summary)
    return summary


async def _scenarios(
    bench: Bench,
    http: httpx.AsyncClient,
    seeded: seed.Seeded,
    args: argparse.Namespace,
    step: Callable[[str, Callable[[], Awaitable[dict[str, Any]]]], Awaitable[None]],
    selected: list[str],
) -> None:
    await step("auth", lambda: scenarios.auth(bench, http, seeded))
    await step("create", lambda: booking_load.create(bench, seeded, total=args.create_requests))
    await step("contention", lambda: booking_load.contention(bench, seeded))
    await step("series", lambda: booking_load.series(bench, seeded))
    if NEEDS_FILL & set(selected):
        special = set(seeded.special)
        reserved = set(seeded.reserved_users)
        seeded.info["reservations"] = await seed.reservations(
            bench,
            args.reservations,
            [r for r in seeded.resource_ids if r not in special],
            [u for u in seeded.users if u not in reserved],
        )
        seeded.info["reservations"]["settled"] = await bench.settle()
    await step("my_reservations", lambda: booking_load.my_reservations(bench, seeded))
    await step("search", lambda: catalog.search(bench, seeded))
    await step("availability", lambda: catalog.availability(bench, seeded))
    await step("reads", lambda: scenarios.reads(bench, seeded))
    await step("gateway_overhead", lambda: scenarios.gateway_overhead(bench, seeded))
    await step("overload", lambda: overload.overload(bench, seeded))
    await step("offer", lambda: offer_latency.measure(bench, http, seeded, args.offer_rounds))
    await step("ws_fanout", lambda: live_ws.measure(bench, seeded, args.ws_clients))
    await step("csv_import", lambda: catalog.csv_import(bench, http, seeded, args.csv_rows))


def _only(value: str) -> set[str]:
    names = {part.strip() for part in value.split(",") if part.strip()}
    unknown = names - set(SCENARIOS)
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown scenario(s) {', '.join(sorted(unknown))}; choose from {', '.join(SCENARIOS)}"
        )
    return names


def _unit_env(value: str) -> tuple[str, str, str]:
    unit, sep, assignment = value.partition(":")
    key, eq, setting = assignment.partition("=")
    if not (sep and eq and unit and key):
        raise argparse.ArgumentTypeError(f"{value!r}: write UNIT:KEY=VALUE, e.g. gateway:RR_GATEWAY_READ_CACHE=false")
    return unit, key, setting


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--resources", type=int, default=10_000, help="resources to seed (default 10000)")
    parser.add_argument("--users", type=int, default=1_000, help="users to seed (default 1000)")
    parser.add_argument(
        "--reservations",
        type=int,
        default=20_000,
        help="reservations to seed straight into booking's database (default 20000; 1000000 is the big option)",
    )
    parser.add_argument("--ws-clients", type=int, default=1_000, help="WebSocket clients of the fan-out (default 1000)")
    parser.add_argument("--csv-rows", type=int, default=100_000, help="rows of the CSV import (default 100000)")
    parser.add_argument(
        "--create-requests",
        type=int,
        default=booking_load.CREATE_TOTAL,
        help=f"create requests per concurrency (default {booking_load.CREATE_TOTAL}; each run also stops after {booking_load.CREATE_SECONDS:.0f} s)",
    )
    parser.add_argument("--offer-rounds", type=int, default=30, help="cancel -> offer rounds (default 30)")
    parser.add_argument(
        "--only", type=_only, default=set(SCENARIOS), help=f"comma-separated subset of: {', '.join(SCENARIOS)}"
    )
    parser.add_argument("--logs", type=Path, default=None, help="copy the stack's logs into this directory at the end")
    parser.add_argument("--json-only", action="store_true", help="print only the JSON summary (no table, no progress)")
    parser.add_argument(
        "--env",
        type=_unit_env,
        action="append",
        default=[],
        metavar="UNIT:KEY=VALUE",
        help="an extra variable for one unit of the stack, e.g. gateway:RR_GATEWAY_READ_CACHE=false (repeatable)",
    )
    args = parser.parse_args(argv)
    env: dict[str, dict[str, str]] = {}
    for unit, key, setting in args.env:
        env.setdefault(unit, {})[key] = setting
    args.env = env
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    harness.QUIET = args.json_only
    summary = asyncio.run(run(args))
    if not args.json_only:
        print(report.table(summary), file=sys.stderr)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
