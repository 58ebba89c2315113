"""Keeping a claimed batch's leases alive while it is sent, shared by the webhook and e-mail sweeps.

A sweep claims a batch in one transaction, each delivery leased for one attempt. The batch can
take far longer than that (100 at 10 at a time against a slow receiver), so while it runs a
heartbeat renews the leases of what is not finished yet and records what is, in one transaction
every third of a lease. Another replica therefore never sees a delivery of a live batch as due,
however long the batch takes; and if this process dies, the leases end one attempt's time later.
Few transactions: a fast batch is one claim and one record, as before."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from rr_common.logs import get_logger

T = TypeVar("T")
R = TypeVar("R")

log = get_logger("rr.notify.leases")

# How long a stopping sweep may take to record what finished (inside the pod's grace period).
STOP_WRITE_SECONDS = 2.0

# Record the finished (item, outcome) pairs and renew the leases of the unfinished items.
Checkpoint = Callable[[Sequence[tuple[T, R]], Sequence[T]], Awaitable[None]]


class LeasedBatch(Generic[T, R]):
    def __init__(self, attempt: Callable[[T], Awaitable[R]], checkpoint: Checkpoint[T, R], every: float) -> None:
        self.attempt = attempt
        self.checkpoint = checkpoint
        self.every = every
        self._finished: list[tuple[T, R]] = []
        self._unfinished: dict[int, T] = {}
        self._writing = asyncio.Lock()

    async def run(self, items: Sequence[T]) -> None:
        """Attempt every item (the attempt bounds its own concurrency); return once every outcome
        is recorded. An attempt that raised is left unrecorded: due again when its lease ends."""
        self._unfinished = dict(enumerate(items))
        beat = asyncio.create_task(self._heartbeat())
        try:
            outcomes = await asyncio.gather(
                *(self._one(i, item) for i, item in enumerate(items)), return_exceptions=True
            )
        except asyncio.CancelledError:
            await self._stop(beat)
            raise
        finally:
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat
        self._unfinished.clear()
        await self._write()
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome

    async def _stop(self, beat: asyncio.Task[None]) -> None:
        """Stopping (a deploy): record what was answered before going, or the next replica would
        send it again once the lease ends; the unfinished ones are left to that lease."""
        beat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beat
        self._unfinished.clear()
        try:
            await asyncio.wait_for(asyncio.shield(self._write()), STOP_WRITE_SECONDS)
        except Exception:  # stopping anyway; the leases end and the rest is retried
            log.exception("outcomes not recorded on stop", finished=len(self._finished))

    async def _one(self, index: int, item: T) -> None:
        result = await self.attempt(item)
        del self._unfinished[index]
        self._finished.append((item, result))

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            try:
                await self._write()
            except Exception:  # the next beat tries again; fenced outcomes stay right
                log.exception("lease renewal failed")

    async def _write(self) -> None:
        async with self._writing:
            finished = list(self._finished)
            if not finished and not self._unfinished:
                return
            await self.checkpoint(finished, list(self._unfinished.values()))
            # Only once written: a checkpoint cancelled or failed midway is rolled back, and the
            # next one (or the final write) records these again.
            del self._finished[: len(finished)]
