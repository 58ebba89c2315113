"""Where the services are and the importer's own OAuth2 client. In Kubernetes (the Job) from
RR_IMPORT_* variables; next to `make run` from what the dev stack leaves in its data folder
(`stack.json` with the gRPC addresses, `keys/importer-client.secret`)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

SERVICES = ("auth", "catalog", "booking", "waitlist", "notify")
DEFAULT_CLIENT_ID = "rr-importer"
STACK_FILE = "stack.json"
SECRET_FILE = Path("keys") / "importer-client.secret"


class TargetsMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Targets:
    auth: str
    catalog: str
    booking: str
    waitlist: str
    notify: str
    client_id: str
    client_secret: str


def resolve_targets(env: Mapping[str, str] = os.environ, data_dir: Path | None = None) -> Targets:
    stack: dict[str, str] = {}
    folder = data_dir or Path(env.get("RR_DATA_DIR") or ".rr")
    if (folder / STACK_FILE).is_file():
        stack = json.loads((folder / STACK_FILE).read_text()).get("grpc", {})
    addresses = {name: env.get(f"RR_IMPORT_{name.upper()}_TARGET") or stack.get(name, "") for name in SERVICES}
    secret = env.get("RR_IMPORT_CLIENT_SECRET", "")
    if not secret and (folder / SECRET_FILE).is_file():
        secret = (folder / SECRET_FILE).read_text().strip()
    missing = [f"RR_IMPORT_{n.upper()}_TARGET" for n, a in addresses.items() if not a] + (
        [] if secret else ["RR_IMPORT_CLIENT_SECRET"]
    )
    if missing:
        raise TargetsMissing(
            f"Cannot find the running system: set {', '.join(missing)}, or start it with `make run` "
            f"(which writes {folder / STACK_FILE} and the importer's client secret)."
        )
    return Targets(
        addresses["auth"],
        addresses["catalog"],
        addresses["booking"],
        addresses["waitlist"],
        addresses["notify"],
        env.get("RR_IMPORT_CLIENT_ID") or DEFAULT_CLIENT_ID,
        secret,
    )
