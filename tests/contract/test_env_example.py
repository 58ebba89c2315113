"""`.env.example` lists exactly the settings the services read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_env_example_is_in_sync_with_settings_classes() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "env_example.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
