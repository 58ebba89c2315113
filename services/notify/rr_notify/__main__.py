"""`python -m rr_notify [serve|migrate]`."""

from __future__ import annotations

from rr_common.entrypoint import run_cli
from rr_common.runtime import open_infrastructure, serve_until_signalled
from rr_notify.app import build
from rr_notify.config import Settings


async def serve() -> None:
    settings = Settings()
    infra = open_infrastructure(settings)
    await serve_until_signalled(infra, build(infra, settings))


def main() -> None:
    run_cli("notify", "rr_notify", lambda: Settings().database_url, serve)


if __name__ == "__main__":
    main()
