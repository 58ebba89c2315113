"""Every curl and `rr` example in the guides (docs/, less the generated docs/reference/) names
something that exists: a curl's method and path are an operation of the gateway's OpenAPI, its
JSON body is valid for that operation's request schema and its form fields are fields the
operation reads; an `rr` line is a command of the Typer app whose options and arguments parse.
A guide that describes a route, field or option that does not exist fails here."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tools import gen_docs

DOCS = gen_docs.ROOT / "docs"
FENCE = re.compile(r"^(?P<indent>[ \t]*)```bash\n(?P<body>.*?)^(?P=indent)```", re.S | re.M)
PLACEHOLDER_IDS = re.compile(r"\{[a-z_]+\}")


@dataclass(frozen=True)
class Example:
    page: str
    line: str

    def __str__(self) -> str:
        return f"{self.page}: {self.line}"


def guide_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "reference" not in p.relative_to(DOCS).parts)


def logical_lines(block: str) -> Iterator[str]:
    """Shell lines with continuations and multi-line quoted arguments joined."""
    pending, continued = "", False
    for raw in block.splitlines():
        line = raw.strip()
        pending = pending + line if continued or not pending else f"{pending}\n{line}"
        continued = pending.endswith("\\")
        if continued:
            pending = pending[:-1].rstrip() + " "
            continue
        if pending.count("'") % 2:  # inside a single-quoted argument
            continue
        if pending:
            yield pending
        pending = ""
    if pending:
        yield pending


def examples(program: str) -> list[Example]:
    found = []
    for page in guide_pages():
        text = page.read_text(encoding="utf-8")
        for fence in FENCE.finditer(text):
            body = "\n".join(line.removeprefix(fence.group("indent")) for line in fence.group("body").splitlines())
            for line in logical_lines(body):
                words = line.split(None, 1)
                if words and words[0] in {program, f".venv/bin/{program}"}:
                    found.append(Example(str(page.relative_to(DOCS)), line))
    return found


CURLS = examples("curl")
RRS = examples("rr")


def test_the_guides_have_examples() -> None:
    assert len(CURLS) > 60 and len(RRS) > 40, (len(CURLS), len(RRS))


# -- curl -----------------------------------------------------------------------------------------


@dataclass
class Curl:
    method: str
    path: str
    query: str
    json_body: Any = None
    form: list[str] | None = None
    multipart: bool = False


def parse_curl(line: str) -> Curl:
    words = shlex.split(line, comments=True)
    method, url, data, form, multipart, json_type = "", "", None, None, False, False
    i = 1
    while i < len(words):
        word = words[i]
        if word == "-X":
            method, i = words[i + 1], i + 2
            continue
        if word in ("-H", "-d", "-F", "-o", "-u", "--data"):
            value = words[i + 1]
            if word == "-H" and value.lower().startswith("content-type: application/json"):
                json_type = True
            elif word in ("-d", "--data"):
                data = value
            elif word == "-F":
                multipart = True
            i += 2
            continue
        if word.startswith("$API") or word.startswith("http"):
            url = word
        i += 1
    if not url:
        raise AssertionError(f"no URL in: {line}")
    path = re.sub(r"^(\$API|https?://[^/]+/api/v1)", "/api/v1", url)
    path, _, query = path.partition("?")
    if data is not None and not json_type:
        form = [pair.split("=", 1)[0] for pair in data.split("&")]
    body = json.loads(data) if data is not None and json_type else None
    return Curl(method or ("POST" if data is not None or multipart else "GET"), path, query, body, form, multipart)


def _operation(spec: dict[str, Any], method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    concrete = re.sub(r"\$\{?[A-Z_]+\}?", "1", path)  # $ID style placeholders stand for an id
    for template, methods in spec["paths"].items():
        pattern = "^" + PLACEHOLDER_IDS.sub(r"[^/]+", re.escape(template).replace(r"\{", "{").replace(r"\}", "}")) + "$"
        if re.match(pattern, concrete) and method.lower() in methods:
            return template, methods[method.lower()]
    return None


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return gen_docs.api_spec()


@pytest.mark.parametrize("example", CURLS, ids=str)
def test_curl_example_calls_an_operation_that_exists_as_written(example: Example, spec: dict[str, Any]) -> None:
    curl = parse_curl(example.line)
    found = _operation(spec, curl.method, curl.path)
    assert found is not None, f"{curl.method} {curl.path} is not an operation of the API"
    template, operation = found
    params = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    for pair in filter(None, curl.query.split("&")):
        assert pair.split("=", 1)[0] in params, f"{curl.method} {template} takes no query parameter {pair!r}"
    content = operation.get("requestBody", {}).get("content", {})
    if curl.json_body is not None:
        assert "application/json" in content, f"{curl.method} {template} takes no JSON body"
        schema = {**content["application/json"]["schema"], "components": spec["components"]}
        errors = [
            f"{'/'.join(map(str, e.path))}: {e.message}"
            for e in Draft202012Validator(schema).iter_errors(curl.json_body)
        ]
        assert errors == [], f"the body is not valid for {curl.method} {template}: {errors}"
    if curl.form is not None:
        form = content.get("application/x-www-form-urlencoded", {}).get("schema", {})
        fields = set(gen_docs._resolve(spec, form).get("properties", {}))
        assert fields and set(curl.form) <= fields, (
            f"{curl.method} {template} reads the form fields {sorted(fields)}, not {curl.form}"
        )
    if curl.multipart:
        assert "multipart/form-data" in content, f"{curl.method} {template} takes no file upload"


# -- rr -------------------------------------------------------------------------------------------

GLOBAL_FLAGS = ("--json", "--quiet", "-q")


@pytest.mark.parametrize("example", RRS, ids=str)
def test_rr_example_is_a_command_that_parses(example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    from rr_cli.app import app

    words = shlex.split(example.line, comments=True)[1:]
    for stop in (">", "|", "<"):
        words = words[: words.index(stop)] if stop in words else words
    # global options go anywhere (`rr --json resources list` = `rr resources list --json`)
    for flag in GLOBAL_FLAGS:
        words = [w for w in words if w != flag]
    if "--api-url" in words:
        at = words.index("--api-url")
        words = words[:at] + words[at + 2 :]
    # the files an example reads, such as `rr resources upload resources.csv`
    monkeypatch.chdir(tmp_path)
    for word in words:
        if re.fullmatch(r"[\w-]+\.(csv|json|ics|png)", word):
            (tmp_path / word).touch()
    command: Any = typer.main.get_command(app)
    ctx = command.make_context("rr", [], resilient_parsing=True)
    path = ["rr"]
    while hasattr(command, "commands") and words and words[0] in command.commands:
        name, words = words[0], words[1:]
        command = command.commands[name]
        path.append(name)
        ctx = command.make_context(name, [], parent=ctx, resilient_parsing=True)
    assert not hasattr(command, "commands") or not words, f"{' '.join(path)} has no command {words[:1]}"
    # Parses the options and arguments as the command would, without running it.
    command.make_context(path[-1], list(words), parent=ctx.parent)
