"""`python -m rr_auth [serve|migrate]`."""

from __future__ import annotations

from rr_auth.app import build
from rr_auth.config import Settings
from rr_common.entrypoint import run_cli
from rr_common.runtime import open_infrastructure, serve_until_signalled


async def serve() -> None:
    settings = Settings()
    infra = open_infrastructure(settings)
    await serve_until_signalled(infra, build(infra, settings))


def main() -> None:
    run_cli("auth", "rr_auth", lambda: Settings().database_url, serve)


if __name__ == "__main__":
    main()
