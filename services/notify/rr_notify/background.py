"""Background sweeps (reminders, e-mail and webhook retries, audit retention) inside the notify
process, run in the kernel's background slot and cancelled when the service stops."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

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

    async def run(self) -> None:
        while True:
            handled = 0
            try:
                handled = await self.sweep.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # a failed sweep is retried at the next interval
                log.exception("sweep failed", sweep=self.sweep.name)
            if handled >= self.sweep.batch_size:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
            self._wake.clear()


class BackgroundSweeps:
    """Every sweep loop in one task, and what they share closed when it is cancelled."""

    def __init__(self, loops: Sequence[SweepLoop], closers: Sequence[Callable[[], Awaitable[None]]] = ()) -> None:
        self.loops = list(loops)
        self.closers = list(closers)

    async def run(self) -> None:
        try:
            await asyncio.gather(*(loop.run() for loop in self.loops))
        finally:
            for close in self.closers:
                with contextlib.suppress(Exception):
                    await close()
