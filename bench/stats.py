"""Latency and throughput figures from a list of samples."""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Figures:
    count: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"count": self.count, "per_second": round(self.per_second, 1), "p50_ms": self.p50_ms, "p95_ms": self.p95_ms, "p99_ms": self.p99_ms}


def figures(latencies: list[float], seconds: float) -> Figures:
    """`latencies` in seconds; percentiles by nearest rank."""
    ordered = sorted(latencies) or [0.0]

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)

    return Figures(len(latencies), seconds, pct(0.50), pct(0.95), pct(0.99))


def mean_us(samples: list[float]) -> float:
    return round(statistics.fmean(samples) * 1e6, 1)
