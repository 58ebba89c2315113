"""The committed OpenAPI snapshot and the breaking-change check against it.

    python tools/openapi_snapshot.py            # rewrite tests/contract/openapi.snapshot.json
    python tools/openapi_snapshot.py --check    # list breaking changes, exit 1 if any

Breaking: a removed path or method, a removed response field, a field whose type narrowed, a
request field or query parameter that became required, a removed enum value from a response.
Additions are not breaking; refresh the snapshot when you add to the API.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "contract" / "openapi.snapshot.json"
Schema = dict[str, Any]


def current_spec() -> Schema:
    from rr_gateway.app import create_app
    from rr_gateway.config import Settings

    spec: Schema = create_app(Settings(static_dir="")).openapi()
    return spec


def _resolve(spec: Schema, schema: Schema) -> Schema:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _types(spec: Schema, schema: Schema) -> set[str]:
    schema = _resolve(spec, schema)
    if "anyOf" in schema:
        return set().union(*(_types(spec, s) for s in schema["anyOf"]))
    if "$ref" in schema or "properties" in schema:
        return {"object"}
    return {schema.get("type", "any")}


def _compare_response(
    old: Schema, new: Schema, a: Schema, b: Schema, where: str, out: list[str], depth: int = 0
) -> None:
    a, b = _resolve(old, a), _resolve(new, b)
    if depth > 6:
        return
    old_types, new_types = _types(old, a), _types(new, b)
    if "any" not in new_types and not old_types <= new_types:
        out.append(f"{where}: type changed from {sorted(old_types)} to {sorted(new_types)}")
    for name, prop in a.get("properties", {}).items():
        if name not in b.get("properties", {}):
            out.append(f"{where}.{name}: field removed")
        else:
            _compare_response(old, new, prop, b["properties"][name], f"{where}.{name}", out, depth + 1)
    if "items" in a and "items" in b:
        _compare_response(old, new, a["items"], b["items"], f"{where}[]", out, depth + 1)


def _json_body(spec: Schema, container: Schema) -> Schema | None:
    content = container.get("content", {}).get("application/json")
    return content.get("schema") if content else None


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    problems: list[str] = []
    for path, methods in old["paths"].items():
        for method, op in methods.items():
            where = f"{method.upper()} {path}"
            new_op = new["paths"].get(path, {}).get(method)
            if new_op is None:
                problems.append(f"{where}: removed")
                continue
            old_required = {p["name"] for p in op.get("parameters", []) if p.get("required")}
            for param in new_op.get("parameters", []):
                if param.get("required") and param["name"] not in old_required:
                    problems.append(f"{where}: parameter '{param['name']}' became required")
            old_body, new_body = op.get("requestBody"), new_op.get("requestBody")
            if old_body and new_body and (a := _json_body(old, old_body)) and (b := _json_body(new, new_body)):
                newly = set(_resolve(new, b).get("required", [])) - set(_resolve(old, a).get("required", []))
                problems += [f"{where}: request field '{f}' became required" for f in sorted(newly)]
            for status, response in op.get("responses", {}).items():
                if not status.startswith("2"):
                    continue
                a = _json_body(old, response)
                b = _json_body(new, new_op.get("responses", {}).get(status, {}))
                if a and not b:
                    problems.append(f"{where} {status}: JSON answer removed")
                elif a and b:
                    _compare_response(old, new, a, b, f"{where} {status}", problems)
    return problems


def main(argv: list[str]) -> int:
    spec = current_spec()
    if "--check" in argv:
        problems = breaking_changes(json.loads(SNAPSHOT.read_text()), spec)
        for problem in problems:
            sys.stderr.write(problem + "\n")
        return 1 if problems else 0
    SNAPSHOT.write_text(json.dumps(spec, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
