"""A webhook consumer for the verification service: verifies each delivery's Standard
Webhooks signature and prints the event.  Standalone: the Python standard library only
(the ``standardwebhooks`` package's ``Webhook(secret).verify(body, headers)`` does the same).

    WEBHOOK_SECRET=whsec_… python consumer.py --port 8123 [--events events.jsonl]

Register ``http://127.0.0.1:8123/webhooks`` (demo mode; https in production) with
``POST /v1/webhooks/endpoints``; the answer's ``secret`` is WEBHOOK_SECRET.  During a secret
rotation give both, space-separated: a delivery is accepted when any signature verifies with
any of them.  A verified delivery is answered 204 (and written to ``--events`` as one JSON
line), a duplicate (same ``webhook-id``) 204 without writing it again, anything else 401.
The event carries ids only: fetch the report with ``GET /v1/verifications/{id}``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

TOLERANCE_SECONDS = 5 * 60  # the spec's suggestion: refuse deliveries older or newer


def signature(secret: str, msg_id: str, timestamp: str, body: bytes) -> str:
    """``v1,`` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), the key being the
    base64 after ``whsec_``."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def verify(secrets: list[str], headers: Any, body: bytes) -> dict[str, Any]:
    """The event if the delivery is signed with one of ``secrets``; ValueError otherwise."""
    msg_id = headers.get("webhook-id") or ""
    timestamp = headers.get("webhook-timestamp") or ""
    header = headers.get("webhook-signature") or ""
    if not (msg_id and timestamp.isdigit() and header):
        raise ValueError("missing webhook headers")
    if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        raise ValueError("timestamp outside the tolerance")
    given = [s for s in header.split(" ") if s.startswith("v1,")]
    for secret in secrets:
        expected = signature(secret, msg_id, timestamp, body)
        if any(hmac.compare_digest(expected, candidate) for candidate in given):
            return dict(json.loads(body))
    raise ValueError("no signature verifies")


def serve(port: int, secrets: list[str], events_path: str | None) -> None:
    seen: set[str] = set()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            try:
                event = verify(secrets, self.headers, body)
            except ValueError as refused:
                print(f"refused: {refused}", file=sys.stderr, flush=True)
                self.send_response(401)
                self.end_headers()
                return
            msg_id = self.headers["webhook-id"]
            if msg_id not in seen:  # at least once: the same id may come again
                seen.add(msg_id)
                line = json.dumps({"webhook_id": msg_id, **event}, ensure_ascii=False)
                print(line, flush=True)
                if events_path:
                    with Path(events_path).open("a", encoding="utf-8") as out:
                        out.write(line + "\n")
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return  # quiet: one line per verified event is printed above

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--events", help="append each verified event to this file (JSON lines)")
    args = parser.parse_args()
    secrets = os.environ.get("WEBHOOK_SECRET", "").split()
    if not secrets:
        parser.error("set WEBHOOK_SECRET to the endpoint's signing secret (whsec_…)")
    serve(args.port, secrets, args.events)


if __name__ == "__main__":
    main()
