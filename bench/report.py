"""Ratios to the ceilings, verdicts against the targets, and the readable table."""

from __future__ import annotations

from typing import Any

FIGURE_KEYS = ("count", "per_second", "p50_ms", "p95_ms", "p99_ms", "max_ms", "failures")


def _get(summary: dict[str, Any], path: str) -> Any:
    value: Any = summary
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _ratio(ours: Any, ceiling: Any) -> float | None:
    if not isinstance(ours, int | float) or not isinstance(ceiling, int | float) or not ceiling:
        return None
    return round(ours / ceiling, 3)


RATIOS = {
    # throughput: the fraction of the ceiling we reach (1.0 = as fast as the bare thing)
    "create_c16_per_s / postgres_insert_c16_per_s": (
        "results.create.c16.per_second",
        "results.ceilings.postgres_constrained_insert.c16.per_second",
    ),
    "create_c32_per_s / postgres_insert_c16_per_s": (
        "results.create.c32.per_second",
        "results.ceilings.postgres_constrained_insert.c16.per_second",
    ),
    "read_by_id_c16_per_s / bare_fastapi_c16_per_s": (
        "results.reads.resource_by_id_c16.per_second",
        "results.ceilings.fastapi_bare_endpoint.c16.per_second",
    ),
    "read_by_id_c16_per_s / bare_grpc_echo_c16_per_s": (
        "results.reads.resource_by_id_c16.per_second",
        "results.ceilings.grpc_echo.c16.per_second",
    ),
    "gateway_live_c16_per_s / bare_fastapi_c16_per_s": (
        "results.ceilings.gateway_live_endpoint.c16.per_second",
        "results.ceilings.fastapi_bare_endpoint.c16.per_second",
    ),
    # latency: how many times the bare thing's latency ours takes
    "create_c16_p50 / postgres_insert_c16_p50": (
        "results.create.c16.p50_ms",
        "results.ceilings.postgres_constrained_insert.c16.p50_ms",
    ),
    "get_resource_grpc_p50 / bare_grpc_echo_p50": (
        "results.gateway_overhead.grpc_direct.p50_ms",
        "results.ceilings.grpc_echo.sequential.p50_ms",
    ),
    "get_resource_http_p50 / bare_fastapi_p50": (
        "results.gateway_overhead.through_gateway.p50_ms",
        "results.ceilings.fastapi_bare_endpoint.sequential.p50_ms",
    ),
    "gateway_overhead_p50 / bare_fastapi_p50": (
        "results.gateway_overhead.overhead_p50_ms",
        "results.ceilings.fastapi_bare_endpoint.sequential.p50_ms",
    ),
}


def ratios(summary: dict[str, Any]) -> dict[str, float | None]:
    return {name: _ratio(_get(summary, ours), _get(summary, ceiling)) for name, (ours, ceiling) in RATIOS.items()}


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "NOT met")


def targets(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issues, the figure that decides it, and whether this run meets it."""
    r = summary.get("results", {})
    rows: list[dict[str, Any]] = []

    def add(name: str, target: str, measured: str | None, ok: bool | None, note: str = "", verdict: str = "") -> None:
        rows.append(
            {
                "name": name,
                "target": target,
                "measured": measured or "-",
                "verdict": verdict or _verdict(ok if measured else None),
                "note": note,
            }
        )

    c32 = _get(r, "create.c32")
    if isinstance(c32, dict) and "per_second" in c32:
        add(
            "create reservation, concurrency 32",
            ">= 500/s and p99 < 100 ms",
            f"{c32['per_second']}/s, p99 {c32['p99_ms']} ms",
            c32["per_second"] >= 500 and c32["p99_ms"] < 100 and not c32.get("failures"),
        )
    else:
        add("create reservation, concurrency 32", ">= 500/s and p99 < 100 ms", None, None)
    mine = _get(r, "my_reservations")
    if isinstance(mine, dict) and "first_page" in mine:
        p99 = max(mine[k]["p99_ms"] for k in ("first_page", "upcoming", "past_newest_first", "next_page") if k in mine)
        rows_note = f"table of {mine['table_rows']} rows, user with {mine['user_rows']}"
        small = mine["table_rows"] < 1_000_000
        if small:
            rows_note += "; the target is stated for 1,000,000 rows (--reservations 1000000)"
        add(
            "my-reservations (worst shape, sequential)",
            "p99 < 50 ms with 1M rows",
            f"p99 {p99} ms",
            p99 < 50,
            rows_note,
            verdict="not at 1M rows" if small else "",
        )
    else:
        add("my-reservations", "p99 < 50 ms with 1M rows", None, None)
    overhead = _get(r, "gateway_overhead.overhead_p50_ms")
    add(
        "gateway overhead (GetResource via HTTP minus direct gRPC)",
        "< 2 ms p50",
        None if overhead is None else f"{overhead} ms",
        None if overhead is None else overhead < 2,
    )
    read_rates = [
        v["per_second"]
        for k, v in (r.get("reads") or {}).items()
        if isinstance(v, dict) and "per_second" in v and k.startswith("resource_by_id")
    ]
    add(
        "read throughput (GET /resources/{id}, best concurrency)",
        ">= 2000 req/s",
        f"{max(read_rates)}/s" if read_rates else None,
        max(read_rates) >= 2000 if read_rates else None,
    )
    offer = _get(r, "offer.cancel_to_websocket")
    measured = (
        f"p99 {offer['p99_ms']} ms ({offer['count']} rounds)"
        if isinstance(offer, dict) and offer.get("count")
        else None
    )
    add(
        "cancel -> waitlist offer on the WebSocket",
        "p99 < 250 ms",
        measured,
        bool(offer["p99_ms"] < 250 and not _get(r, "offer.missing_pushes")) if measured else None,
    )
    series = _get(r, "series")
    measured = (
        f"p50 {series['p50_ms']} ms ({series['count']} series)"
        if isinstance(series, dict) and series.get("count")
        else None
    )
    add("52-occurrence weekly series", "p50 < 200 ms", measured, series["p50_ms"] < 200 if measured else None)
    avail = _get(r, "availability")
    if isinstance(avail, dict) and "no_reservations_hour" in avail:
        worst = max((v for v in avail.values() if isinstance(v, dict) and "p99_ms" in v), key=lambda v: v["p99_ms"])
        add(
            "availability filter over every resource",
            f"(no figure given) over {avail['resources']} resources",
            f"p50 {avail['no_reservations_hour']['p50_ms']} ms free window; worst p99 {worst['p99_ms']} ms",
            None,
            "no numeric target given",
            verdict="reported",
        )
    else:
        add("availability filter", "over 10,000 resources", None, None)
    contention = _get(r, "contention")
    if isinstance(contention, dict) and "successes_per_slot" in contention:
        add(
            "contention: 50 clients per slot x 20 slots",
            "exactly 1 success per slot",
            f"successes per slot {sorted(set(contention['successes_per_slot']))}, overlapping rows {contention['overlapping_rows_in_database']}",
            bool(contention["exactly_one_per_slot"]),
        )
    else:
        add("contention", "exactly 1 success per slot", None, None)
    ws = _get(r, "ws_fanout")
    if isinstance(ws, dict) and "announcement_per_client" in ws:
        add(
            f"announcement to {ws['clients']} WebSockets",
            "p99 <= 500 ms, nothing missing",
            f"p99 {ws['announcement_per_client']['p99_ms']} ms, {ws['connected']} connected, {ws['missing_frames']} missing",
            ws["announcement_per_client"]["p99_ms"] <= 500
            and ws["missing_frames"] == 0
            and ws["connected"] == ws["clients"],
        )
        add(
            "notification to one user's WebSocket (gateway only)",
            "p99 <= 100 ms",
            f"p99 {ws['notification_gateway_only']['p99_ms']} ms",
            ws["notification_gateway_only"]["p99_ms"] <= 100,
        )
    return rows


def _compact(value: dict[str, Any]) -> str:
    parts = []
    for key in FIGURE_KEYS:
        if key in value:
            label = {"per_second": "rate", "count": "n", "failures": "fail"}.get(key, key.removesuffix("_ms"))
            suffix = "/s" if key == "per_second" else (" ms" if key.endswith("_ms") else "")
            parts.append(f"{label}={value[key]}{suffix}")
    for key, inner in value.items():
        if key in FIGURE_KEYS:
            continue
        if key == "server_cpu_ms" and isinstance(inner, dict):
            each = ", ".join(f"{k} {v}" for k, v in inner.items() if k not in ("total", "cpu_bound_per_s"))
            parts.append(
                f"server CPU/request {inner.get('total')} ms ({each}) -> CPU-bound {inner.get('cpu_bound_per_s')}/s"
            )
        else:
            parts.append(f"{key}={inner}")
    return "  ".join(parts)


def _rows(prefix: str, value: Any, out: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        if any(k in value for k in ("p50_ms", "per_second")):
            out.append((prefix, _compact(value)))
            return
        for key, inner in value.items():
            _rows(f"{prefix}.{key}" if prefix else key, inner, out)
        return
    out.append((prefix, str(value)))


def table(summary: dict[str, Any]) -> str:
    lines = [
        f"Resource Reserver bench, {summary['started']} ({summary['seconds']} s), {summary['machine']['cpus']} CPUs; "
        f"load average start {summary['load_average']['start']}, end {summary['load_average']['end']}, "
        f"during {summary['load_average']['during']}",
        "",
    ]
    rows: list[tuple[str, str]] = []
    _rows("seed", summary.get("seed", {}), rows)
    for name, value in summary.get("results", {}).items():
        _rows(name, value, rows)
    width = max((len(name) for name, _ in rows), default=20) + 2
    lines += [f"{name:<{width}}{text}" for name, text in rows]
    lines += ["", "Ratios to the ceilings (throughput: fraction of the ceiling; latency: multiple of it)"]
    lines += [f"  {name:<52}{value}" for name, value in summary.get("ratios", {}).items()]
    lines += ["", "Peak RSS (MB)", "  " + "  ".join(f"{k}={v}" for k, v in summary.get("rss_peak_mb", {}).items())]
    lines += ["", "Targets"]
    for row in summary.get("targets", []):
        note = f"  ({row['note']})" if row["note"] else ""
        lines.append(f"  {row['verdict']:<16}{row['name']}: {row['target']}; measured {row['measured']}{note}")
    return "\n".join(lines)
