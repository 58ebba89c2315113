"""The infrastructure bundle (PostgreSQL, NATS, Redis): started locally or taken from URLs."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from . import postgres
from .nats_server import NatsServer
from .ports import free_port
from .postgres import PostgresServer
from .processes import ManagedProcess, stop_many
from .redis_server import RedisServer, find_redis_server
from .services import SERVICE_NAMES

_DISABLED = {"none", "off", "disabled", "no"}


@dataclass
class Infra:
    """Where the infrastructure is and, for the pieces we started, handles to stop/restart them.

    ``postgres``/``nats``/``redis`` are None for pieces given as external URLs (or, for Redis,
    when no redis-server exists); the fault-injection methods then raise RuntimeError.
    """

    data_dir: Path
    admin_database_url: str
    nats_url: str
    redis_url: str | None
    db_prefix: str = "rr_"
    postgres: PostgresServer | None = None
    nats: NatsServer | None = None
    redis: RedisServer | None = None
    drop_databases_on_stop: bool = False
    created_databases: list[str] = field(default_factory=list)

    # -- databases -------------------------------------------------------------------------

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    def database_name(self, service: str) -> str:
        return f"{self.db_prefix}{service}"

    def database_url_for(self, service: str) -> str:
        """Connection URL of ``service``'s own database (created by create_service_databases)."""
        return postgres.with_database(self.admin_database_url, self.database_name(service))

    def create_database(self, name: str) -> str:
        """Create database ``name`` if missing and return its URL."""
        postgres.create_database(self.admin_database_url, name)
        if name not in self.created_databases:
            self.created_databases.append(name)
        return postgres.with_database(self.admin_database_url, name)

    def drop_database(self, name: str) -> None:
        postgres.drop_database(self.admin_database_url, name)
        if name in self.created_databases:
            self.created_databases.remove(name)

    def create_service_databases(self, services: Iterable[str] = SERVICE_NAMES) -> None:
        for service in services:
            self.create_database(self.database_name(service))

    # -- fault injection -------------------------------------------------------------------

    def _need_postgres(self) -> PostgresServer:
        if self.postgres is None:
            raise RuntimeError("PostgreSQL is external (RR_*DATABASE_URL); cannot control it")
        return self.postgres

    def _need_nats(self) -> NatsServer:
        if self.nats is None:
            raise RuntimeError("NATS is external (RR_*NATS_URL); cannot control it")
        return self.nats

    def _need_redis(self) -> RedisServer:
        if self.redis is None:
            raise RuntimeError("Redis is external or unavailable; cannot control it")
        return self.redis

    def stop_postgres(self) -> None:
        self._need_postgres().stop()

    def kill_postgres(self) -> None:
        self._need_postgres().kill()

    def start_postgres(self) -> None:
        self._need_postgres().start()

    def restart_postgres(self) -> None:
        self._need_postgres().restart()

    def stop_nats(self) -> None:
        self._need_nats().stop()

    def kill_nats(self) -> None:
        self._need_nats().kill()

    def pause_nats(self) -> None:
        self._need_nats().pause()

    def resume_nats(self) -> None:
        self._need_nats().resume()

    def start_nats(self) -> None:
        """Start NATS again on the same port with the same JetStream store."""
        self._need_nats().start()

    def restart_nats(self) -> None:
        self._need_nats().restart()

    def stop_redis(self) -> None:
        self._need_redis().stop()

    def start_redis(self) -> None:
        self._need_redis().start()

    def restart_redis(self) -> None:
        self._need_redis().restart()

    # -- whole bundle ----------------------------------------------------------------------

    def processes(self) -> list[ManagedProcess]:
        servers = (self.redis, self.nats, self.postgres)
        return [s.process for s in servers if s is not None]

    def dead_processes(self) -> list[ManagedProcess]:
        """Managed infrastructure processes that died without being asked to."""
        return [p for p in self.processes() if p.exited_unexpectedly()]

    def stop(self) -> None:
        """Drop test databases (external server only) and stop everything we started."""
        if self.drop_databases_on_stop:
            for name in list(self.created_databases):
                try:
                    self.drop_database(name)
                except (postgres.PostgresError, OSError):
                    pass  # best effort: a broken external server must not mask test results
        stop_many(self.processes())
        if self.postgres is not None:
            self.postgres.cleanup()

    def __enter__(self) -> Infra:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_infra(
    data_dir: Path,
    *,
    database_url: str | None = None,
    nats_url: str | None = None,
    redis_url: str | None = None,
    use_redis: bool = True,
    db_prefix: str = "rr_",
    drop_databases_on_stop: bool = False,
    testing: bool = False,
    console: bool = False,
    create_databases: bool = True,
) -> Infra:
    """Start whatever is not given as a URL, on free ports, with state under ``data_dir``.

    ``database_url`` is an admin URL (e.g. ``postgresql://postgres@host:5432/postgres``); service
    databases ``<db_prefix><service>`` are created on it. ``testing`` trades durability for speed.
    """
    data_dir = data_dir.resolve()
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    pg: PostgresServer | None = None
    nats: NatsServer | None = None
    redis: RedisServer | None = None
    if database_url is None:
        # Test clusters run by root live in the system temp dir (see scratch_cluster_dir).
        scratch = testing and os.geteuid() == 0
        pg = PostgresServer(
            postgres.scratch_cluster_dir() if scratch else data_dir / "postgres",
            free_port(), log_path=logs / "postgres.log",
            testing=testing, console=console, scratch=scratch,
        )  # fmt: skip
    if nats_url is None:
        nats = NatsServer(
            data_dir / "nats", free_port(), free_port(), log_path=logs / "nats.log",
            console=console,
        )  # fmt: skip
    if redis_url is None and use_redis:
        binary = find_redis_server()
        if binary is not None:
            redis = RedisServer(
                data_dir / "redis", free_port(), log_path=logs / "redis.log",
                binary=binary, console=console,
            )  # fmt: skip

    infra = Infra(
        data_dir=data_dir,
        admin_database_url=database_url or (pg.admin_url if pg else ""),
        nats_url=nats_url or (nats.url if nats else ""),
        redis_url=redis_url if redis_url is not None else (redis.url if redis else None),
        db_prefix=db_prefix,
        postgres=pg,
        nats=nats,
        redis=redis,
        drop_databases_on_stop=drop_databases_on_stop,
    )
    try:
        # Spawn all first, then wait: the three start in parallel (about half a second each).
        servers = [s for s in (pg, nats, redis) if s is not None]
        for server in servers:
            server.launch()
        for server in servers:
            server.wait_ready()
        if create_databases:
            infra.create_service_databases()
    except BaseException:
        infra.stop()
        raise
    return infra


def _env_url(env: Mapping[str, str], key: str) -> str | None:
    value = env.get(key, "").strip()
    return value or None


def start_infra_from_env(
    data_dir: Path,
    *,
    env_prefix: str = "RR_",
    env: Mapping[str, str] | None = None,
    db_prefix: str = "rr_",
    drop_databases_on_stop: bool = False,
    testing: bool = False,
    console: bool = False,
) -> Infra:
    """start_infra honouring ``<prefix>DATABASE_URL``, ``<prefix>NATS_URL``, ``<prefix>REDIS_URL``.

    ``<prefix>REDIS_URL=none`` runs without Redis (the gateway then counts in-process).
    """
    env = os.environ if env is None else env
    redis_url = _env_url(env, f"{env_prefix}REDIS_URL")
    use_redis = redis_url is None or redis_url.lower() not in _DISABLED
    return start_infra(
        data_dir,
        database_url=_env_url(env, f"{env_prefix}DATABASE_URL"),
        nats_url=_env_url(env, f"{env_prefix}NATS_URL"),
        redis_url=redis_url if use_redis else None,
        use_redis=use_redis,
        db_prefix=db_prefix,
        drop_databases_on_stop=drop_databases_on_stop,
        testing=testing,
        console=console,
    )
