"""The root command group: global options anywhere on the line, and one place that turns every
``CliError`` into one line on stderr with exit code 1."""

from __future__ import annotations

import os
from typing import Any

import typer
from typer.core import TyperGroup

from rr_cli.errors import CliError
from rr_cli.output import Output
from rr_cli.state import AppState

FLAGS = {"--json", "--quiet", "-q"}
VALUED = {"--api-url"}
# Commands where the old CLI's ``-q TEXT`` meant --query: there ``-q`` followed by a word stays put.
OWN_SHORT_Q = (["resources", "search"],)


def hoist_global_options(args: list[str]) -> list[str]:
    """Move ``--json``, ``--quiet`` and ``--api-url X`` to the front, so ``rr resources list --json``
    works like ``rr --json resources list``. Nothing after ``--`` moves, nor ``rr resources search -q TEXT``
    (the old CLI's short form of --query)."""
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest.extend(args[index:])
            break
        takes_text = (
            arg == "-q" and rest[:2] in OWN_SHORT_Q and index + 1 < len(args) and not args[index + 1].startswith("-")
        )
        if takes_text:
            rest.extend(args[index : index + 2])
            index += 1
        elif arg in FLAGS or any(arg.startswith(name + "=") for name in VALUED):
            front.append(arg)
        elif arg in VALUED and index + 1 < len(args):
            front.extend(args[index : index + 2])
            index += 1
        else:
            rest.append(arg)
        index += 1
    return front + rest


class RootGroup(TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CliError as exc:
            _output(ctx).error(exc.message)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            _output(ctx).error("Interrupted.")
            ctx.exit(130)
        except (typer.TyperException, typer.Exit, typer.Abort):  # usage errors, --help, prompts: Typer reports them
            raise
        except Exception as exc:
            if os.environ.get("RR_DEBUG"):
                raise
            _output(ctx).error(f"Unexpected {type(exc).__name__}: {exc} (set RR_DEBUG=1 to see where).")
            ctx.exit(1)
        finally:
            if isinstance(ctx.obj, AppState):
                ctx.obj.close()


def _output(ctx: Any) -> Output:
    return ctx.obj.output if isinstance(ctx.obj, AppState) else Output()
