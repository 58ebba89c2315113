"""Pure rules: signatures, target checks, event filters, retry schedule, event decoding."""

from __future__ import annotations

import ipaddress
import random
import time

import pytest
from rr.booking.v1 import booking_pb2
from rr.booking.v1 import events_pb2 as booking_events

from rr_common.errors import InvalidInput
from rr_notify.backoff import retry_delay
from rr_notify.decoding import decode, message_class, trace_id
from rr_notify.webhooks import domain
from rr_notify.webhooks.guard import BlockedTarget, TargetPolicy, parse_networks
from rr_notify.webhooks.signing import signature, signature_header, verify
from services.notify.tests.support import TRACEPARENT, as_event, header


class TestSigning:
    def test_header_format_and_verification(self) -> None:
        body = b'{"a":1}'
        value = signature_header("s3cret-s3cret-s3cret", body, timestamp=1_700_000_000)
        assert value == f"t=1700000000,v1={signature('s3cret-s3cret-s3cret', 1_700_000_000, body)}"
        assert verify("s3cret-s3cret-s3cret", body, value, now=1_700_000_100)

    @pytest.mark.parametrize("header_value", ["", "t=abc,v1=00", "v1=00", "garbage"])
    def test_malformed_headers_never_verify(self, header_value: str) -> None:
        assert not verify("secret", b"{}", header_value)

    def test_old_timestamps_are_replays(self) -> None:
        value = signature_header("secret", b"{}")
        assert verify("secret", b"{}", value)
        assert not verify("secret", b"{}", value, now=time.time() + 301)


class TestTargets:
    @pytest.mark.parametrize(
        "ip",
        [
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:192.168.0.1",
            "224.0.0.1",
        ],
    )
    def test_non_public_addresses_are_blocked(self, ip: str) -> None:
        with pytest.raises(BlockedTarget):
            TargetPolicy().check_ip(ipaddress.ip_address(ip), ip)

    def test_public_addresses_pass_and_allowed_networks_are_explicit(self) -> None:
        TargetPolicy().check_ip(ipaddress.ip_address("93.184.215.14"), "x")
        TargetPolicy(parse_networks("127.0.0.0/8, ::1/128")).check_ip(ipaddress.ip_address("127.0.0.5"), "x")
        with pytest.raises(BlockedTarget):
            TargetPolicy(parse_networks("127.0.0.0/8")).check_ip(ipaddress.ip_address("10.0.0.1"), "x")

    async def test_the_connection_goes_to_the_checked_address(self) -> None:
        target = await TargetPolicy(parse_networks("127.0.0.0/8")).check("https://127.0.0.1:8443/a/b?c=d")
        assert (target.connect_url, target.host, target.server_name) == (
            "https://127.0.0.1:8443/a/b?c=d",
            "127.0.0.1:8443",
            "127.0.0.1",
        )

    async def test_a_name_resolving_to_a_private_address_is_blocked(self) -> None:
        with pytest.raises(BlockedTarget, match="private, loopback or reserved"):
            await TargetPolicy().check("http://localhost:9/hook")


class TestEventFilters:
    def test_normalizes_and_matches(self) -> None:
        filters = domain.normalize_filters([" reservation.* ", "rr.auth.user.registered", "reservation.*"])
        assert filters == ["reservation.*", "user.registered"]
        assert domain.matches(filters, "reservation.no_show") and domain.matches(filters, "user.registered")
        assert not domain.matches(filters, "user.locked") and domain.matches(["*"], "anything.at_all")

    @pytest.mark.parametrize("bad", [[], ["reservation"], ["a.b.c"], ["Reservation.created"], ["*.created"], ["x" * 3]])
    def test_refuses_what_is_not_an_event_type(self, bad: list[str]) -> None:
        with pytest.raises(InvalidInput):
            domain.normalize_filters(bad)


def test_retry_delays_grow_exponentially_with_jitter_and_a_cap() -> None:
    rng = random.Random(7)
    delays = [retry_delay(n, base=60, cap=3600, rng=rng) for n in range(1, 9)]
    for n, d in enumerate(delays, start=1):
        exact = min(60 * 2 ** (n - 1), 3600)
        assert 0.8 * exact <= d <= 1.2 * exact
    assert sum(delays) > 2 * 3600, "eight attempts span hours"


class TestDecoding:
    def test_known_and_shared_and_unknown_types(self) -> None:
        assert message_class("rr.booking.reservation.created") is booking_events.ReservationCreated
        assert message_class("rr.booking.reservation.no_show") is booking_events.ReservationChanged
        assert message_class("rr.booking.gizmo.exploded") is None
        assert message_class("not.a.subject") is None

    def test_header_fields_and_trace(self) -> None:
        message = booking_events.ReservationCreated(header=header(42), reservation=booking_pb2.Reservation(id=9))
        event = decode(as_event("rr.booking.reservation.created", message))
        assert (event.actor_user_id, event.service, event.entity, event.action) == (
            42,
            "booking",
            "reservation",
            "reservation.created",
        )
        assert event.entity_id(event.data()) == "9" and event.trace_id == trace_id({"traceparent": TRACEPARENT}) != ""
