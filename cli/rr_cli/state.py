"""What every command gets from the root options: the output mode, the server and its client."""

from __future__ import annotations

from dataclasses import dataclass, field

import typer

from rr_cli.client import ApiClient
from rr_cli.output import Output
from rr_cli.settings import ConfigFile, resolve_api_url
from rr_cli.tokens import TokenStore


@dataclass
class AppState:
    output: Output
    api_flag: str | None = None
    config: ConfigFile = field(default_factory=ConfigFile)
    store: TokenStore = field(default_factory=TokenStore)
    _client: ApiClient | None = None

    @property
    def server(self) -> str:
        return resolve_api_url(self.api_flag, self.config)[0]

    @property
    def client(self) -> ApiClient:
        if self._client is None:
            self._client = ApiClient(self.server, self.store, float(self.config.get("timeout")))
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


def get_state(ctx: typer.Context) -> AppState:
    obj = ctx.find_root().obj
    if not isinstance(obj, AppState):  # a command invoked without the root callback (never via `rr`)
        obj = AppState(Output())
        ctx.find_root().obj = obj
    return obj
