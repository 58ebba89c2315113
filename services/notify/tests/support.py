"""Real servers notify talks to in tests: an SMTP server (aiosmtpd) and an HTTP webhook receiver
(uvicorn), each recording what it got and able to fail on purpose. Also builders of other
services' events, published to their real JetStream streams."""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import secrets
import socket
import sys
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import uvicorn
from aiosmtpd.controller import Controller
from google.protobuf.message import Message
from nats.js import JetStreamContext
from rr.common.v1 import common_pb2

from rr_common.consumer import Event
from rr_common.timeconv import to_timestamp, utcnow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 15.0, interval: float = 0.02) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(interval)


async def bounded(awaitable: Awaitable[Any], seconds: float, what: str) -> Any:
    """Fail clearly (with every task's stack) instead of hanging the whole suite."""
    try:
        return await asyncio.wait_for(awaitable, seconds)
    except TimeoutError:
        for task in asyncio.all_tasks():
            with contextlib.suppress(Exception):  # frames of compiled grpc code have no line numbers
                task.print_stack(limit=6, file=sys.stderr)
        raise AssertionError(f"{what} took more than {seconds} s") from None


# -- SMTP -----------------------------------------------------------------------------------


@dataclass
class Mailbox:
    """What the SMTP server accepted, and addresses it refuses (temporarily) a number of times;
    `delay` makes it a slow server (seconds before it answers each message)."""

    received: list[EmailMessage] = field(default_factory=list)
    refuse: dict[str, int] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    delay: float = 0.0
    # Every message handed over, refused or accepted, in order: what each attempt looked like.
    offered: list[EmailMessage] = field(default_factory=list)
    # The first messages in order of arrival: (seconds before answering, refuse it).
    plan: list[tuple[float, bool]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's hook name
        delay, refuse = self.plan.pop(0) if self.plan else (self.delay, False)
        if delay:
            await asyncio.sleep(delay)
        to = envelope.rcpt_tos[0]
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.offered.append(message)
        if refuse:
            self.refused.append(to)
            return "451 4.3.0 Mailbox busy, try again later"
        if self.refuse.get(to, 0) > 0:
            self.refuse[to] -= 1
            self.refused.append(to)
            return "451 4.3.0 Mailbox busy, try again later"
        self.received.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.received if m["To"] == address]


@dataclass
class SmtpServer:
    host: str
    port: int
    mailbox: Mailbox
    controller: Controller


def start_smtp(mailbox: Mailbox | None = None) -> SmtpServer:
    mailbox = mailbox or Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    return SmtpServer("127.0.0.1", port, mailbox, controller)


# -- HTTP webhook receiver ------------------------------------------------------------------


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    status: int


@dataclass
class Receiver:
    """An HTTP endpoint: answers `fail_first` requests with 500 (or hangs `delay` seconds), then 200.
    `plan` scripts the first requests in order of arrival: (seconds before answering, status)."""

    port: int = 0
    fail_first: int = 0
    always_fail: bool = False
    delay: float = 0.0
    plan: list[tuple[float, int]] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    server: uvicorn.Server | None = None
    task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/{secrets.token_hex(3)}"

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                pass
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if self.plan:
            delay, status = self.plan.pop(0)
            await asyncio.sleep(delay)
        else:
            if self.delay:
                await asyncio.sleep(self.delay)
            failing = self.always_fail or self.fail_first > 0
            self.fail_first = max(self.fail_first - 1, 0)
            status = 500 if failing else 200
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        self.requests.append(Received(headers, body, status))
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"ok" if status == 200 else b"down"})

    def accepted(self) -> list[Received]:
        return [r for r in self.requests if r.status == 200]


async def start_receiver(receiver: Receiver | None = None) -> Receiver:
    receiver = receiver or Receiver()
    receiver.port = free_port()
    config = uvicorn.Config(
        receiver, host="127.0.0.1", port=receiver.port, log_config=None, access_log=False, lifespan="off"
    )
    receiver.server = uvicorn.Server(config)
    receiver.task = asyncio.create_task(receiver.server.serve())
    await eventually(lambda: _started(receiver), timeout=5)
    return receiver


async def _started(receiver: Receiver) -> bool:
    return bool(receiver.server and receiver.server.started)


async def stop_receiver(receiver: Receiver) -> None:
    if receiver.server is not None and receiver.task is not None:
        receiver.server.should_exit = True
        await receiver.task


# -- events of other services ---------------------------------------------------------------


def header(actor: int = 0) -> common_pb2.EventHeader:
    return common_pb2.EventHeader(event_id=str(uuid.uuid4()), occurred_at=to_timestamp(utcnow()), actor_user_id=actor)


TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def as_event(subject: str, message: Message, event_id: str | None = None, payload: bytes | None = None) -> Event:
    header_id = message.header.event_id  # type: ignore[attr-defined]
    headers = {"Nats-Msg-Id": event_id or header_id, "rr-event-type": subject, "traceparent": TRACEPARENT}
    return Event(
        subject, event_id or header_id, payload if payload is not None else message.SerializeToString(), headers, 1
    )


async def publish(js: JetStreamContext, subject: str, message: Message) -> None:
    event = as_event(subject, message)
    await js.publish(subject, event.payload, headers=dict(event.headers))
