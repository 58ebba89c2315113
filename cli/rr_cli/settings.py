"""Where the CLI keeps its files and which server it talks to.

The API address comes from, in order: ``--api-url``, ``RR_API_URL``, ``API_URL`` (the old CLI's
name), ``rr config set api_url``, then the default of a local ``make run``. Files live in
``RR_CONFIG_DIR``, else ``CLI_CONFIG_DIR`` (the old CLI's name), else the user's config directory
(``$XDG_CONFIG_HOME/resource-reserver`` on Linux), readable by the owner only.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from rr_cli.errors import CliError

APP_DIR_NAME = "resource-reserver"
DEFAULT_API_URL = "http://127.0.0.1:8000"
ENV_API_URL = "RR_API_URL"
# Later names are the old CLI's, still honoured so its users' shells and scripts keep working.
API_URL_VARIABLES = (ENV_API_URL, "API_URL")
CONFIG_DIR_VARIABLES = ("RR_CONFIG_DIR", "CLI_CONFIG_DIR")
API_PREFIX = "/api/v1"


@dataclass(frozen=True)
class Key:
    name: str
    help: str
    default: Any
    kind: type


KEYS: dict[str, Key] = {
    k.name: k
    for k in (
        Key("api_url", "Address of the gateway (scheme, host and port)", DEFAULT_API_URL, str),
        Key("timeout", "Seconds to wait for each HTTP answer", 30.0, float),
        Key("all_threshold", "--all asks before fetching more items than this", 500, int),
    )
}


def config_dir() -> Path:
    for name in CONFIG_DIR_VARIABLES:
        chosen = os.environ.get(name, "").strip()
        if chosen:
            return Path(chosen).expanduser()
    return Path(user_config_dir(APP_DIR_NAME, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def write_private(path: Path, data: dict[str, Any]) -> None:
    """Write JSON atomically with 0600 permissions (never world- or group-readable, even briefly)."""
    ensure_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, sort_keys=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{path} is not valid JSON ({exc.msg}); fix or delete it.") from exc
    return data if isinstance(data, dict) else {}


def normalize_api_url(value: str) -> str:
    """``http://host:8000``, ``http://host:8000/`` and ``http://host:8000/api/v1`` all mean the server."""
    url = value.strip().rstrip("/")
    if url.endswith(API_PREFIX):
        url = url[: -len(API_PREFIX)]
    if not url.startswith(("http://", "https://")):
        raise CliError(
            f"The API address '{value}' must start with http:// or https:// (for example {DEFAULT_API_URL})."
        )
    return url


def convert(key: str, raw: str) -> Any:
    spec = KEYS.get(key)
    if spec is None:
        raise CliError(f"Unknown setting '{key}'; known settings: {', '.join(KEYS)}.")
    if spec.kind is str:
        return normalize_api_url(raw) if key == "api_url" else raw
    try:
        value = spec.kind(raw)
    except ValueError as exc:
        raise CliError(f"'{raw}' is not a valid {spec.kind.__name__} for {key}.") from exc
    if value <= 0:
        raise CliError(f"{key} must be greater than 0.")
    return value


class ConfigFile:
    """``config.json`` in the config directory."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or config_dir()
        self.path = self.directory / "config.json"

    def load(self) -> dict[str, Any]:
        return read_json(self.path)

    def get(self, key: str) -> Any:
        value = self.load().get(key)
        return KEYS[key].default if value is None else value

    def set(self, key: str, raw: str) -> Any:
        value = convert(key, raw)
        data = self.load()
        data[key] = value
        write_private(self.path, data)
        return value

    def unset(self, key: str) -> None:
        if key not in KEYS:
            raise CliError(f"Unknown setting '{key}'; known settings: {', '.join(KEYS)}.")
        data = self.load()
        if data.pop(key, None) is not None:
            write_private(self.path, data)


def resolve_api_url(flag: str | None, config: ConfigFile) -> tuple[str, str]:
    """The server address and where it came from (flag, environment, config file or default)."""
    if flag:
        return normalize_api_url(flag), "--api-url"
    for name in API_URL_VARIABLES:
        env = os.environ.get(name, "").strip()
        if env:
            return normalize_api_url(env), name
    stored = config.load().get("api_url")
    if stored:
        return normalize_api_url(str(stored)), "config file"
    return DEFAULT_API_URL, "default"
