"""Latency and throughput figures from a list of samples."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Figures:
    count: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    client_cpu_ms: float | None = None  # CPU the load generator itself spent per request

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "count": self.count,
            "per_second": round(self.per_second, 1),
            "p50_ms": self.p50_ms,
            "p95_ms": self.p95_ms,
            "p99_ms": self.p99_ms,
            "max_ms": self.max_ms,
        }
        if self.client_cpu_ms is not None:
            out["client_cpu_ms"] = self.client_cpu_ms
        return out

    def latency(self) -> dict[str, Any]:
        """Without the rate: for samples that are not a closed loop (sequential rounds, arrivals)."""
        return {
            "count": self.count,
            "p50_ms": self.p50_ms,
            "p95_ms": self.p95_ms,
            "p99_ms": self.p99_ms,
            "max_ms": self.max_ms,
        }


def figures(latencies: list[float], seconds: float) -> Figures:
    """`latencies` in seconds; percentiles by nearest rank."""
    ordered = sorted(latencies) or [0.0]

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)

    return Figures(len(latencies), seconds, pct(0.50), pct(0.95), pct(0.99), round(ordered[-1] * 1000, 2))


def mean_us(samples: list[float]) -> float:
    return round(statistics.fmean(samples) * 1e6, 1)
