"""`python -m rr_waitlist [serve|migrate]`."""

from __future__ import annotations

from rr_common.entrypoint import run_cli
from rr_common.runtime import open_infrastructure, serve_until_signalled
from rr_waitlist.app import build
from rr_waitlist.config import Settings


async def serve() -> None:
    settings = Settings()
    infra = open_infrastructure(settings)
    await serve_until_signalled(infra, build(infra, settings))


def main() -> None:
    run_cli("waitlist", "rr_waitlist", lambda: Settings().database_url, serve)


if __name__ == "__main__":
    main()
