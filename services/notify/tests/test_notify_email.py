"""E-mail through a real SMTP server: HTML and text from the templates, per-user channel choices,
retries with backoff on temporary refusals, a recorded failure when it cannot work, and never a
second mail for a redelivered event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from rr.notify.v1 import notify_pb2

from rr_notify.consumers.booking import RESERVATION_CREATED
from rr_notify.email.render import TemplateProblem, render
from services.notify.tests.support import SmtpServer, eventually
from services.notify.tests.test_notify_inapp import register

START = datetime(2031, 7, 15, 8, 0, tzinfo=UTC)
END = datetime(2031, 7, 15, 9, 0, tzinfo=UTC)


async def email_rows(notify, user_id: int) -> list:
    return await notify.db.fetch("SELECT * FROM email_deliveries WHERE user_id = $1 ORDER BY id", user_id)


async def until(predicate: Callable[[], object]) -> None:
    async def check() -> bool:
        return bool(predicate())

    await eventually(check)


async def settled_rows(notify, user_id: int, statuses: list[str]) -> list:
    rows: list = []

    async def check() -> bool:
        rows[:] = await email_rows(notify, user_id)
        return [r["status"] for r in rows] == statuses

    await eventually(check)
    return rows


async def test_a_confirmation_arrives_as_html_and_text(notify, booking, smtp: SmtpServer, user_id: int) -> None:
    address = f"u{user_id}@example.com"
    await register(notify, user_id, email=address)

    await booking.publish(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END), "Lab <3>"))
    await until(lambda: smtp.mailbox.to(address))

    (mail,) = smtp.mailbox.to(address)
    assert mail["Subject"] == "Reservation confirmed" and mail["From"] == notify.settings.email_from
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert f"Hello u{user_id}," in text and "Lab <3> on Tue 15 Jul 2031, 10:00–11:00 (Europe/Berlin)" in text
    assert "Lab &lt;3&gt;" in html and "<3>" not in html, "HTML must be escaped"
    assert "https://rr.example/notifications/preferences" in text
    (row,) = await settled_rows(notify, user_id, ["sent"])
    assert row["to_address"] == address and row["attempts"] == 1 and row["sent_at"] is not None


async def test_a_temporary_refusal_is_retried_with_backoff(notify, booking, smtp: SmtpServer, user_id: int) -> None:
    address = f"u{user_id}@example.com"
    await register(notify, user_id, email=address)
    smtp.mailbox.refuse[address] = 2

    await notify.process(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END)))

    (row,) = await settled_rows(notify, user_id, ["sent"])
    assert row["attempts"] == 3 and smtp.mailbox.refused.count(address) == 2
    assert len(smtp.mailbox.to(address)) == 1
    # Every attempt is the same message to a mail system: one Message-ID, one delivery id.
    attempts = [m for m in smtp.mailbox.offered if m["To"] == address]
    assert len(attempts) == 3
    assert {(m["Message-ID"], m["X-RR-Delivery"]) for m in attempts} == {
        (attempts[0]["Message-ID"], f"email-{row['id']}")
    }


async def test_it_gives_up_after_the_last_attempt_and_records_why(
    notify, booking, smtp: SmtpServer, user_id: int
) -> None:
    address = f"u{user_id}@example.com"
    await register(notify, user_id, email=address)
    smtp.mailbox.refuse[address] = 100

    await notify.process(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END)))

    (row,) = await settled_rows(notify, user_id, ["failed"])
    assert row["attempts"] == notify.settings.email_max_attempts
    assert "Mailbox busy" in row["last_error"]
    assert smtp.mailbox.to(address) == []


async def test_a_redelivered_event_sends_one_mail(notify, booking, smtp: SmtpServer, user_id: int) -> None:
    address = f"u{user_id}@example.com"
    await register(notify, user_id, email=address)
    message = booking.created(booking.reservation(user_id, START, END))

    assert [await notify.process(RESERVATION_CREATED, message) for _ in range(3)] == [
        "processed",
        "duplicate",
        "duplicate",
    ]

    await settled_rows(notify, user_id, ["sent"])
    assert len(smtp.mailbox.to(address)) == 1


async def test_muted_e_mail_sends_nothing_but_keeps_the_in_app_notification(
    notify, booking, smtp: SmtpServer, user_id: int
) -> None:
    await register(notify, user_id)
    request = notify_pb2.UpdatePreferencesRequest(
        channels=[notify_pb2.ChannelPreferenceUpdate(type="reservation_confirmed", email=False)]
    )
    await notify.stub.UpdatePreferences(request, metadata=notify.auth(user_id))

    await notify.process(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END)))

    assert await email_rows(notify, user_id) == []
    assert await notify.db.fetchval("SELECT count(*) FROM notifications WHERE user_id = $1", user_id) == 1


async def test_an_unknown_address_is_recorded_not_sent(notify, booking, user_id: int) -> None:
    await notify.process(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END)))

    (row,) = await settled_rows(notify, user_id, ["failed"])
    assert row["last_error"] == f"No e-mail address is known for user {user_id}."


async def test_a_template_missing_a_field_fails_clearly_and_mail_keeps_flowing(
    notify, booking, smtp: SmtpServer, user_id: int
) -> None:
    address = f"u{user_id}@example.com"
    await register(notify, user_id, email=address)
    # A reminder whose facts lack the time the reminder template shows.
    await notify.db.execute(
        "INSERT INTO email_deliveries (user_id, template, context) VALUES ($1, 'reservation_reminder', $2)",
        user_id,
        '{"type": "reservation_reminder", "title": "Soon", "message": "Soon.", "subject_id": 1, "details": {"resource": "Lab"}}',
    )
    await notify.process(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END)))

    broken, fine = await settled_rows(notify, user_id, ["failed", "sent"])
    assert broken["attempts"] == 1, "a template problem is not retried"
    assert (
        broken["last_error"]
        == "The e-mail template for 'reservation_reminder' needs the field 'when', which this notification does not have."
    )
    assert [m["Subject"] for m in smtp.mailbox.to(address)] == ["Reservation confirmed"]


def test_render_names_the_missing_field() -> None:
    try:
        render("notification", {"title": "T", "message": "M", "app_url": "x"})
    except TemplateProblem as problem:
        assert "'username'" in str(problem)
    else:
        raise AssertionError("rendering without a username must fail")
