"""Background sweeps (reminders, e-mail and webhook retries, audit retention) inside the notify
process, stopped with it.

The kernel's ServiceParts has no slot for background work yet, so the sweeps ride in the
`consumers` slot: RunningService starts `run()` with the consumers and calls `stop()` before
cancelling them. A `background_tasks` slot in the kernel would make this adapter unnecessary."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from nats.js import JetStreamContext

from rr_common.consumer import EventConsumer
from rr_common.logs import get_logger

log = get_logger("rr.notify.background")


class Sweep(Protocol):
    name: str

    @property
    def batch_size(self) -> int: ...

    async def run_once(self) -> int:
        """Handle what is due now; return how many items were handled."""


class SweepLoop:
    """Runs one sweep every `interval` seconds, at once again while it finds full batches, and
    early when woken (new work committed)."""

    def __init__(self, sweep: Sweep, interval: float) -> None:
        self.sweep = sweep
        self.interval = interval
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            handled = 0
            try:
                handled = await self.sweep.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - a failed sweep is retried at the next interval
                log.exception("sweep failed", sweep=self.sweep.name)
            if handled >= self.sweep.batch_size:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
            self._wake.clear()


class BackgroundSweeps(EventConsumer):
    """Not an event consumer: the adapter that lets RunningService start and stop the sweeps."""

    def __init__(self, loops: Sequence[SweepLoop], closers: Sequence[Callable[[], Awaitable[None]]] = ()) -> None:
        # The parent's state is not needed: nothing is consumed from NATS here.
        self.durable = "notify-background"
        self.loops = list(loops)
        self.closers = list(closers)
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()
        for loop in self.loops:
            loop.wake()

    async def run(self, js_ready: Callable[[], Awaitable[JetStreamContext]]) -> None:
        try:
            await asyncio.gather(*(loop.run(self._stopping) for loop in self.loops))
        finally:
            for close in self.closers:
                with contextlib.suppress(Exception):
                    await close()
