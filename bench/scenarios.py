"""Sign-in, plain reads and the gateway's own cost, through the gateway."""

from __future__ import annotations

import time
from typing import Any

import grpc
import httpx
from jose import jwt
from rr.catalog.v1 import catalog_pb2, catalog_pb2_grpc

from bench.harness import PASSWORD, Bench, say
from bench.load import checked, expect, run_load
from bench.seed import Seeded
from bench.stats import figures, mean_us
from rr_common.testing import TestTokens

READ_TOTAL, READ_SECONDS = 4000, 20.0


async def auth(bench: Bench, http: httpx.AsyncClient, seeded: Seeded, rounds: int = 20) -> dict[str, Any]:
    """Sign-in latency (argon2id verification dominates) and local token verification."""
    say("sign-in latency and token verification")
    name = jwt.get_unverified_claims(seeded.pool[0]["Authorization"].split()[1])["username"]
    latencies = []
    for _ in range(rounds):
        began = time.perf_counter()
        await checked(http.post("/api/v1/token", data={"username": name, "password": PASSWORD}))
        latencies.append(time.perf_counter() - began)
    keys = TestTokens()
    verifier = keys.verifier()
    tokens = [keys.token(1 + i) for i in range(300)]  # distinct: each one is a full RSA check (signing is slow)
    await verifier.verify(tokens[0])
    samples, remembered = [], []
    for token in tokens[1:]:
        began = time.perf_counter()
        await verifier.verify(token)
        samples.append(time.perf_counter() - began)
        began = time.perf_counter()
        await verifier.verify(token)  # the same token again: answered from the accepted-token cache
        remembered.append(time.perf_counter() - began)
    return {
        "login_sequential": figures(latencies, sum(latencies)).latency(),
        "token_verify_us": mean_us(samples),
        "token_verify_remembered_us": mean_us(remembered),
    }


async def reads(bench: Bench, seeded: Seeded) -> dict[str, Any]:
    """Closed-loop read throughput: one resource by id (gateway + catalog, one indexed row) and the
    unread count (gateway + notify)."""
    out: dict[str, Any] = {}
    ids = seeded.resource_ids
    for concurrency in (16, 64):
        say(f"reads at concurrency {concurrency}")

        async def one(i: int) -> bool:
            return (
                await bench.wire.get(f"/api/v1/resources/{ids[i % len(ids)]}", seeded.pool[i % len(seeded.pool)])
            ).status == 200

        meter = bench.meter()
        result, failures = await run_load(one, concurrency, READ_TOTAL, READ_SECONDS)
        out[f"resource_by_id_c{concurrency}"] = {
            **result.as_dict(),
            "failures": failures,
            "server_cpu_ms": meter.per_request(result.count),
        }

    async def unread(i: int) -> bool:
        return (
            await bench.wire.get("/api/v1/notifications/unread-count", seeded.pool[i % len(seeded.pool)])
        ).status == 200

    meter = bench.meter()
    result, failures = await run_load(unread, 16, READ_TOTAL, READ_SECONDS)
    out["unread_count_c16"] = {
        **result.as_dict(),
        "failures": failures,
        "server_cpu_ms": meter.per_request(result.count),
    }
    return out


async def gateway_overhead(bench: Bench, seeded: Seeded, rounds: int = 300, max_seconds: float = 30) -> dict[str, Any]:
    """The same read (GetResource) straight to catalog over gRPC and through the gateway (HTTP,
    JSON, auth, rate limit, logging, then the same gRPC call), alternated one by one so both see
    the same machine; the gateway's overhead is the difference of the medians."""
    say("gateway overhead: GetResource direct vs through the gateway")
    headers = seeded.pool[0]
    metadata = (("authorization", headers["Authorization"]),)
    direct, through = [], []
    async with grpc.aio.insecure_channel(bench.stack.grpc_target("catalog")) as channel:
        stub = catalog_pb2_grpc.CatalogServiceStub(channel)
        deadline = time.monotonic() + max_seconds
        for i in range(rounds + 10):
            if time.monotonic() > deadline:
                break
            rid = seeded.resource_ids[i % len(seeded.resource_ids)]
            began = time.perf_counter()
            await stub.GetResource(catalog_pb2.GetResourceRequest(id=rid), metadata=metadata)
            middle = time.perf_counter()
            await expect(bench.wire.get(f"/api/v1/resources/{rid}", headers))
            if i >= 10:  # warm-up
                direct.append(middle - began)
                through.append(time.perf_counter() - middle)
    grpc_figures, http_figures = figures(direct, sum(direct)), figures(through, sum(through))
    return {
        "grpc_direct": grpc_figures.latency(),
        "through_gateway": http_figures.latency(),
        "overhead_p50_ms": round(http_figures.p50_ms - grpc_figures.p50_ms, 2),
        "overhead_p99_ms": round(http_figures.p99_ms - grpc_figures.p99_ms, 2),
    }
