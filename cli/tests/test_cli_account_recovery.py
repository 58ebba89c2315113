"""`rr auth password reset` / `reset-confirm` with the link from a real e-mail, and
`rr auth account delete` (asked to confirm unless --yes)."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

from cli.tests.support import PASSWORD, Cli, new_cli
from services.notify.tests.support import SmtpServer

NEW_PASSWORD = "Fresh-Start-77"


def token_mailed_to(smtp: SmtpServer, address: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while not smtp.mailbox.to(address):
        assert time.monotonic() < deadline, f"no e-mail reached {address}"
        time.sleep(0.1)
    body = smtp.mailbox.to(address)[-1].get_body(preferencelist=("plain",))
    assert body is not None
    link = next(word for word in body.get_content().split() if "/reset-password?token=" in word)
    return parse_qs(urlparse(link).query)["token"][0]


def test_reset_a_forgotten_password_with_the_mailed_token(user: Cli, smtp: SmtpServer, api_url: str) -> None:
    stranger = new_cli(user.home.parent, api_url)
    asked = stranger("auth", "password", "reset", "--email", f"{user.username}@example.com").ok()
    assert "e-mail" in asked.out
    token = token_mailed_to(smtp, f"{user.username}@example.com")

    stranger("auth", "password", "reset-confirm", "--token", token, "--new", NEW_PASSWORD).ok()
    # The old session ended: once its access token is due for renewal, it is not renewed.
    user.edit_session(expires_at=time.time() + 5)
    user("auth", "whoami").fails(1)
    user("auth", "login", user.username, "--password", NEW_PASSWORD).ok()
    assert user.json("auth", "whoami")["username"] == user.username
    # Spent: the same token again is refused with the reason.
    line = (
        stranger("auth", "password", "reset-confirm", "--token", token, "--new", "Other-Pass-88")
        .fails(1)
        .one_error_line()
    )
    assert "already used" in line
    assert "--email or --username" in stranger("auth", "password", "reset").fails(1).one_error_line()


def test_delete_my_account_after_confirming(user: Cli) -> None:
    # Not confirmed: nothing happens.
    user("auth", "account", "delete", "--password", PASSWORD, input="n\n").fails(1)
    assert user.json("auth", "whoami")["username"] == user.username
    wrong = user("auth", "account", "delete", "--password", "Wrong-Pass-123", "--yes").fails(1).one_error_line()
    assert "password is not correct" in wrong
    user("auth", "account", "delete", "--password", PASSWORD, "--yes").ok()
    # Signed out, and the account cannot sign in again.
    user("auth", "whoami").fails(1)
    user("auth", "login", user.username, "--password", PASSWORD).fails(1)
