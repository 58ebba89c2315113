"""Readiness that means something: a replica reports SERVING on gRPC health only while its
database answers, NATS answers and every consumer is subscribed, and recovers by itself.

Orchestrators probe the overall health name ("") for readiness, so a replica that cannot do its
work leaves the rotation while the others carry on. Liveness uses its own name, SERVING while the
process runs: a NATS outage must take replicas out of rotation, not restart them in a loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from sqlalchemy import text

from rr_common.consumer import EventConsumer
from rr_common.db import Database
from rr_common.grpc_server import GrpcServer
from rr_common.logs import get_logger
from rr_common.nats_conn import NatsConnection

log = get_logger("rr.readiness")
CHECK_SECONDS = 2.0
# While not ready, look again soon: a replica that just started is usually ready within a second.
RECHECK_SECONDS = 0.25
PROBE_TIMEOUT_SECONDS = 1.0


class Readiness:
    def __init__(
        self,
        server: GrpcServer,
        db: Database,
        nats: NatsConnection | None,
        consumers: Sequence[EventConsumer],
        interval: float = CHECK_SECONDS,
    ) -> None:
        self._server = server
        self._db = db
        self._nats = nats
        self._consumers = consumers
        self._interval = interval
        self.problems: list[str] | None = None  # None until the first check

    async def problems_now(self) -> list[str]:
        problems: list[str] = []
        if not await self._database_answers():
            problems.append("database")
        if self._nats is not None and not await self._nats.responsive():
            problems.append("nats")
        problems += [f"consumer {c.durable}" for c in self._consumers if not c.subscribed]
        return problems

    async def _database_answers(self) -> bool:
        async def ping() -> None:
            async with self._db.reader() as session:
                await session.execute(text("SELECT 1"))

        try:
            await asyncio.wait_for(ping(), PROBE_TIMEOUT_SECONDS)
        except Exception:  # noqa: BLE001 - unreachable, refused or too slow: not ready either way
            return False
        return True

    async def check_once(self) -> None:
        try:
            problems = await self.problems_now()
        except Exception as exc:  # noqa: BLE001 - a check that cannot run is itself a problem
            problems = [f"readiness check failed: {exc!r}"]
        if problems != self.problems:
            if problems:
                log.warning("not ready", waiting_for=problems)
            elif self.problems is not None:
                log.info("ready again")
            await self._server.set_serving(not problems)
        self.problems = problems

    async def run(self) -> None:
        while True:
            await self.check_once()
            await asyncio.sleep(min(RECHECK_SECONDS, self._interval) if self.problems else self._interval)
