"""What the reactions to a batch of events lead to, written together when the batch ends: one read
of what their people chose (channels and lead times, one query), the notifications, their outbox
events and e-mails in one INSERT each, the reminders in one upsert and one update, the directory
in one upsert per set of fields the events carried.

The end state is the one handling the events one after the other would leave. Notifications keep
the order of their events. A reservation's reminder operations keep theirs: a second scheduling
replaces the first and a second cancelling adds nothing, and whatever is left alternates
(scheduled then cancelled in one batch ends cancelled), one round of statements per alternation.
A person's directory fields are merged in event order, as partial upserts one after the other
would leave them.
A reaction that needs the session itself (a query of its own, a write of another kind) gets it
through `session()`, which first writes what the batch has collected so far."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rr_notify.delivery import Notifier
from rr_notify.directory.repository import DirectoryRepository
from rr_notify.inapp.domain import NewNotification, ReservationFacts
from rr_notify.reminders.service import Reminders

# A reservation's reminder operation: scheduled with these facts, or cancelled (None).
_Operation = ReservationFacts | None


class Effects:
    def __init__(self, session: AsyncSession, notifier: Notifier, reminders: Reminders) -> None:
        self._session = session
        self._notifier = notifier
        self._reminders = reminders
        self._news: list[NewNotification] = []
        self._operations: dict[int, list[_Operation]] = {}
        self._directory: dict[int, dict[str, Any]] = {}

    def tell(self, news: Iterable[NewNotification]) -> None:
        self._news.extend(news)

    def remind(self, facts: Iterable[ReservationFacts]) -> None:
        for f in facts:
            self._operate(f.reservation_id, f)

    def cancel_reminders(self, reservation_ids: Iterable[int]) -> None:
        for reservation_id in reservation_ids:
            self._operate(reservation_id, None)

    def update_directory(self, row: Mapping[str, Any]) -> None:
        """A person's fields as an event tells them; a later event's fields win, the rest stay."""
        self._directory.setdefault(int(row["user_id"]), {}).update(row)

    def _operate(self, reservation_id: int, operation: _Operation) -> None:
        done = self._operations.setdefault(reservation_id, [])
        if done and (done[-1] is None) == (operation is None):
            done[-1] = operation
        else:
            done.append(operation)

    async def session(self) -> AsyncSession:
        """The batch's session, with everything collected so far written."""
        await self.flush()
        return self._session

    async def flush(self) -> None:
        news, operations, directory = self._news, self._operations, self._directory
        self._news, self._operations, self._directory = [], {}, {}
        if directory:
            await DirectoryRepository(self._session).upsert_many(list(directory.values()))
        scheduled = [f for done in operations.values() for f in done if f is not None]
        users = {n.user_id for n in news if n.user_id > 0} | {f.user_id for f in scheduled}
        if not users and not operations:
            return
        chosen = await self._notifier.preferences.read(self._session, users)
        if news:
            await self._notifier.deliver(self._session, news, chosen)
        leads = {f.user_id: chosen.lead(f.user_id) for f in scheduled}
        for step in range(max((len(done) for done in operations.values()), default=0)):
            now = {i: done[step] for i, done in operations.items() if len(done) > step}
            await self._reminders.schedule(self._session, [f for f in now.values() if f is not None], leads)
            await self._reminders.cancel(self._session, [i for i, f in now.items() if f is None])
