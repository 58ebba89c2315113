"""Send one message over SMTP (aiosmtplib), as HTML with a plain-text alternative."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate

import aiosmtplib

from rr_notify.email.render import RenderedEmail


@dataclass(frozen=True)
class DeliveryReference:
    """Which queued e-mail a message is, the same on every attempt."""

    delivery_id: int
    created_at: datetime

    @property
    def header(self) -> str:
        return f"email-{self.delivery_id}"

    @property
    def message_id(self) -> str:
        # Stable across retries, so a mail system can drop a second copy of one delivery; the
        # queue time keeps it unique when ids start over (a new database) for the same inboxes.
        return f"<email-{self.delivery_id}.{self.created_at.strftime('%Y%m%d%H%M%S%f')}@resource-reserver>"


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str = ""
    password: str = ""
    security: str = "none"  # none | starttls | tls
    timeout: float = 10.0
    sender: str = "Resource Reserver <no-reply@localhost>"


class SmtpSender:
    def __init__(self, config: SmtpConfig) -> None:
        self.config = config

    def compose(self, to: str, email: RenderedEmail, reference: DeliveryReference) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.config.sender
        message["To"] = to
        message["Subject"] = email.subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = reference.message_id
        # Lets a mail log be tied back to the delivery row, and a receiver drop a repeat.
        message["X-RR-Delivery"] = reference.header
        message.set_content(email.text)
        message.add_alternative(email.html, subtype="html")
        return message

    async def send(self, to: str, email: RenderedEmail, reference: DeliveryReference) -> None:
        c = self.config
        await aiosmtplib.send(
            self.compose(to, email, reference),
            hostname=c.host,
            port=c.port,
            username=c.username or None,
            password=c.password or None,
            use_tls=c.security == "tls",
            start_tls=True if c.security == "starttls" else False,
            timeout=c.timeout,
        )
