"""The committed generated contracts equal what `make proto` produces from proto/ now."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_generated_code_matches_proto_sources(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_proto.py"), "--out", str(tmp_path)],
        check=True,
        env=env,
        capture_output=True,
    )
    fresh, committed = _tree(tmp_path / "rr"), _tree(ROOT / "libs" / "rr_proto" / "rr")
    assert sorted(fresh) == sorted(committed), "generated files differ: run `make proto` and commit"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"stale generated code, run `make proto`: {stale}"


def test_proto_packages_match_import_paths() -> None:
    for proto in (ROOT / "proto").rglob("*.proto"):
        package = next(
            line.split()[1].rstrip(";") for line in proto.read_text().splitlines() if line.startswith("package ")
        )
        assert package == ".".join(proto.parent.relative_to(ROOT / "proto").parts), proto


def test_generated_runtime_is_not_newer_than_installed_protobuf() -> None:
    import rr.booking.v1.booking_pb2 as generated
    from google.protobuf import __version__ as runtime

    text = Path(generated.__file__).read_text()
    gen_version = next(line.split(":")[1].strip() for line in text.splitlines() if "Protobuf Python Version" in line)
    assert tuple(map(int, gen_version.split("."))) <= tuple(map(int, runtime.split(".")[:3]))
