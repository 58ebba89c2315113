"""Proto compatibility against a committed descriptor baseline (one JSON file per package).

    python tools/proto_compat.py            # refresh tests/contract/proto_baseline/
    python tools/proto_compat.py --check    # list breaking changes, exit 1 if any

Breaking: a message, field, service or RPC removed; a field renumbered, retyped or relabelled
(singular <-> repeated); an RPC's request or response type changed. Additive changes pass.
A breaking change belongs in a new package version (rr.<service>.v2), never in v1.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from google.protobuf import descriptor_pb2
from google.protobuf.json_format import MessageToDict
from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
PROTO_DIR = ROOT / "proto"
BASELINE_DIR = ROOT / "tests" / "contract" / "proto_baseline"
Package = dict[str, Any]


def descriptor_set() -> descriptor_pb2.FileDescriptorSet:
    include = Path(protoc.__file__).parent / "_proto"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "set.binpb"
        files = [str(p.relative_to(PROTO_DIR)) for p in sorted(PROTO_DIR.rglob("*.proto"))]
        if protoc.main(["protoc", f"-I{PROTO_DIR}", f"-I{include}", f"--descriptor_set_out={out}", *files]) != 0:
            raise SystemExit("protoc failed")
        return descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())


def packages() -> dict[str, Package]:
    """Per package: messages -> {field name: (number, type, label, type_name)}, services -> rpcs."""
    out: dict[str, Package] = defaultdict(lambda: {"messages": {}, "services": {}})
    for file in descriptor_set().file:
        pkg = out[file.package]

        def walk(message: descriptor_pb2.DescriptorProto, prefix: str, pkg: Package = pkg) -> None:
            name = f"{prefix}{message.name}"
            pkg["messages"][name] = {
                f["name"]: [f["number"], f["type"], f.get("label", "LABEL_OPTIONAL"), f.get("typeName", "")]
                for f in (MessageToDict(field) for field in message.field)
            }
            for nested in message.nested_type:
                walk(nested, f"{name}.")

        for message in file.message_type:
            walk(message, "")
        for service in file.service:
            pkg["services"][service.name] = {m.name: [m.input_type, m.output_type] for m in service.method}
    return dict(out)


def breaking_changes(old: Package, new: Package, package: str) -> list[str]:
    problems: list[str] = []
    for message, fields in old["messages"].items():
        current = new["messages"].get(message)
        if current is None:
            problems.append(f"{package}.{message}: message removed")
            continue
        by_number = {spec[0]: (name, spec) for name, spec in current.items()}
        for field, spec in fields.items():
            if field not in current:
                moved = by_number.get(spec[0])
                problems.append(
                    f"{package}.{message}.{field}: field removed"
                    + (f" (number {spec[0]} now '{moved[0]}')" if moved else "")
                )
            elif current[field] != spec:
                problems.append(f"{package}.{message}.{field}: changed from {spec} to {current[field]}")
    for service, rpcs in old["services"].items():
        current_rpcs = new["services"].get(service)
        if current_rpcs is None:
            problems.append(f"{package}.{service}: service removed")
            continue
        for rpc, types in rpcs.items():
            if rpc not in current_rpcs:
                problems.append(f"{package}.{service}.{rpc}: rpc removed")
            elif current_rpcs[rpc] != types:
                problems.append(f"{package}.{service}.{rpc}: types changed from {types} to {current_rpcs[rpc]}")
    return problems


def check(current: dict[str, Package]) -> list[str]:
    problems: list[str] = []
    for path in sorted(BASELINE_DIR.glob("*.json")):
        package = path.stem
        if package not in current:
            problems.append(f"{package}: package removed")
            continue
        problems += breaking_changes(json.loads(path.read_text()), current[package], package)
    return problems


def main(argv: list[str]) -> int:
    current = packages()
    if "--check" in argv:
        problems = check(current)
        for problem in problems:
            sys.stderr.write(problem + "\n")
        return 1 if problems else 0
    BASELINE_DIR.mkdir(parents=True, exist_ok=True)
    for package, content in current.items():
        (BASELINE_DIR / f"{package}.json").write_text(json.dumps(content, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
