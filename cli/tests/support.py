"""Running `rr` in-process against the real stack, one config directory per person."""

from __future__ import annotations

import json
import os
import shutil
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from typer.testing import CliRunner, Result

from rr_cli.app import app

PASSWORD = "Correct-Horse-9"
# The old CLI's variables, which `rr` honours: a developer's shell must not leak them into a test.
QUIET_FALLBACKS = {"API_URL": "", "CLI_CONFIG_DIR": "", "RR_CONFIG_DIR": ""}
RR = shutil.which("rr", path=str(Path(sys.executable).parent)) or "rr"


def environment(home: Path, api_url: str, **extra: str) -> dict[str, str]:
    """Environment of a real `rr` process: its own home and config dir, on a colour terminal type."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM", *QUIET_FALLBACKS)}
    return {
        **env,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "RR_API_URL": api_url,
        "TERM": "xterm-256color",
        "COLUMNS": "200",
        **extra,
    }


@dataclass
class Run:
    result: Result

    @property
    def code(self) -> int:
        return self.result.exit_code

    @property
    def out(self) -> str:
        return self.result.stdout

    @property
    def err(self) -> str:
        return self.result.stderr

    def json(self) -> Any:
        return json.loads(self.out)

    def ok(self) -> Run:
        assert self.code == 0, (
            f"exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}\nexception: {self.result.exception!r}"
        )
        return self

    def fails(self, code: int = 1) -> Run:
        assert self.code == code, f"expected exit {code}, got {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}"
        return self

    def one_error_line(self) -> str:
        """The failure is one line on stderr starting with 'Error:', and nothing else there."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        assert len(lines) == 1, f"expected one error line, got:\n{self.err}"
        assert lines[0].startswith("Error: "), lines[0]
        return lines[0]


@dataclass
class Cli:
    """`rr` as one person on one machine: their own config dir (tokens) and the stack's URL."""

    home: Path
    api_url: str
    username: str = ""
    env: dict[str, str] = field(default_factory=dict)

    def __call__(self, *args: str | int, input: str | None = None, env: dict[str, str] | None = None) -> Run:
        environment = {
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "RR_API_URL": self.api_url,
            "COLUMNS": "250",
            "NO_COLOR": "1",
            "RR_DEBUG": "",
            **QUIET_FALLBACKS,
            **self.env,
            **(env or {}),
        }
        result = CliRunner().invoke(app, [str(a) for a in args], input=input, env=environment)
        return Run(result)

    def json(self, *args: str | int, input: str | None = None, env: dict[str, str] | None = None) -> Any:
        return self("--json", *args, input=input, env=env).ok().json()

    @property
    def config_dir(self) -> Path:
        return self.home / ".config" / "resource-reserver"

    @property
    def token_file(self) -> Path:
        return self.config_dir / "tokens.json"

    def session(self) -> dict[str, Any]:
        entry: dict[str, Any] = json.loads(self.token_file.read_text())[self.api_url]
        return entry

    def edit_session(self, **changes: Any) -> None:
        data = json.loads(self.token_file.read_text())
        data[self.api_url].update(changes)
        self.token_file.write_text(json.dumps(data))


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def new_cli(tmp_path: Path, api_url: str, name: str = "") -> Cli:
    home = tmp_path / (name or unique("home"))
    home.mkdir(parents=True, exist_ok=True)
    return Cli(home, api_url)


def signed_up(tmp_path: Path, api_url: str, prefix: str = "user") -> Cli:
    """A new account, signed in through the CLI."""
    cli = new_cli(tmp_path, api_url)
    cli.username = unique(prefix)
    cli("auth", "register", cli.username, "--email", f"{cli.username}@example.com", "--password", PASSWORD).ok()
    cli("auth", "login", cli.username, "--password", PASSWORD).ok()
    return cli


def slot(days: int = 30, hour: int = 9, hours: int = 1) -> tuple[str, str]:
    """A future range on a whole hour, RFC 3339 in UTC."""
    start = (datetime.now(UTC) + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return start.isoformat(), (start + timedelta(hours=hours)).isoformat()


def offered(api_url: str, method: str, path: str) -> bool:
    """Does the running gateway document this route (the API grows while the CLI is built)?"""
    spec = httpx.get(f"{api_url}/openapi.json", timeout=30).json()
    operations = spec.get("paths", {}).get(path, {})
    return method.lower() in operations


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 30 s, 6 digits) as an authenticator app shows it."""
    import base64
    import hashlib
    import hmac
    import struct
    import time

    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def served_or_missing(api_url: str, method: str, path: str, run: Run) -> bool:
    """Routes still being built: when the gateway lacks one, the CLI must say so in one line."""
    if offered(api_url, method, path):
        run.ok()
        return True
    assert "does not offer" in run.fails(1).one_error_line()
    return False
