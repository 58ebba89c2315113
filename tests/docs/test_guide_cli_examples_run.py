"""Every `rr` example of the guides, run as written against the stack (in-process, as cli/tests
does): the administrators' pages and getting started signed in as the administrator, the users'
pages as alice, in the order of the page, with no terminal (a question reads its answer from
stdin, which holds the page's password). The ids in the examples may not exist here, so a refusal
of the server (exit 1, one `Error:` line) passes; what fails is what shows the example itself is
wrong: a usage error (exit 2) or a crash."""

from __future__ import annotations

import shlex
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from rr_cli.app import app
from rr_devstack.stack import Stack
from tests.docs.support import ADMIN_PASSWORD, ALICE, BOB, ensure_example_objects
from tests.docs.test_guide_examples import RRS, Example

# Examples that never end by themselves: parsed by test_guide_examples.py, not run here. Those
# acting on someone else's account name bob, and the page that deletes an account runs as bob:
# no other example uses his sessions.
NOT_RUN = ("notifications watch",)
PAGES = sorted({e.page for e in RRS})
QUIET_FALLBACKS = {"API_URL": "", "CLI_CONFIG_DIR": "", "NO_COLOR": "1"}


def identity(page: str) -> tuple[str, str]:
    if page == "users/delete-account.md":
        return BOB
    return ALICE if page.startswith("users/") else ("admin", ADMIN_PASSWORD)


def environment(folder: Path, stack: Stack) -> dict[str, str]:
    return {
        **QUIET_FALLBACKS,
        "HOME": str(folder),
        "RR_CONFIG_DIR": str(folder / "config"),
        "RR_API_URL": stack.gateway_url,
    }


@pytest.fixture(scope="module")
def homes(rr_stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A signed-in CLI configuration folder for the administrator, alice and bob."""
    with httpx.Client(base_url=rr_stack.gateway_url, timeout=15) as api:
        ensure_example_objects(api)
    folders = {}
    for name, password in (("admin", ADMIN_PASSWORD), ALICE, BOB):
        folder = tmp_path_factory.mktemp(f"rr-{name}")
        result = CliRunner().invoke(
            app, ["auth", "login", name, "--password-stdin"], input=password + "\n", env=environment(folder, rr_stack)
        )
        assert result.exit_code == 0, result.output
        folders[name] = folder
    return folders


def arguments(example: Example, stack: Stack) -> list[str]:
    words = shlex.split(example.line.replace("http://127.0.0.1:8000", stack.gateway_url), comments=True)[1:]
    for stop in (">", "|", "<"):
        words = words[: words.index(stop)] if stop in words else words
    return words


@pytest.mark.parametrize("page", PAGES)
def test_the_rr_examples_of_a_page_run_against_the_stack(
    page: str, homes: dict[str, Path], rr_stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, password = identity(page)
    folder = homes[name]
    monkeypatch.chdir(folder)
    (folder / "resources.csv").write_text("name,tags,available\nExample hall,room,true\n")
    failures, ran = [], 0
    for example in (e for e in RRS if e.page == page):
        words = arguments(example, rr_stack)
        if " ".join(words).startswith(NOT_RUN):
            continue
        result = CliRunner().invoke(app, words, input=password + "\n", env=environment(folder, rr_stack))
        ran += 1
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            failures.append(f"{example.line}\n    -> crashed: {result.exception!r}")
        elif result.exit_code == 2:
            failures.append(f"{example.line}\n    -> usage error: {result.output[-300:]}")
        elif result.exit_code not in (0, 1):
            failures.append(f"{example.line}\n    -> exit code {result.exit_code}: {result.output[-300:]}")
    assert ran, f"{page}: no example ran"
    assert failures == [], f"{page}:\n" + "\n".join(failures)
