"""The reference pages of the documentation site are what tools/gen_docs.py makes from the code
now: the API from the gateway's OpenAPI, the CLI from the Typer app, the settings from the Settings
classes, the events from proto/ and the goldens. A stale page fails here; `make docs-gen` fixes it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tools import gen_docs

DOCS = gen_docs.ROOT / "docs"
PAGES = gen_docs.pages()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_generated_page_is_fresh(name: str) -> None:
    page = DOCS / name
    assert page.exists(), f"docs/{name} is missing: run `make docs-gen`"
    assert page.read_text(encoding="utf-8") == PAGES[name](), f"docs/{name} is out of date: run `make docs-gen`"


def test_check_names_a_stale_page(tmp_path: Path) -> None:
    """--check's own logic: a page edited by hand or left behind by a code change is reported."""
    shutil.copytree(DOCS / "reference", tmp_path / "reference")
    settings = tmp_path / "reference" / "settings.md"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("RR_BOOKING_MAX_RESERVATION_DAYS", "RR_BOOKING_GONE"),
        encoding="utf-8",
    )
    (tmp_path / "reference" / "events.md").unlink()
    assert gen_docs.stale_pages(tmp_path) == ["reference/settings.md", "reference/events.md"]


def test_api_page_covers_every_operation_and_schema() -> None:
    spec = gen_docs.api_spec()
    api = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    schemas = (DOCS / "reference" / "api-schemas.md").read_text(encoding="utf-8")
    for path, method, _ in gen_docs._operations(spec):
        assert f"### {method.upper()} `{path}`" in api
    for name in spec["components"]["schemas"]:
        assert f"## {name} {{#{gen_docs._anchor(name)}}}" in schemas


def test_cli_page_covers_every_command_and_option() -> None:
    import typer

    from rr_cli.app import app

    cli = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")

    def walk(cmd: object, words: list[str]) -> int:
        assert f"`{' '.join(words)}`" in cli, " ".join(words)
        for param in getattr(cmd, "params", []):
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in cli, f"{' '.join(words)} {opt}"
        return 1 + sum(walk(child, [*words, name]) for name, child in getattr(cmd, "commands", {}).items())

    assert walk(typer.main.get_command(app), ["rr"]) > 50


def test_settings_page_lists_every_variable_of_env_example() -> None:
    settings = (DOCS / "reference" / "settings.md").read_text(encoding="utf-8")
    variables = [
        line.split("=", 1)[0]
        for line in (gen_docs.ROOT / ".env.example").read_text().splitlines()
        if line.startswith("RR_")
    ]
    assert len(variables) > 100
    assert [v for v in variables if f"`{v}`" not in settings] == []


def test_events_page_has_every_golden_with_its_payload() -> None:
    events = (DOCS / "reference" / "events.md").read_text(encoding="utf-8")
    goldens = sorted((gen_docs.EVENTS_DIR).glob("v*/*.json"))
    assert len(goldens) >= 30
    for golden in goldens:
        data = json.loads(golden.read_text())
        assert f"## `{data['subject']}`" in events
        assert json.dumps(data["payload"], indent=2) in events
