"""`make bench BASELINE=<ref>`: the same scenarios against an earlier commit and this tree, in turns,
in one run, and a side-by-side table of the figures with the ratio current/baseline.

    python -m bench.ab --baseline REF [--rounds N] [--out FILE] [any option of python -m bench]

This host's speed changes 2-3x from one day to the next, so a figure is only comparable with one
measured in the same minutes: the baseline and the current tree run alternately (baseline, current,
baseline, current...), each run starting its own fresh stack. The baseline is a detached git
worktree of REF under .rr/bench-baseline/, with its own .venv built by its own `make install`,
so it runs exactly its code and dependencies. Options the baseline's bench does not know are left
out of its runs (and said so); figures one side lacks show as "-".

The table goes to stderr, the JSON (both sides, every round, the table's rows) to stdout or --out."""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BASELINES = ROOT / ".rr" / "bench-baseline"  # .rr/ is ignored local data (make clean removes it)
FIGURES = ("per_second", "p50_ms", "p95_ms", "p99_ms", "failures")
SIDES = ("baseline", "current")
# Variables that would make the baseline's make or python act on this tree instead of its own:
# MAKEFLAGS carries this make's command-line variables (BENCH_ARGS, BASELINE) into any sub-make.
FOREIGN_ENV = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] ab: {message}", file=sys.stderr, flush=True)


# --- what a side's bench accepts (from its --help) ---------------------------------------------


def options_from_help(text: str) -> tuple[dict[str, bool], set[str] | None]:
    """The long options of an argparse --help (name -> takes a value) and the scenarios its
    `--only` lists (None when the help does not list them). Option lines are indented by exactly
    two spaces; the description's own lines are indented further, so they are not mistaken."""
    options: dict[str, bool] = {}
    only_block: list[str] = []
    in_only = False
    for line in text.splitlines():
        match = re.match(r"^  (?:-\w, )?(--[\w-]+)( \S+)?", line)
        if match:
            options[match.group(1)] = match.group(2) is not None
            in_only = match.group(1) == "--only"
        elif line.startswith("  -"):
            in_only = False
        if in_only:
            only_block.append(line)
    listed = re.search(r"subset of:\s*(.*)", " ".join(only_block), re.S)
    scenarios = set(re.findall(r"[a-z][a-z0-9_]*", listed.group(1))) if listed else None
    return options, scenarios


def split_options(args: list[str], known: dict[str, bool]) -> list[tuple[str, str | None]]:
    """`--name value`, `--name=value` and flags as (name, value) pairs, by the current bench's own
    options (which must know every one of them: a typo should stop the run, not be dropped)."""
    pairs: list[tuple[str, str | None]] = []
    i = 0
    while i < len(args):
        token = args[i]
        name, eq, value = token.partition("=")
        if not name.startswith("--") or name not in known:
            raise SystemExit(f"bench.ab: python -m bench has no option {token!r}")
        if eq:
            pairs.append((name, value))
        elif known[name]:
            if i + 1 >= len(args):
                raise SystemExit(f"bench.ab: {name} needs a value")
            pairs.append((name, args[i + 1]))
            i += 1
        else:
            pairs.append((name, None))
        i += 1
    return pairs


def for_side(
    pairs: list[tuple[str, str | None]], options: dict[str, bool], scenarios: set[str] | None
) -> tuple[list[str], list[str]]:
    """The arguments a side accepts, and what was left out: options it lacks, and scenarios of
    `--only` it does not know (its argparse would refuse the whole list)."""
    argv: list[str] = []
    dropped: list[str] = []
    for name, value in pairs:
        if name not in options:
            dropped.append(f"{name} {value}" if value is not None else name)
            continue
        if name == "--only" and value is not None and scenarios is not None:
            wanted = [s.strip() for s in value.split(",") if s.strip()]
            kept = [s for s in wanted if s in scenarios]
            dropped += [f"scenario {s}" for s in wanted if s not in scenarios]
            if not kept:
                raise SystemExit(f"bench.ab: the baseline knows none of the scenarios {value!r}")
            value = ",".join(kept)
        argv += [name] if value is None else [name, value]
    return argv, dropped


# --- the comparison ------------------------------------------------------------------------------


def figures(results: dict[str, Any]) -> dict[str, float]:
    """A summary's results as flat figures, walked as report._rows walks them: each measured
    loop (a dict with p50_ms or per_second) gives its rate, percentiles, failures and server CPU
    per request (each process and the total); other numbers give themselves."""
    out: dict[str, float] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            if any(k in value for k in ("p50_ms", "per_second")):
                for key in FIGURES:
                    if _number(value.get(key)):
                        out[f"{prefix}.{key}"] = value[key]
                cpu = value.get("server_cpu_ms")
                if isinstance(cpu, dict):
                    for key, each in cpu.items():
                        if key != "cpu_bound_per_s" and _number(each):  # cpu_bound_per_s is derived from total
                            out[f"{prefix}.server_cpu_ms.{key}"] = each
                return
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else key, inner)
        elif _number(value):
            out[prefix] = value

    walk("", results)
    return out


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _stats(values: list[float]) -> dict[str, Any] | None:
    if not values:
        return None
    return {"median": round(statistics.median(values), 3), "min": min(values), "max": max(values), "values": values}


def compare(baseline: Iterable[dict[str, Any]], current: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per figure either side measured: each side's median over its rounds, its spread,
    and the ratio current/baseline (None when a side lacks the figure or the baseline's is 0)."""
    per_side: dict[str, dict[str, list[float]]] = {"baseline": {}, "current": {}}
    order: dict[str, None] = {}
    # current first: the table follows its scenario order, then what only the baseline has
    for side, results in (("current", current), ("baseline", baseline)):
        for one in results:
            for name, value in figures(one).items():
                per_side[side].setdefault(name, []).append(value)
                order.setdefault(name)
    rows = []
    for name in order:
        a, b = _stats(per_side["baseline"].get(name, [])), _stats(per_side["current"].get(name, []))
        ratio = round(b["median"] / a["median"], 3) if a and b and a["median"] else None
        rows.append({"figure": name, "baseline": a, "current": b, "ratio": ratio})
    return rows


def _cell(stats: dict[str, Any] | None) -> str:
    if stats is None:
        return "-"
    text = _fmt(stats["median"])
    if stats["min"] != stats["max"]:
        text += f" ({_fmt(stats['min'])}-{_fmt(stats['max'])})"
    return text


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(round(value, 3))


def table(rows: list[dict[str, Any]], baseline_label: str, current_label: str) -> str:
    heads = ("figure", f"baseline {baseline_label}", f"current {current_label}", "current/baseline")
    cells = [
        (r["figure"], _cell(r["baseline"]), _cell(r["current"]), "-" if r["ratio"] is None else _fmt(r["ratio"]))
        for r in rows
    ]
    widths = [max(len(row[i]) for row in [heads, *cells]) for i in range(3)]
    return "\n".join(f"{a:<{widths[0]}}  {b:>{widths[1]}}  {c:>{widths[2]}}  {d:>8}" for a, b, c, d in [heads, *cells])


# --- git, builds and runs ------------------------------------------------------------------------


def load_line(runs: list[dict[str, Any]]) -> str:
    """The machine's mean 1-minute load during each side's runs: context for the figures (on a
    2-core machine, above 2 means the stack shared it), which the ratio is meant to survive."""
    parts = []
    for side in SIDES:
        means = [
            r["summary"].get("load_average", {}).get("during", {}).get("mean_1min")
            for r in runs
            if r["side"] == side and "summary" in r
        ]
        parts.append(f"{side} {', '.join(_fmt(m) for m in means if _number(m)) or '-'}")
    return "mean 1-minute load average during the runs: " + "; ".join(parts)


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV}


def baseline_tree(ref: str) -> tuple[str, Path]:
    """The commit REF names and a detached worktree of it (reused when it already exists)."""
    try:
        commit = _git("rev-parse", "--verify", f"{ref}^{{commit}}")
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"bench.ab: {ref!r} is not a commit here: {exc.stderr.strip()}") from exc
    tree = BASELINES / commit[:12]
    if (tree / ".git").exists() and _git("rev-parse", "HEAD", cwd=tree) == commit:
        return commit, tree
    if tree.exists():
        raise SystemExit(f"bench.ab: {tree} exists but is not a worktree of {commit[:12]}; remove it and run again")
    _git("worktree", "prune")  # forget trees deleted by `make clean`, so the path can be added again
    say(f"checking out {commit[:12]} into {tree.relative_to(ROOT)}")
    _git("worktree", "add", "--detach", str(tree), commit)
    return commit, tree


def build(tree: Path) -> None:
    """The baseline's own `make install` (a no-op when its stamp is newer than its inputs)."""
    say(f"make install in {tree.relative_to(ROOT)} (a few minutes the first time)")
    done = subprocess.run(["make", "--no-print-directory", "install"], cwd=tree, env=_env(), stdout=sys.stderr)
    if done.returncode:
        raise SystemExit(f"bench.ab: the baseline's make install failed ({done.returncode})")


def python_of(tree: Path) -> str:
    return str(tree / ".venv" / "bin" / "python")


def bench_help(tree: Path) -> str:
    done = subprocess.run(
        [python_of(tree), "-m", "bench", "--help"], cwd=tree, env=_env(), capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"bench.ab: python -m bench --help failed in {tree}: {done.stderr.strip()}")
    return done.stdout


def run_once(tree: Path, argv: list[str]) -> dict[str, Any]:
    """One bench run on its own fresh stack; its summary is the last JSON line of its stdout."""
    began = time.monotonic()
    done = subprocess.run(
        [python_of(tree), "-m", "bench", *argv], cwd=tree, env=_env(), stdout=subprocess.PIPE, text=True
    )
    run: dict[str, Any] = {"seconds": round(time.monotonic() - began, 1), "returncode": done.returncode}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            try:
                run["summary"] = json.loads(line)
                break
            except json.JSONDecodeError:
                pass
    if "summary" not in run:
        run["error"] = f"no JSON summary (exit status {done.returncode})"
    return run


def _with_logs(argv: list[str], side: str, round_: int) -> list[str]:
    """--logs DIR: each run's logs into DIR/<side>-<round> (an absolute path: each side runs in its
    own tree, and the runs must not overwrite each other)."""
    out = list(argv)
    if "--logs" in out:
        i = out.index("--logs") + 1
        out[i] = str(Path(out[i]).resolve() / f"{side}-{round_}")
    return out


def parse(argv: list[str] | None = None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ab",
        description=__doc__,
        allow_abbrev=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--baseline", required=True, help="git ref of the code to compare against (e.g. beacd9a, HEAD~3, main)"
    )
    parser.add_argument("--rounds", type=int, default=2, help="runs of each side, alternating (default 2)")
    parser.add_argument("--out", type=Path, default=None, help="write the JSON here instead of stdout")
    args, rest = parser.parse_known_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args, rest


def main(argv: list[str] | None = None) -> None:
    args, rest = parse(argv)
    commit, tree = baseline_tree(args.baseline)
    build(tree)
    current_options, current_scenarios = options_from_help(bench_help(ROOT))
    pairs = [p for p in split_options(rest, current_options) if p[0] != "--json-only"]
    sides: dict[str, dict[str, Any]] = {
        "baseline": {"ref": args.baseline, "commit": commit, "tree": tree},
        "current": {
            "commit": _git("rev-parse", "HEAD"),
            "uncommitted_changes": bool(_git("status", "--porcelain")),
            "tree": ROOT,
        },
    }
    for side, info in sides.items():
        options, scenarios = (
            (current_options, current_scenarios) if side == "current" else options_from_help(bench_help(tree))
        )
        info["argv"], info["left_out"] = for_side(pairs, options, scenarios)
        if "--json-only" in options:
            info["argv"].append("--json-only")
        for what in info["left_out"]:
            say(f"{side} lacks {what}: left out of its runs")
    runs: list[dict[str, Any]] = []
    for round_ in range(1, args.rounds + 1):
        for side, info in sides.items():
            say(f"round {round_}/{args.rounds}: {side} ({info['commit'][:12]}) {' '.join(info['argv'])}")
            run = run_once(info["tree"], _with_logs(info["argv"], side, round_))
            say(f"{side} round {round_}: {run.get('error') or 'done'} in {run['seconds']} s")
            runs.append({"side": side, "round": round_, **run})
    results = {
        side: [r["summary"].get("results", {}) for r in runs if r["side"] == side and "summary" in r] for side in SIDES
    }
    rows = compare(results["baseline"], results["current"])
    dirty = "+changes" if sides["current"]["uncommitted_changes"] else ""
    print(
        "\n" + table(rows, commit[:12], sides["current"]["commit"][:12] + dirty) + "\n\n" + load_line(runs),
        file=sys.stderr,
    )
    for side in SIDES:
        sides[side]["tree"] = str(Path(sides[side]["tree"]).relative_to(ROOT))
    document = {"rounds": args.rounds, "sides": sides, "runs": runs, "rows": rows}
    text = json.dumps(document)
    if args.out is not None:
        args.out.write_text(text + "\n")
        say(f"JSON written to {args.out}")
    else:
        print(text)
    if not all(results[side] for side in SIDES):
        raise SystemExit("bench.ab: a side produced no summary at all (see above)")


if __name__ == "__main__":
    main()
