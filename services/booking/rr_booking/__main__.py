"""`python -m rr_booking [serve|migrate]`."""

from __future__ import annotations

from rr_booking.app import build
from rr_booking.config import Settings
from rr_common.entrypoint import run_cli
from rr_common.runtime import open_infrastructure, serve_until_signalled


async def serve() -> None:
    settings = Settings()
    infra = open_infrastructure(settings)
    await serve_until_signalled(infra, build(infra, settings))


def main() -> None:
    run_cli("booking", "rr_booking", lambda: Settings().database_url, serve)


if __name__ == "__main__":
    main()
