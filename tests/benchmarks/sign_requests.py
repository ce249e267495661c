"""Signed verification requests for the fan-out benchmark: one-member households, each a
synthetic person of its own, each with an authorization of its own.

Run as a file by the Python of the code under test (this checkout's, or the baseline's own
environment, ``tests/benchmarks/baseline.py``), so each code signs with its own
``verification.authorization.signing``::

    python tests/benchmarks/sign_requests.py KEY_FILE PEOPLE_FILE OUT_FILE [SCOPES]

``KEY_FILE`` is the demo issuer key that ``verification serve`` wrote (``var/demo/
issuer-key.json``); ``PEOPLE_FILE`` holds one ID number a line (the fan-out benchmark
chooses them: ``fanout.select_people``); ``OUT_FILE`` gets one JSON request body a line, in
the same order; ``SCOPES``, comma-separated, the agencies the authorizations allow (by
default every installed one).  A real verification brings an authorization the service has
never seen, and so does each body here (a request whose authorization the service has
already recorded skips that insert; and one person verified thousands of times makes the
service's look-up of a person's other verifications grow with the run).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

REGION = "450102"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(i: int) -> str:
    """The ``i``-th candidate person: a valid GB 11643 number of region 450102, an adult born
    from 1960 on (1,000 a day)."""
    born = dt.date(1960, 1, 1) + dt.timedelta(days=i // 1000)
    first17 = f"{REGION}{born:%Y%m%d}{i % 1000:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]
    return first17 + check


NAME = "覃测甲"


def main() -> None:
    from verification.authorization.signing import IssuerKeyPair, authorization_payload

    key_file, people_file, out = (Path(arg) for arg in sys.argv[1:4])
    scopes = sys.argv[4].split(",") if len(sys.argv) > 4 else None
    key_pair = IssuerKeyPair.from_json(key_file.read_text())
    now = dt.datetime.now(dt.UTC)
    with out.open("w", encoding="utf-8") as lines:
        for person in people_file.read_text().split():
            member = {
                "id_number": person,
                "name": NAME,
                "relation": "self",
                "consented": True,
            }
            payload = authorization_payload(
                issuer=key_pair.issuer,
                region_code=REGION,
                area="rural",
                members=[member],
                now=now,
                **({"scopes": scopes} if scopes else {}),
            )
            lines.write(json.dumps({"authorization": key_pair.sign(payload)}) + "\n")


if __name__ == "__main__":
    main()
