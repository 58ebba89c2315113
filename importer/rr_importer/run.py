"""The import, in dependency order: accounts (auth), resources (catalog), series and reservations
(booking). Each service answers per row with the id it became, so ids of other services' rows
are mapped here before they are sent on; a second run gets the same answers ('already there')."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from rr.auth.v1 import legacy_import_pb2 as auth_pb2
from rr.auth.v1 import legacy_import_pb2_grpc as auth_grpc
from rr.booking.v1 import legacy_import_pb2 as booking_pb2
from rr.booking.v1 import legacy_import_pb2_grpc as booking_grpc
from rr.catalog.v1 import legacy_import_pb2 as catalog_pb2
from rr.catalog.v1 import legacy_import_pb2_grpc as catalog_grpc
from rr.common.v1 import legacy_import_pb2 as common_pb2
from rr.notify.v1 import legacy_import_pb2 as notify_pb2
from rr.notify.v1 import legacy_import_pb2_grpc as notify_grpc
from rr.waitlist.v1 import legacy_import_pb2 as waitlist_pb2
from rr.waitlist.v1 import legacy_import_pb2_grpc as waitlist_grpc

from rr_common.grpc_client import create_channel
from rr_common.service_tokens import ServiceTokenProvider
from rr_importer import bookings, convert, messages
from rr_importer.report import Report
from rr_importer.schema import IMPORTED, plan_for
from rr_importer.source import OldDatabase
from rr_importer.targets import Targets

T = TypeVar("T")
Say = Callable[[str], None]
BATCH = {
    "notification settings": 1000,
    "calendar feeds": 1000,
    "groups": 10_000,
    "labels": 1000,
    "users": 200,
    "resources": 200,
    "series": 200,
    "reservations": 1000,
    "waitlist": 500,
    "notifications": 1000,
    "webhooks": 200,
    "reminders": 1000,
}
CALL_TIMEOUT = 120.0
MAPPED = (common_pb2.IMPORT_OUTCOME_CREATED, common_pb2.IMPORT_OUTCOME_ALREADY_THERE)


def source_of(rows: dict[str, list[dict[str, Any]]]) -> str:
    """A name for the old database, the same on every run over it: its first accounts' and
    resources' ids and names (old ids are unique only within one database)."""
    digest = hashlib.sha256()
    for table, column in (("users", "username"), ("resources", "name")):
        for row in sorted(rows[table], key=lambda r: int(r["id"]))[:50]:
            digest.update(f"{table}:{row['id']}:{row[column]}\n".encode())
    return digest.hexdigest()[:16]


class Importer:
    def __init__(self, targets: Targets, dry_run: bool, say: Say, source: str = "") -> None:
        self.tokens = ServiceTokenProvider.from_grpc(
            targets.auth, targets.client_id, targets.client_secret, ["data:import"]
        )
        self.auth = auth_grpc.LegacyImportServiceStub(create_channel(targets.auth, CALL_TIMEOUT))
        self.catalog = catalog_grpc.LegacyImportServiceStub(create_channel(targets.catalog, CALL_TIMEOUT))
        self.booking = booking_grpc.LegacyImportServiceStub(create_channel(targets.booking, CALL_TIMEOUT))
        self.waitlist = waitlist_grpc.LegacyImportServiceStub(create_channel(targets.waitlist, CALL_TIMEOUT))
        self.notify = notify_grpc.LegacyImportServiceStub(create_channel(targets.notify, CALL_TIMEOUT))
        self.dry_run = dry_run
        self.say = say
        self.source = source
        self.began = time.monotonic()
        self.report = Report(dry_run=dry_run)

    async def run(self, source: OldDatabase) -> Report:
        tables = await source.tables()
        self.report.tables = {
            t: (f"-> {p.into}: {p.note}" if p.into else f"skipped: {p.note}") for t, p in plan_for(tables).items()
        }
        rows = {name: (await source.rows(name) if name in tables else []) for name in IMPORTED}
        self.source = self.source or source_of(rows)
        self.say(f"Old database {self.source}: {', '.join(f'{t} {len(r)}' for t, r in rows.items())}")
        now = datetime.now(UTC)
        users = await self._users(rows)
        resources = await self._resources(rows)
        names = {
            "users": {str(u["id"]): str(u["username"]) for u in rows["users"]},
            "resources": {str(r["id"]): str(r["name"]) for r in rows["resources"]},
        }
        plan = bookings.series(
            rows["recurrence_rules"], rows["reservations"], users, resources, now, names["resources"]
        )
        series_rows = await self._batches("series", plan.series, self._import_series)
        # Occurrences of a series that was not imported go in on their own.
        imported_series = {r.old_id for r in series_rows if r.outcome in MAPPED}
        occurrences = {k: v for k, v in plan.occurrences.items() if v.series_old_id in imported_series}
        booked = bookings.reservations(
            rows["reservations"], rows["reservation_history"], users, resources, names, occurrences, now
        )
        for old_id, why in booked.skipped:
            self.report.skip("reservations", old_id, why)
        reservation_ids = self._mapping(
            await self._batches("reservations", booked.reservations, self._import_reservations)
        )
        self.report.pair_double_bookings()
        await self._batches(
            "calendar feeds", bookings.calendar_tokens(rows["users"], users), self._import_calendar_tokens
        )
        entries, skipped = bookings.waitlist(rows["waitlist"], users, resources, names["resources"])
        for old_id, why in skipped:
            self.report.skip("waitlist", old_id, why)
        await self._batches("waitlist", entries, self._import_waitlist)
        notes, skipped_notes = messages.notifications(rows["notifications"], users)
        hooks, skipped_hooks = messages.webhooks(rows["webhooks"], users)
        for kind, skipped_rows in (("notifications", skipped_notes), ("webhooks", skipped_hooks)):
            for old_id, why in skipped_rows:
                self.report.skip(kind, old_id, why)
        await self._batches("notifications", notes, self._import_notifications)
        await self._batches("webhooks", hooks, self._import_webhooks)
        await self._batches(
            "notification settings", messages.user_settings(rows["users"], users), self._import_user_settings
        )
        # After the settings: each reminder comes as long before the start as its owner chose.
        upcoming = bookings.reminders(booked.reservations, rows["reservations"], reservation_ids, now)
        await self._batches("reminders", upcoming, self._import_reminders)
        if not self.dry_run:
            await self._record()
        return self.report

    async def _users(self, rows: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
        messages = convert.users(rows["users"], rows["roles"], rows["user_roles"])
        answers = await self._batches("users", messages, self._import_users)
        return self._mapping(answers)

    async def _resources(self, rows: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
        await self._batches("groups", convert.groups(rows["resource_groups"]), self._import_groups)
        await self._batches("labels", convert.labels(rows["labels"]), self._import_labels)
        messages = convert.resources(
            rows["resources"], rows["business_hours"], rows["blackout_dates"], rows["resource_labels"]
        )
        answers = await self._batches("resources", messages, self._import_resources)
        return self._mapping(answers)

    def _mapping(self, answers: Sequence[common_pb2.ImportedRow]) -> dict[str, int]:
        """Old id -> new id of rows that exist (in a dry run, rows to be created keep their old id
        as a stand-in, so the next kinds can still be checked)."""
        mapping = {}
        for answer in answers:
            if answer.outcome in MAPPED and answer.new_id:
                mapping[answer.old_id] = answer.new_id
            elif self.dry_run and answer.outcome == common_pb2.IMPORT_OUTCOME_CREATED and answer.old_id.isdigit():
                mapping[answer.old_id] = int(answer.old_id)
        return mapping

    async def _batches(
        self, kind: str, items: Sequence[T], call: Callable[[Sequence[T]], Awaitable[Sequence[common_pb2.ImportedRow]]]
    ) -> list[common_pb2.ImportedRow]:
        answers: list[common_pb2.ImportedRow] = []
        size = BATCH[kind]
        self.report.counts.setdefault(kind, Counter())
        for start in range(0, len(items), size):
            got = await call(items[start : start + size])
            self.report.add(kind, got)
            answers += got
            self.say(
                f"{self.report.progress(kind, min(start + size, len(items)), len(items))} {time.monotonic() - self.began:.1f} s"
            )
        if not items:
            self.say(self.report.progress(kind, 0, 0))
        return answers

    async def _import_users(self, batch: Sequence[auth_pb2.LegacyUser]) -> Sequence[common_pb2.ImportedRow]:
        answer = await self.auth.ImportUsers(
            auth_pb2.ImportUsersRequest(users=batch, dry_run=self.dry_run, source=self.source),
            metadata=await self.tokens.metadata(),
        )
        return list(answer.rows)

    async def _import_resources(self, batch: Sequence[catalog_pb2.LegacyResource]) -> Sequence[common_pb2.ImportedRow]:
        answer = await self.catalog.ImportResources(
            catalog_pb2.ImportResourcesRequest(resources=batch, dry_run=self.dry_run, source=self.source),
            metadata=await self.tokens.metadata(),
        )
        return list(answer.rows)

    async def _import_series(self, batch: Sequence[booking_pb2.LegacySeries]) -> Sequence[common_pb2.ImportedRow]:
        answer = await self.booking.ImportSeries(
            booking_pb2.ImportSeriesRequest(series=batch, dry_run=self.dry_run, source=self.source),
            metadata=await self.tokens.metadata(),
        )
        return list(answer.rows)

    async def _import_reservations(
        self, batch: Sequence[booking_pb2.LegacyReservation]
    ) -> Sequence[common_pb2.ImportedRow]:
        answer = await self.booking.ImportReservations(
            booking_pb2.ImportReservationsRequest(reservations=batch, dry_run=self.dry_run, source=self.source),
            metadata=await self.tokens.metadata(),
        )
        return list(answer.rows)

    async def _import_waitlist(self, batch: Sequence[waitlist_pb2.LegacyEntry]) -> Sequence[common_pb2.ImportedRow]:
        answer = await self.waitlist.ImportEntries(
            waitlist_pb2.ImportEntriesRequest(entries=batch, dry_run=self.dry_run, source=self.source),
            metadata=await self.tokens.metadata(),
        )
        return list(answer.rows)

    async def _import_notifications(
        self, batch: Sequence[notify_pb2.LegacyNotification]
    ) -> Sequence[common_pb2.ImportedRow]:
        answer = await self.notify.ImportNotifications(
            notify_pb2.ImportNotificationsRequest(notifications=batch, dry_run=self.dry_run, source=self.source),
            metadata=await self.tokens.metadata(),
        )
        return list(answer.rows)

    async def _import_webhooks(self, batch: Sequence[notify_pb2.LegacyWebhook]) -> Sequence[common_pb2.ImportedRow]:
        answer = await self.notify.ImportWebhooks(
            notify_pb2.ImportWebhooksRequest(webhooks=batch, dry_run=self.dry_run, source=self.source),
            metadata=await self.tokens.metadata(),
        )
        return list(answer.rows)

    async def _record(self) -> None:
        """The audit log gets one 'imported' record per kind of row, with this run's counts."""
        counts = [
            notify_pb2.ImportCount(
                kind=kind,
                created=c["created"],
                already_there=c["already there"],
                skipped=c["skipped"],
                conflicts=c["conflict"],
            )
            for kind, c in self.report.counts.items()
        ]
        await self.notify.RecordImport(
            notify_pb2.RecordImportRequest(source=self.source, counts=counts), metadata=await self.tokens.metadata()
        )

    async def _import_groups(self, batch: Sequence[catalog_pb2.LegacyGroup]) -> Sequence[common_pb2.ImportedRow]:
        # One batch for the whole tree: a group's parent must be imported before it.
        answer = await self.catalog.ImportGroups(
            catalog_pb2.ImportGroupsRequest(groups=batch, dry_run=self.dry_run, source=self.source),
            metadata=await self.tokens.metadata(),
        )
        return list(answer.rows)

    async def _import_labels(self, batch: Sequence[catalog_pb2.LegacyLabel]) -> Sequence[common_pb2.ImportedRow]:
        answer = await self.catalog.ImportLabels(
            catalog_pb2.ImportLabelsRequest(labels=batch, dry_run=self.dry_run, source=self.source),
            metadata=await self.tokens.metadata(),
        )
        return list(answer.rows)

    async def _import_calendar_tokens(
        self, batch: Sequence[booking_pb2.LegacyCalendarToken]
    ) -> Sequence[common_pb2.ImportedRow]:
        answer = await self.booking.ImportCalendarTokens(
            booking_pb2.ImportCalendarTokensRequest(tokens=batch, dry_run=self.dry_run, source=self.source),
            metadata=await self.tokens.metadata(),
        )
        return list(answer.rows)

    async def _import_reminders(self, batch: Sequence[notify_pb2.LegacyReminder]) -> Sequence[common_pb2.ImportedRow]:
        answer = await self.notify.ImportReminders(
            notify_pb2.ImportRemindersRequest(reminders=batch, dry_run=self.dry_run, source=self.source),
            metadata=await self.tokens.metadata(),
        )
        return list(answer.rows)

    async def _import_user_settings(
        self, batch: Sequence[notify_pb2.LegacyUserSettings]
    ) -> Sequence[common_pb2.ImportedRow]:
        answer = await self.notify.ImportUserSettings(
            notify_pb2.ImportUserSettingsRequest(settings=batch, dry_run=self.dry_run, source=self.source),
            metadata=await self.tokens.metadata(),
        )
        return list(answer.rows)
