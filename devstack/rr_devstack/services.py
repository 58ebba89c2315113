"""The services of Resource Reserver as docs/conventions.md defines them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceSpec:
    """One backend gRPC service: its name, Python package and the peers it calls."""

    name: str
    peers: tuple[str, ...] = ()

    @property
    def package(self) -> str:
        return f"rr_{self.name}"

    @property
    def env_prefix(self) -> str:
        return f"RR_{self.name.upper()}_"


BACKEND_SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("auth"),
    ServiceSpec("catalog", ("auth",)),
    ServiceSpec("booking", ("auth", "catalog")),
    ServiceSpec("waitlist", ("auth", "booking", "catalog")),
    ServiceSpec("notify", ("auth",)),
)
SERVICE_NAMES: tuple[str, ...] = tuple(s.name for s in BACKEND_SERVICES)
GATEWAY = "gateway"
GATEWAY_PACKAGE = "rr_gateway"


def service_spec(name: str) -> ServiceSpec:
    for spec in BACKEND_SERVICES:
        if spec.name == name:
            return spec
    raise KeyError(f"unknown service {name!r}; expected one of {', '.join(SERVICE_NAMES)}")


def startup_waves(specs: tuple[ServiceSpec, ...] = BACKEND_SERVICES) -> list[list[ServiceSpec]]:
    """Group services so each starts after the peers it calls are ready.

    A service may fetch something from a peer while starting (catalog reading auth's JWKS), so
    peers come first; services within one wave start in parallel to keep startup short.
    """
    done: set[str] = set()
    waves: list[list[ServiceSpec]] = []
    remaining = list(specs)
    while remaining:
        wave = [s for s in remaining if all(p in done for p in s.peers)]
        if not wave:
            raise ValueError("cyclic service dependencies")
        waves.append(wave)
        done.update(s.name for s in wave)
        remaining = [s for s in remaining if s not in wave]
    return waves
