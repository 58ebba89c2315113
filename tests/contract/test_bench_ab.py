"""bench.ab's pure parts: which options a baseline's bench accepts, and two sides' summaries
walked into rows with medians, spreads and ratios. (The driver itself starts stacks; it is
checked by running it, see bench/README.md.)"""

from __future__ import annotations

import argparse

import pytest

from bench import ab


def _help(scenarios: tuple[str, ...], with_env: bool) -> str:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run it.\n\n    python -m bench [--ghost N] [--only SCENARIO,...]",
    )
    parser.add_argument("--resources", type=int, default=10_000, help="resources to seed (default 10000)")
    parser.add_argument("--only", default="", help=f"comma-separated subset of: {', '.join(scenarios)}")
    parser.add_argument("--json-only", action="store_true", help="print only the JSON summary")
    if with_env:
        parser.add_argument("--env", action="append", metavar="UNIT:KEY=VALUE", help="an extra variable for one unit")
    return parser.format_help()


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


def test_options_and_scenarios_are_read_from_help(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")  # argparse wraps the scenario list over several lines
    options, scenarios = ab.options_from_help(_help(SCENARIOS, with_env=True))
    assert options == {"--help": False, "--resources": True, "--only": True, "--json-only": False, "--env": True}
    assert scenarios == set(SCENARIOS)  # and --ghost, in the description, is no option


def test_the_baseline_gets_only_what_it_accepts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    current, _ = ab.options_from_help(_help(SCENARIOS, with_env=True))
    pairs = ab.split_options(
        ["--only=reads,overload", "--resources", "200", "--env", "gateway:X=1", "--json-only"], current
    )
    assert pairs == [
        ("--only", "reads,overload"),
        ("--resources", "200"),
        ("--env", "gateway:X=1"),
        ("--json-only", None),
    ]
    old = tuple(s for s in SCENARIOS if s != "overload")
    argv, dropped = ab.for_side(pairs, *ab.options_from_help(_help(old, with_env=False)))
    assert argv == ["--only", "reads", "--resources", "200", "--json-only"]
    assert dropped == ["scenario overload", "--env gateway:X=1"]
    with pytest.raises(SystemExit):
        ab.split_options(["--resourcez", "200"], current)  # a typo stops the run instead of being dropped
    with pytest.raises(SystemExit):
        ab.for_side([("--only", "overload")], *ab.options_from_help(_help(old, with_env=False)))


def _summary(rate: float, p99: float, cpu: float, overhead: float | None = None) -> dict[str, object]:
    results: dict[str, object] = {
        "reads": {
            "resource_by_id_c16": {
                "count": 4000,
                "per_second": rate,
                "p50_ms": 10.0,
                "p95_ms": 20.0,
                "p99_ms": p99,
                "max_ms": 99.0,
                "failures": 0,
                "answers": {"200": 4000},
                "server_cpu_ms": {"catalog": cpu / 2, "gateway": cpu / 2, "total": cpu, "cpu_bound_per_s": 2000 / cpu},
            },
            "seconds": 12.5,
        },
        "contention": {"exactly_one_per_slot": True, "successes_per_slot": [1, 1]},
    }
    if overhead is not None:
        results["gateway_overhead"] = {"overhead_p50_ms": overhead}
    return results


def test_two_sides_become_rows_with_medians_spreads_and_ratios() -> None:
    baseline = [
        _summary(400, 50, 4.0, overhead=1.0),
        _summary(500, 70, 3.0, overhead=1.2),
        _summary(450, 60, 3.5, overhead=1.1),
    ]
    current = [_summary(800, 40, 2.0), _summary(1000, 20, 1.0)]
    rows = {row["figure"]: row for row in ab.compare(baseline, current)}
    rate = rows["reads.resource_by_id_c16.per_second"]
    assert rate["baseline"]["median"] == 450 and (rate["baseline"]["min"], rate["baseline"]["max"]) == (400, 500)
    assert rate["current"]["median"] == 900 and rate["ratio"] == 2.0
    assert rows["reads.resource_by_id_c16.p99_ms"]["ratio"] == 0.5
    assert rows["reads.resource_by_id_c16.server_cpu_ms.total"]["ratio"] == round(1.5 / 3.5, 3)
    assert rows["reads.resource_by_id_c16.server_cpu_ms.gateway"]["current"]["median"] == 0.75
    assert rows["reads.resource_by_id_c16.failures"]["ratio"] is None  # 0 on both sides: no ratio
    assert rows["reads.seconds"]["current"]["median"] == 12.5
    # count, max, answers and the derived CPU-bound rate are not figures; booleans and lists neither
    assert (
        not {
            "reads.resource_by_id_c16.count",
            "reads.resource_by_id_c16.max_ms",
            "reads.resource_by_id_c16.server_cpu_ms.cpu_bound_per_s",
        }
        & rows.keys()
    )
    assert not any(name.startswith("contention") for name in rows)
    only_baseline = rows["gateway_overhead.overhead_p50_ms"]
    assert only_baseline["current"] is None and only_baseline["ratio"] is None
    text = ab.table(list(rows.values()), "aaaa", "bbbb")
    line = next(line for line in text.splitlines() if line.startswith("gateway_overhead.overhead_p50_ms"))
    assert line.split()[1:] == ["1.1", "(1-1.2)", "-", "-"]
    line = next(line for line in text.splitlines() if line.startswith("reads.resource_by_id_c16.per_second"))
    assert line.split()[1:] == ["450", "(400-500)", "900", "(800-1000)", "2"]
