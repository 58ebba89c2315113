"""`rr` as a real process: on a terminal (a pseudo-terminal) it asks and colours; in a pipe it
prints plain text and JSON; exit codes for scripts."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import time

from cli.tests.support import PASSWORD, RR, Cli, environment, totp


class Terminal:
    """A process on a pseudo-terminal: read what it shows, type answers."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
        os.close(slave)
        self.screen = ""

    def expect(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{text!r} never appeared; screen:\n{self.screen}"
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    chunk = b""
                assert chunk or text in self.screen, (
                    f"{text!r} never appeared; the process ended; screen:\n{self.screen}"
                )
                self.screen += chunk.decode(errors="replace")

    def type(self, line: str) -> None:
        time.sleep(1)  # a person reads the prompt first; getpass flushes what was typed before it turned echo off
        os.write(self.master, (line + "\n").encode())

    def finish(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.screen += os.read(self.master, 4096).decode(errors="replace")
                except OSError:
                    break
        code = self.process.wait(timeout=max(1.0, deadline - time.monotonic()))
        os.close(self.master)
        return code


def test_sign_in_on_a_terminal_asks_for_the_password_hidden_and_then_the_mfa_code(user: Cli, api_url: str) -> None:
    secret = user.json("auth", "mfa", "setup")["secret"]
    user("auth", "mfa", "verify", totp(secret)).ok()
    user("auth", "logout").ok()
    term = Terminal([RR, "auth", "login", user.username], environment(user.home, api_url))
    term.expect("Password:")
    term.type(PASSWORD)
    term.expect("Authentication code")
    term.type(totp(secret, time.time() + 30))
    assert term.finish() == 0, term.screen
    assert PASSWORD not in term.screen  # hidden input
    assert f"Signed in to {api_url} as {user.username}" in term.screen
    assert user.json("auth", "whoami")["mfa_enabled"] is True


def test_a_destructive_command_asks_first_on_a_terminal(admin: Cli, resource: dict[str, object], api_url: str) -> None:
    term = Terminal([RR, "resources", "delete", str(resource["id"])], environment(admin.home, api_url))
    term.expect("Delete resource")
    term.type("n")
    assert term.finish() == 1
    assert "Stopped; nothing was changed." in term.screen
    admin("resources", "show", resource["id"]).ok()


def test_colour_on_a_terminal_unless_no_color(admin: Cli, api_url: str) -> None:
    coloured = Terminal([RR, "auth", "whoami"], environment(admin.home, api_url))
    assert coloured.finish() == 0
    assert "\x1b[" in coloured.screen
    plain = Terminal([RR, "auth", "whoami"], environment(admin.home, api_url, NO_COLOR="1"))
    assert plain.finish() == 0
    assert "\x1b[" not in plain.screen and "admin" in plain.screen


def test_scripts_get_json_and_exit_codes(admin: Cli, resource: dict[str, object], api_url: str) -> None:
    env = environment(admin.home, api_url)
    shown = subprocess.run(
        [RR, "resources", "show", str(resource["id"]), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert shown.returncode == 0 and json.loads(shown.stdout)["id"] == resource["id"] and shown.stderr == ""
    assert "\x1b[" not in shown.stdout
    missing = subprocess.run(
        [RR, "resources", "show", "999999999"], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert (
        missing.returncode == 1
        and missing.stdout == ""
        and missing.stderr.startswith("Error: ")
        and missing.stderr.count("\n") == 1
    )
    usage = subprocess.run(
        [RR, "resources", "show", "abc"], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert usage.returncode == 2
    status = subprocess.run([RR, "system", "status"], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert status.returncode == 0 and "auth" in status.stdout and "ok" in status.stdout
