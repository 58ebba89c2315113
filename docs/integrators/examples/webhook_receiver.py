"""A webhook receiver for Resource Reserver: verifies X-RR-Signature, then handles the event.

    WEBHOOK_SECRET=whsec_... PORT=8080 python3 webhook_receiver.py

Needs only the Python standard library. Answers 204 to a verified delivery (printing one JSON line
per event) and 401 to anything else; a delivery is retried until it gets a 2xx.
"""

import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SECRET = os.environ["WEBHOOK_SECRET"]
TOLERANCE_SECONDS = 300
seen_deliveries: set[str] = set()  # use a database in production: retries repeat the X-RR-Delivery id


def verify(secret: str, body: bytes, header: str, tolerance: int = TOLERANCE_SECONDS) -> bool:
    """X-RR-Signature is `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp, given = int(parts["t"]), parts["v1"]
    except (ValueError, KeyError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False  # too old, or from the future: a replay
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, given)


def handle(delivery: str, event: dict[str, Any]) -> None:
    """Your code goes here. This one writes the event as a JSON line."""
    line = {"delivery": delivery, "type": event["type"], "subject": event["subject"], "data": event["data"]}
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))  # the raw bytes, before any parsing
        if not verify(SECRET, body, self.headers.get("X-RR-Signature", "")):
            self.send_response(401)
            self.end_headers()
            return
        delivery = self.headers.get("X-RR-Delivery", "")
        if delivery not in seen_deliveries:
            seen_deliveries.add(delivery)
            event = json.loads(body)
            handle(delivery, event)
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # keep stdout for events
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
