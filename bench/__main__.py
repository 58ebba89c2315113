"""`make bench`: start a stack, run every scenario, print one JSON summary and a readable table.

    python -m bench [--resources N] [--json-only]

Load stays on loopback and every loop is bounded in count and time."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

from bench import ceilings, scenarios
from bench.harness import started_stack


def _ratio(ours: float, ceiling: float) -> float:
    return round(ours / ceiling, 3) if ceiling else 0.0


async def run(resources: int) -> dict[str, Any]:
    summary: dict[str, Any] = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    with started_stack() as bench:
        summary["ceilings"] = await ceilings.measure(bench)
        summary["auth"] = await scenarios.auth(bench)
        summary["booking"] = await scenarios.reservations(bench, resources)
        summary["rss_mb"] = bench.rss_mb()
    ceiling = summary["ceilings"]
    booking = summary["booking"]
    summary["ratios"] = {
        "create_c16_vs_postgres_insert": _ratio(booking["create_c16"]["per_second"], ceiling["postgres_constrained_insert"]["per_second"]),
        "read_c16_vs_bare_http": _ratio(booking["read_endpoint_c16"]["per_second"], ceiling["http_live_endpoint"]["per_second"]),
        "gateway_overhead_p50_ms": round(booking["read_endpoint_sequential"]["p50_ms"] - ceiling["grpc_health_check"]["p50_ms"], 2),
    }
    return summary


def table(summary: dict[str, Any]) -> str:
    rows = []
    for section in ("ceilings", "auth", "booking"):
        for name, value in summary[section].items():
            if isinstance(value, dict):
                rows.append(f"{section + '.' + name:<45} " + "  ".join(f"{k}={v}" for k, v in value.items()))
            else:
                rows.append(f"{section + '.' + name:<45} {value}")
    rows += [f"{'ratios.' + k:<45} {v}" for k, v in summary["ratios"].items()]
    rows.append(f"{'rss_mb':<45} {summary['rss_mb']}")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--resources", type=int, default=1000, help="resources to seed (default 1000)")
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args()
    summary = asyncio.run(run(args.resources))
    if not args.json_only:
        print(table(summary), file=sys.stderr)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
