"""A service start never weakens a stream an operator configured; it sets only what it is told."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import nats
import pytest
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, StreamConfig

from rr_common.settings import ServiceSettings
from rr_common.streams import StreamPolicy, ensure_stream, stream_name
from rr_devstack.pytest_plugin import private_nats

WEEK = 7 * 24 * 3600.0


@pytest.fixture
async def js(tmp_path: Path) -> AsyncIterator[JetStreamContext]:
    with private_nats(tmp_path) as server:
        client = await nats.connect(server.url)
        try:
            yield client.jetstream()
        finally:
            await client.close()


async def operator_made(js: JetStreamContext) -> None:
    await js.add_stream(
        StreamConfig(
            name=stream_name("booking"),
            subjects=["rr.booking.>"],
            max_age=WEEK,
            max_bytes=10_000_000,
            discard=DiscardPolicy.NEW,
            duplicate_window=600.0,
        )
    )


async def test_an_operators_stream_is_left_as_it_is_when_nothing_is_configured(js: JetStreamContext) -> None:
    await operator_made(js)
    await ensure_stream(js, "booking")
    await ensure_stream(js, "booking", owner=False)
    config = (await js.stream_info(stream_name("booking"))).config
    assert (config.max_age, config.max_bytes, config.discard, config.duplicate_window) == (
        WEEK,
        10_000_000,
        DiscardPolicy.NEW,
        600.0,
    )


async def test_only_the_configured_fields_change(js: JetStreamContext) -> None:
    await operator_made(js)
    await ensure_stream(js, "booking", StreamPolicy(max_age_seconds=3600.0))
    config = (await js.stream_info(stream_name("booking"))).config
    assert config.max_age == 3600.0
    assert (config.max_bytes, config.discard, config.duplicate_window) == (10_000_000, DiscardPolicy.NEW, 600.0)
    # A consumer of another service's stream never changes it.
    await ensure_stream(js, "booking", StreamPolicy(max_age_seconds=60.0), owner=False)
    assert (await js.stream_info(stream_name("booking"))).config.max_age == 3600.0


async def test_a_missing_stream_is_created_with_the_policy_from_settings(js: JetStreamContext) -> None:
    settings = ServiceSettings(
        nats_stream_replicas=1,
        nats_stream_max_age_seconds=WEEK,
        nats_stream_discard="old",
        nats_stream_max_bytes=5_000_000,
    )
    await ensure_stream(js, "catalog", StreamPolicy.of(settings))
    config = (await js.stream_info(stream_name("catalog"))).config
    assert (config.num_replicas, config.max_age, config.max_bytes, config.discard) == (
        1,
        WEEK,
        5_000_000,
        DiscardPolicy.OLD,
    )
    assert config.duplicate_window == 120.0, "re-published events are de-duplicated by default"
    assert config.subjects == ["rr.catalog.>"]


def test_bad_stream_settings_are_refused_with_the_field_named() -> None:
    with pytest.raises(ValueError, match="nats_stream_discard"):
        ServiceSettings(nats_stream_discard="oldest")
    with pytest.raises(ValueError, match="nats_stream_replicas"):
        ServiceSettings(nats_stream_replicas=0)


def test_blank_stream_settings_leave_the_stream_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NATS_STREAM_REPLICAS", "")
    assert StreamPolicy.of(ServiceSettings()).configured() == {}


async def test_a_stream_created_without_a_policy_keeps_a_week(js: JetStreamContext) -> None:
    await ensure_stream(js, "waitlist", owner=False)
    assert (await js.stream_info(stream_name("waitlist"))).config.max_age == WEEK
    assert ServiceSettings().inbox_retention_seconds > WEEK, "processed ids outlive the events that could come again"
