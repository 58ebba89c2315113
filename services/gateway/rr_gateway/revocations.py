"""Deactivated users lose access at once, not when their access token expires.

Auth publishes `rr.auth.user.deactivated` and `.reactivated`. Every gateway replica reads them
from auth's JetStream stream with an ordered consumer that starts REPLAY back, so a replica that
starts or restarts after a deactivation still knows of it. While a user is deactivated the
verifier refuses their tokens (403 `account_inactive`, as auth answers) and their open
WebSockets are closed; an inactive account cannot get a new token, and a reactivation lifts the
refusal.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from google.protobuf.message import DecodeError
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import ConsumerConfig, DeliverPolicy
from rr.auth.v1 import events_pb2

from rr_common.context import Principal
from rr_common.logs import get_logger
from rr_common.nats_conn import NatsConnection

log = get_logger("rr.gateway.revocations")
SUBJECTS = "rr.auth.user.*"
DEACTIVATED = "rr.auth.user.deactivated"
REACTIVATED = "rr.auth.user.reactivated"
# Far longer than any access token lives: a token older than this has expired anyway.
REPLAY = timedelta(hours=24)
RETRY_SECONDS = 2.0


Account = tuple[int, str]  # (user id, user name): both must match, see `account`


def account(user_id: int, username: str) -> Account:
    """Names are unique and never change, so in one deployment the id alone would do. The name
    also keeps apart users of other auth databases that publish on the same NATS (test stacks
    sharing one server), whose ids overlap."""
    return user_id, username.lower()


class Revocations:
    """The accounts deactivated now. The stream is ordered, so the latest event of an account decides."""

    def __init__(self) -> None:
        self._inactive: set[Account] = set()
        self._listeners: list[Callable[[Account], None]] = []

    def on_deactivation(self, listener: Callable[[Account], None]) -> None:
        self._listeners.append(listener)

    def deactivated(self, user_id: int, username: str) -> None:
        key = account(user_id, username)
        self._inactive.add(key)
        for listener in self._listeners:
            listener(key)

    def reactivated(self, user_id: int, username: str) -> None:
        self._inactive.discard(account(user_id, username))

    def denies(self, principal: Principal) -> bool:
        return account(principal.user_id, principal.username) in self._inactive


class RevocationFeed:
    """Keeps `Revocations` current from the stream; retries until auth's stream exists."""

    def __init__(self, revocations: Revocations, nats: NatsConnection) -> None:
        self.revocations = revocations
        self.nats = nats
        self.ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._sub: JetStreamContext.PushSubscription | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._follow())

    async def _follow(self) -> None:
        while True:
            try:
                js = await self.nats.jetstream()  # waits until NATS is connected
                start = (datetime.now(UTC) - REPLAY).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                self._sub = await js.subscribe(
                    SUBJECTS, cb=self._on_event, ordered_consumer=True,
                    config=ConsumerConfig(deliver_policy=DeliverPolicy.BY_START_TIME, opt_start_time=start),
                )
                self.ready.set()
                log.info("following deactivations", subjects=SUBJECTS)
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - no stream yet (auth never published) or NATS down
                log.info("deactivations not followed yet; retrying", error=str(exc) or type(exc).__name__)
                await asyncio.sleep(RETRY_SECONDS)

    async def _on_event(self, msg: Msg) -> None:
        if msg.subject not in (DEACTIVATED, REACTIVATED):
            return  # registered, locked, role changed: nothing to withdraw
        try:
            event: events_pb2.UserDeactivated | events_pb2.UserReactivated = (
                events_pb2.UserDeactivated.FromString(msg.data) if msg.subject == DEACTIVATED
                else events_pb2.UserReactivated.FromString(msg.data)
            )
        except DecodeError as exc:
            log.warning("undecodable account event dropped", subject=msg.subject, error=str(exc))
            return
        if event.user_id <= 0:
            return
        if msg.subject == DEACTIVATED:
            self.revocations.deactivated(event.user_id, event.username)
        else:
            self.revocations.reactivated(event.user_id, event.username)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self._sub is not None:
            with contextlib.suppress(Exception):
                await self._sub.unsubscribe()
