"""Files from the server (CSV, iCalendar) to a path or to stdout."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from rr_cli.errors import CliError
from rr_cli.state import AppState


def download_to(state: AppState, api_path: str, output: str | None, params: dict[str, Any] | None = None) -> None:
    """Stream to ``output`` (a partial file is removed on failure), or to stdout when it is None or '-'."""
    if output is None or output == "-":
        state.client.download(api_path, sys.stdout.buffer, params)
        sys.stdout.buffer.flush()
        return
    target = Path(output)
    try:
        with target.open("wb") as sink:
            written = state.client.download(api_path, sink, params)
    except OSError as exc:
        raise CliError(f"Cannot write {target}: {exc.strerror}.") from exc
    except CliError:
        target.unlink(missing_ok=True)
        raise
    state.output.done(f"Wrote {written} bytes to {target}.", {"path": str(target), "bytes": written}, str(target))
