"""The services the waitlist is made of, built once by the composition root and shared by the
servicer, the consumers and the sweeper."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from rr_common.db import Database
from rr_waitlist.clients.booking import BookingClient
from rr_waitlist.clients.catalog import CatalogClient
from rr_waitlist.config import Settings
from rr_waitlist.entries.service import EntryService
from rr_waitlist.legacy_import.service import EntryImport
from rr_waitlist.offers.service import OfferService, OfferSettings


@dataclass(frozen=True)
class Services:
    db: Database
    settings: Settings
    entries: EntryService
    offers: OfferService
    entry_import: EntryImport


def build_services(db: Database, settings: Settings, catalog: CatalogClient, booking: BookingClient) -> Services:
    offers = OfferService(
        booking,
        OfferSettings(
            timedelta(seconds=settings.offer_ttl_seconds), settings.flexible_hours, settings.max_candidates_per_slot
        ),
    )
    return Services(
        db=db,
        settings=settings,
        entries=EntryService(catalog, booking, offers),
        offers=offers,
        entry_import=EntryImport(),
    )
