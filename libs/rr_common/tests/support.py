"""Tables the kernel tests declare on a scratch database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table

from rr_common.consumer import ConsumerTables


@dataclass(frozen=True)
class Tables:
    outbox: Table
    consumer: ConsumerTables
