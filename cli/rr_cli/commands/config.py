"""rr config: show and change the CLI's settings."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from rr_cli.help import examples
from rr_cli.output import Column
from rr_cli.settings import KEYS, resolve_api_url
from rr_cli.state import get_state

app = typer.Typer(no_args_is_help=True)


@app.command(epilog=examples("rr config show", "rr --json config show"))
def show(ctx: typer.Context) -> None:
    """Every setting with its value, where the server address comes from, and who is signed in."""
    state = get_state(ctx)
    server, source = resolve_api_url(state.api_flag, state.config)
    session = state.store.load(server)
    stored = state.config.load()
    settings: list[dict[str, Any]] = [
        {"key": "api_url", "value": server, "source": source, "help": KEYS["api_url"].help},
        *(
            {
                "key": key.name,
                "value": state.config.get(key.name),
                "source": "config file" if key.name in stored else "default",
                "help": key.help,
            }
            for key in KEYS.values()
            if key.name != "api_url"
        ),
    ]
    if not state.output.is_table:
        state.output.done(
            "",
            {
                "settings": {s["key"]: s["value"] for s in settings},
                "api_url_source": source,
                "config_file": str(state.config.path),
                "token_file": str(state.store.path),
                "signed_in_as": session.username if session else None,
            },
        )
        return
    state.output.table(
        settings,
        [
            Column("Setting", "key", style="bold"),
            Column("Value", "value"),
            Column("From", "source"),
            Column("Meaning", "help"),
        ],
    )
    state.output.line(f"Config file: {state.config.path}")
    state.output.line(f"Sessions:    {state.store.path} (mode 0600)")
    who = f"{session.username or 'someone'} (token valid for {session.expires_in()} s more)" if session else "nobody"
    state.output.line(f"Signed in to {server} as {who}.")


@app.command(
    "set",
    epilog=examples(
        "rr config set api_url https://rr.example.com", "rr config set timeout 60", "rr config set all_threshold 2000"
    ),
)
def set_(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help=f"One of: {', '.join(KEYS)}.")],
    value: Annotated[str, typer.Argument(help="The new value.")],
) -> None:
    """Change a setting (saved in config.json in your config directory)."""
    state = get_state(ctx)
    stored = state.config.set(key, value)
    state.output.done(f"{key} = {stored}", {"key": key, "value": stored})


@app.command(epilog=examples("rr config unset api_url"))
def unset(ctx: typer.Context, key: Annotated[str, typer.Argument(help=f"One of: {', '.join(KEYS)}.")]) -> None:
    """Go back to the default of a setting."""
    state = get_state(ctx)
    state.config.unset(key)
    state.output.done(f"{key} is back to its default ({KEYS[key].default}).", {"key": key, "value": KEYS[key].default})
