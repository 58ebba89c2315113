"""Deactivated users lose access at once, not when their access token expires.

Auth publishes `rr.auth.user.deactivated` and `.reactivated`. Every gateway replica reads them
from auth's JetStream stream, replaying `REPLAY` back when it starts, so a replica that starts or
restarts after a deactivation still knows of it. While a user is deactivated the verifier refuses
their tokens (403 `account_inactive`, as auth answers) and their open WebSockets are closed; an
inactive account cannot get a new token, and a reactivation lifts the refusal.

A replica that is not following the stream (NATS stalled, restarted or unreachable) cannot vouch
for any account: until it has caught up again it asks auth about each account it serves
(`AccountGuard`), and `/ready` says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import grpc
from google.protobuf.message import DecodeError
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from rr.auth.v1 import auth_pb2, auth_pb2_grpc, events_pb2

from rr_common import subjects
from rr_common.context import Principal
from rr_common.logs import get_logger
from rr_common.nats_conn import NatsConnection
from rr_common.streams import stream_name
from rr_gateway.error_codes import AccountCheckUnavailable

log = get_logger("rr.gateway.revocations")
SUBJECTS = subjects.AUTH_USER_ANY
STREAM = stream_name("auth")
DEACTIVATED = subjects.AUTH_USER_DEACTIVATED
REACTIVATED = subjects.AUTH_USER_REACTIVATED
# Far longer than any access token lives: a token older than this has expired anyway.
REPLAY = timedelta(hours=24)
RETRY_SECONDS = 2.0
# One long poll; an empty one is followed by a consumer-info round trip that proves the server
# answers and nothing is pending, so a quiet stream and a stalled server look different.
POLL_SECONDS = 1.0
# Without such proof for this long the replica no longer vouches for accounts.
STALE_AFTER_SECONDS = 3.0
REPLAY_BATCH = 256
# The server drops a consumer nobody pulls from (this replica died or lost it in a stall).
CONSUMER_IDLE_SECONDS = 30.0


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
    """Keeps `Revocations` current from auth's stream, through NATS stalls and restarts.

    The feed owns its consumer rather than using the client's ordered consumer: nats-py re-creates
    an ordered consumer after a stall with the first subscription's start time still set, which
    the server refuses for good (err 10094). Here each (re-)subscription is an ephemeral pull
    consumer that starts by time only the first time, and afterwards right after the last stream
    sequence applied, so nothing is skipped and nothing is applied twice.
    """

    def __init__(self, revocations: Revocations, nats: NatsConnection, replay: timedelta = REPLAY) -> None:
        self.revocations = revocations
        self.nats = nats
        self._replay = replay
        self.ready = asyncio.Event()  # set once the first replay has caught up
        self._task: asyncio.Task[None] | None = None
        self._last_seq: int | None = None
        self._caught_up_at: float | None = None

    @property
    def following(self) -> bool:
        """Caught up with the stream within the last few seconds, as the server itself confirmed."""
        return self._caught_up_at is not None and time.monotonic() - self._caught_up_at < STALE_AFTER_SECONDS

    def start(self) -> None:
        self._task = asyncio.create_task(self._follow())

    async def _follow(self) -> None:
        while True:
            try:
                js = await self.nats.jetstream()  # waits until NATS is connected
                sub = await js.pull_subscribe(SUBJECTS, stream=STREAM, config=await self._consumer_config(js))
                try:
                    await self._pump(js, sub)
                finally:
                    with contextlib.suppress(Exception):
                        await sub.unsubscribe()
                    # Best effort: a stalled server forgets it by itself after CONSUMER_IDLE_SECONDS.
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(js.delete_consumer(STREAM, sub._consumer), 0.5)  # its only handle
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - no stream yet (auth never published), NATS stalled or away
                log.info("deactivations not followed; retrying", error=str(exc) or type(exc).__name__)
                await asyncio.sleep(RETRY_SECONDS)

    async def _consumer_config(self, js: JetStreamContext) -> ConsumerConfig:
        common = {"ack_policy": AckPolicy.NONE, "inactive_threshold": CONSUMER_IDLE_SECONDS, "mem_storage": True}
        if self._last_seq is not None:
            info = await js.stream_info(STREAM)
            if info.state.last_seq >= self._last_seq:
                return ConsumerConfig(
                    deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=self._last_seq + 1, **common
                )
            # The stream was re-created (its sequence went backwards): replay it by time again.
            log.warning("auth's stream was re-created; replaying account events", last_seq=self._last_seq)
        start = (datetime.now(UTC) - self._replay).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return ConsumerConfig(deliver_policy=DeliverPolicy.BY_START_TIME, opt_start_time=start, **common)

    async def _pump(self, js: JetStreamContext, sub: JetStreamContext.PullSubscription) -> None:
        behind = True
        while True:
            try:
                # A batch while replaying; one at a time when caught up, because a lingering pull
                # for many returns only when full or expired.
                messages = await sub.fetch(REPLAY_BATCH if behind else 1, timeout=POLL_SECONDS)
            except (NatsTimeoutError, TimeoutError):
                # Nothing came: prove the server answers and the consumer still exists.
                try:
                    info = await js.consumer_info(STREAM, sub._consumer, timeout=POLL_SECONDS)
                except NotFoundError:
                    log.warning("account-event consumer lost; re-creating it", last_seq=self._last_seq)
                    return
                behind = info.num_pending > 0
                if not behind:
                    self._caught_up()
                continue
            for msg in messages:
                self._apply(msg)
                self._last_seq = msg.metadata.sequence.stream
            behind = messages[-1].metadata.num_pending > 0
            if not behind:
                self._caught_up()

    def _caught_up(self) -> None:
        if not self.following:
            log.info("following deactivations", subjects=SUBJECTS, last_seq=self._last_seq)
        self._caught_up_at = time.monotonic()
        self.ready.set()

    def _apply(self, msg: Msg) -> None:
        if msg.subject not in (DEACTIVATED, REACTIVATED):
            return  # registered, locked, role changed: nothing to withdraw
        try:
            event: events_pb2.UserDeactivated | events_pb2.UserReactivated = (
                events_pb2.UserDeactivated.FromString(msg.data)
                if msg.subject == DEACTIVATED
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


# Asks auth whether the account behind a token may still act: True when it may, False when auth
# refuses it; raises when auth cannot answer.
AccountCheck = Callable[[str], Awaitable[bool]]
RECHECK_SECONDS = 2.0
RECHECK_CACHE_SIZE = 10_000
RECHECK_TIMEOUT_SECONDS = 2.0
REFUSED_BY_AUTH = (grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.UNAUTHENTICATED)


def auth_vouches(stub: auth_pb2_grpc.AuthServiceStub) -> AccountCheck:
    """Auth's own answer for the token: its GetMe refuses deactivated and deleted accounts."""

    async def check(token: str) -> bool:
        try:
            await stub.GetMe(
                auth_pb2.GetMeRequest(),
                metadata=(("authorization", f"Bearer {token}"),),
                timeout=RECHECK_TIMEOUT_SECONDS,
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() in REFUSED_BY_AUTH:
                return False
            # Neither the feed nor auth can vouch for the account: refuse, and say it will pass.
            raise AccountCheckUnavailable(
                "Your account cannot be checked right now; try again in a few seconds.",
                retry_after=5,
            ) from exc
        return True

    return check


class AccountGuard:
    """The verifier's last word on a genuine token: refused when its account is deactivated.

    While the feed follows the stream, the known deactivations decide without any call. While it
    does not (a gap it cannot vouch for), auth is asked about each account, remembered for a
    couple of seconds, so a deactivation made during the gap still takes effect at once.
    """

    def __init__(self, revocations: Revocations, feed: RevocationFeed, check: AccountCheck) -> None:
        self._revocations = revocations
        self._feed = feed
        self._check = check
        self._verdicts: OrderedDict[Account, tuple[bool, float]] = OrderedDict()

    async def denies(self, principal: Principal, token: str) -> bool:
        if self._revocations.denies(principal):
            return True
        if principal.is_service or self._feed.following:
            if self._verdicts:
                self._verdicts.clear()  # caught up: the stream decides again
            return False
        key = account(principal.user_id, principal.username)
        remembered = self._verdicts.get(key)
        now = time.monotonic()
        if remembered is not None and now < remembered[1]:
            return not remembered[0]
        allowed = await self._check(token)
        self._verdicts[key] = (allowed, now + RECHECK_SECONDS)
        if len(self._verdicts) > RECHECK_CACHE_SIZE:
            self._verdicts.popitem(last=False)
        return not allowed
