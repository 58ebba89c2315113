"""`<data dir>/stack.json`: where the running `make run` stack listens, for tools that talk to
the services directly (the old-system importer). Written once everything is ready, removed when
the stack stops, so a stale file never points at ports someone else now uses."""

from __future__ import annotations

import json
from pathlib import Path

from .services import SERVICE_NAMES
from .stack import Stack

STACK_FILE = "stack.json"


def write_stack_file(data_dir: Path, stack: Stack) -> Path:
    path = data_dir / STACK_FILE
    body = {"gateway_url": stack.public_url, "grpc": {name: stack.grpc_target(name) for name in SERVICE_NAMES}}
    path.write_text(json.dumps(body, indent=1))
    return path


def remove_stack_file(data_dir: Path) -> None:
    (data_dir / STACK_FILE).unlink(missing_ok=True)
