"""Signed-in sessions: ``tokens.json`` in the config directory, mode 0600, one entry per server so
a token is never sent to a server that did not issue it. Refreshing takes a file lock, because
refresh tokens rotate and a second use of the same one revokes the whole session."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rr_cli.settings import config_dir, ensure_private_dir, read_json, write_private

try:  # POSIX; elsewhere refreshes are simply not serialised between processes.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

# Refresh this long before the access token expires (a quarter of its life for short-lived
# tokens), so a request never races the expiry.
REFRESH_MARGIN_SECONDS = 60


@dataclass
class Session:
    access_token: str
    refresh_token: str | None
    expires_at: float
    username: str = ""
    lifetime: float = 900.0

    @classmethod
    def from_answer(cls, answer: dict[str, Any], username: str = "") -> Session:
        lifetime = float(answer.get("expires_in") or 900)
        return cls(
            access_token=str(answer["access_token"]),
            refresh_token=answer.get("refresh_token"),
            expires_at=time.time() + lifetime,
            username=username,
            lifetime=lifetime,
        )

    @property
    def refresh_at(self) -> float:
        return self.expires_at - min(REFRESH_MARGIN_SECONDS, self.lifetime / 4)

    @property
    def expiring(self) -> bool:
        return time.time() >= self.refresh_at

    def expires_in(self) -> int:
        return max(0, int(self.expires_at - time.time()))


class TokenStore:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or config_dir()
        self.path = self.directory / "tokens.json"
        self.lock_path = self.directory / "tokens.lock"

    def load(self, server: str) -> Session | None:
        entry = read_json(self.path).get(server)
        if not isinstance(entry, dict) or not entry.get("access_token"):
            return None
        try:
            return Session(
                access_token=str(entry["access_token"]),
                refresh_token=entry.get("refresh_token"),
                expires_at=float(entry.get("expires_at") or 0),
                username=str(entry.get("username") or ""),
                lifetime=float(entry.get("lifetime") or 900),
            )
        except (TypeError, ValueError):
            return None

    def save(self, server: str, session: Session) -> None:
        data = read_json(self.path)
        data[server] = asdict(session)
        write_private(self.path, data)

    def clear(self, server: str) -> bool:
        data = read_json(self.path)
        if data.pop(server, None) is None:
            return False
        write_private(self.path, data)
        return True

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold an exclusive lock across processes while a refresh token is spent."""
        ensure_private_dir(self.directory)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
