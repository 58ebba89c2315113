"""`python -m rr_gateway [serve]`: run the HTTP gateway under uvicorn."""

from __future__ import annotations

import argparse

import uvicorn

from rr_common.logs import configure_logging
from rr_common.telemetry import configure_tracing
from rr_gateway.app import create_app
from rr_gateway.config import Settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="rr-gateway", description="Resource Reserver API gateway")
    parser.add_argument(
        "command",
        nargs="?",
        default="serve",
        choices=["serve", "migrate"],
        help="serve: run the gateway (default); migrate: nothing to do (the gateway has no database)",
    )
    if parser.parse_args(argv).command == "migrate":
        return
    settings = Settings()
    configure_logging("gateway", settings.log_level, settings.log_format)
    configure_tracing("gateway", settings.otel_exporter_otlp_endpoint)
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,
        ws_max_size=65536,  # refuse huge WebSocket frames before buffering them
    )


if __name__ == "__main__":
    main()
