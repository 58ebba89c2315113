"""A stand-in for the real services, so the launcher can be tested before they exist.

``python -m rr_<name> migrate|serve`` resolves to a generated package that calls ``main(name)``.
Behaviour is steered by ``RR_<NAME>_FAKE_*`` variables: MIGRATE_FAIL, EXIT_ON_SERVE,
CRASH_AFTER (seconds), IGNORE_TERM.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from concurrent import futures
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _env(name: str, suffix: str, default: str = "") -> str:
    return os.environ.get(f"RR_{name.upper()}_{suffix}", default)


def _wait_for_stop(name: str) -> threading.Event:
    stop = threading.Event()
    if _env(name, "FAKE_IGNORE_TERM"):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a service that hangs on shutdown
    else:
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    crash_after = _env(name, "FAKE_CRASH_AFTER")
    if crash_after:

        def crash() -> None:
            time.sleep(float(crash_after))
            _say(f"{name}: simulated crash")
            os._exit(2)

        threading.Thread(target=crash, daemon=True).start()
    return stop


def _serve_grpc(name: str) -> int:
    import grpc
    from grpc_health.v1 import health, health_pb2, health_pb2_grpc

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    address = f"{_env(name, 'GRPC_HOST')}:{_env(name, 'GRPC_PORT')}"
    server.add_insecure_port(address)
    stop = _wait_for_stop(name)
    server.start()
    servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    _say(f"{name}: serving on {address}")
    stop.wait()
    server.stop(1).wait()
    _say(f"{name}: stopped")
    return 0


def _serve_http(name: str) -> int:
    env = {k: v for k, v in os.environ.items() if k.startswith("RR_GATEWAY_")}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # http.server API
            body = json.dumps(env).encode() if self.path == "/env" else b"ok"
            status = 200 if self.path in ("/live", "/env") else 404
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer((env["RR_GATEWAY_HTTP_HOST"], int(env["RR_GATEWAY_HTTP_PORT"])), Handler)
    stop = _wait_for_stop(name)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    _say(f"{name}: serving http")
    stop.wait()
    httpd.shutdown()
    return 0


def main(name: str) -> None:
    verb = sys.argv[1] if len(sys.argv) > 1 else "serve"
    if verb == "migrate":
        if _env(name, "FAKE_MIGRATE_FAIL"):
            _say(f"{name}: migration exploded on purpose")
            raise SystemExit(3)
        _say(f"{name}: migrated {_env(name, 'DATABASE_URL')}")
        raise SystemExit(0)
    if _env(name, "FAKE_EXIT_ON_SERVE"):
        _say(f"{name}: refusing to serve")
        raise SystemExit(4)
    raise SystemExit(_serve_http(name) if name == "gateway" else _serve_grpc(name))
