"""Fixtures for rr-devstack's own tests.

These start their own infrastructure (never the RR_TEST_* external URLs): the point is to prove
that the embedded servers start, answer and stop cleanly on this machine.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rr_devstack.infra import Infra, start_infra


@pytest.fixture(scope="module")
def infra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infra]:
    started = time.monotonic()
    infra = start_infra(tmp_path_factory.mktemp("devstack_infra"), testing=True)
    infra_start_seconds = time.monotonic() - started
    # Recorded for the timing report (pytest -s shows it; -rA lists it under "Passes").
    print(f"infra start: {infra_start_seconds:.2f} s")
    try:
        yield infra
    finally:
        infra.stop()


FAKES = Path(__file__).parent / "fakes"
UNITS = ("auth", "catalog", "booking", "waitlist", "notify", "gateway")


@pytest.fixture(scope="session")
def fakes_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with packages rr_auth ... rr_gateway that all run tests/fakes/fake_service.py.

    The real services are written elsewhere; the stand-ins speak the same contract
    (migrate/serve, gRPC health, GET /live, RR_<NAME>_* variables), which is all the launcher
    relies on.
    """
    root = tmp_path_factory.mktemp("fakes")
    (root / "fake_service.py").write_bytes((FAKES / "fake_service.py").read_bytes())
    for name in UNITS:
        pkg = root / f"rr_{name}"
        pkg.mkdir()
        (pkg / "__init__.py").write_text("")
        (pkg / "__main__.py").write_text(f"from fake_service import main\n\nmain({name!r})\n")
    return root
