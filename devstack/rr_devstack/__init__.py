"""Local infrastructure and service launcher for Resource Reserver.

``python -m rr_devstack run`` is ``make run``; ``rr_devstack.pytest_plugin`` gives tests the
same infrastructure and stack as session fixtures.
"""

from .infra import Infra, start_infra, start_infra_from_env
from .ports import free_port
from .services import GATEWAY, SERVICE_NAMES
from .stack import Stack, StackStartError

__all__ = [
    "GATEWAY",
    "SERVICE_NAMES",
    "Infra",
    "Stack",
    "StackStartError",
    "free_port",
    "start_infra",
    "start_infra_from_env",
]
