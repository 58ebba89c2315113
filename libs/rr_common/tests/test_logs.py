"""Log lines as operators read them: one JSON object per line, our lines and libraries' alike."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

PROGRAM = textwrap.dedent(
    """
    import logging
    from rr_common.context import request_id_var
    from rr_common.logs import configure_logging, get_logger

    configure_logging("probe", "INFO", "json")
    log = get_logger("rr.probe")
    request_id_var.set("req-1")
    log.debug("hidden below the level")
    log.info("booked", reservation_id=7)
    try:
        1 / 0
    except ZeroDivisionError:
        log.exception("failed", step="divide")
    logging.getLogger("some.library").warning("library says %s", "hello")
    """
)


def test_json_lines_carry_context_levels_and_tracebacks() -> None:
    done = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=60, check=True)
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.strip()]
    assert [line["event"] for line in lines] == ["booked", "failed", "library says hello"]
    booked, failed, library = lines
    assert booked | {"timestamp": ""} == {
        "event": "booked",
        "reservation_id": 7,
        "level": "info",
        "request_id": "req-1",
        "service": "probe",
        "timestamp": "",
    }
    assert failed["level"] == "error" and failed["step"] == "divide"
    assert "ZeroDivisionError" in failed["exception"]
    assert library["level"] == "warning" and library["service"] == "probe"
