"""A burst beyond capacity is refused fast with 503 + Retry-After; what is admitted is served;
probes are never refused."""

from __future__ import annotations

import asyncio
import time

import httpx
from grpc import StatusCode
from grpc.aio import AioRpcError, Metadata
from starlette.types import Receive, Scope, Send

from rr_gateway.admission import AdmissionLimit
from rr_gateway.errors import rpc_error_response


async def slow_api(scope: Scope, receive: Receive, send: Send) -> None:
    await asyncio.sleep(0.5)
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


async def timed(client: httpx.AsyncClient, path: str) -> tuple[int, float, str | None]:
    began = time.perf_counter()
    answer = await client.get(path)
    return answer.status_code, time.perf_counter() - began, answer.headers.get("retry-after")


async def test_a_burst_beyond_capacity_is_refused_fast_and_the_rest_served() -> None:
    limit = AdmissionLimit(slow_api, max_in_flight=2, max_queued=2, queue_timeout=0.2)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=limit), base_url="http://test") as client:
        answers = await asyncio.gather(*(timed(client, "/api/v1/resources") for _ in range(10)))
        served = [a for a in answers if a[0] == 200]
        refused = [a for a in answers if a[0] == 503]
        assert len(served) == 2 and len(refused) == 8, answers
        assert all(retry == "1" for _, _, retry in refused)
        # Six found no place in the queue and were refused at once; two waited out the queue's 0.2 s.
        assert sorted(took for _, took, _ in refused)[5] < 0.15
        assert max(took for _, took, _ in refused) < 0.45, "no refused request waits for a slow one to finish"
        # Capacity is given back: the next requests are served.
        assert [a[0] for a in await asyncio.gather(*(timed(client, "/api/v1/x") for _ in range(2)))] == [200, 200]
        # Probes are not API requests: never refused, even at capacity.
        probes = await asyncio.gather(*(timed(client, "/api/v1/x") for _ in range(4)), timed(client, "/live"))
        assert probes[-1][0] == 200


async def test_a_queued_request_takes_the_place_that_frees_up() -> None:
    limit = AdmissionLimit(slow_api, max_in_flight=1, max_queued=1, queue_timeout=2.0)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=limit), base_url="http://test") as client:
        answers = await asyncio.gather(timed(client, "/api/v1/a"), timed(client, "/api/v1/b"))
    assert [a[0] for a in answers] == [200, 200]


def test_a_service_at_its_call_limit_becomes_a_503_not_a_429() -> None:
    overloaded = AioRpcError(
        StatusCode.RESOURCE_EXHAUSTED, Metadata(), Metadata(), details="Concurrent RPC limit exceeded!"
    )
    answer = rpc_error_response(overloaded)
    assert (answer.status_code, answer.headers["retry-after"]) == (503, "1")
    assert b'"code":"overloaded"' in answer.body
