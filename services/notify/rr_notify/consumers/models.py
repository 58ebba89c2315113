"""The newest version of each aggregate whose event notify reacted to."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from rr_notify.base import Base


class AggregateVersion(Base):
    __tablename__ = "aggregate_versions"

    aggregate: Mapped[str] = mapped_column(String(40), primary_key=True)
    aggregate_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
