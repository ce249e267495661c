"""A case system's integration, end to end, with the generated Python client.

    python examples/client/verify_household.py --url http://127.0.0.1:8700 \\
        --token "$(cat var/demo/client-token)" --key var/demo/issuer-key.json \\
        --household examples/signing/household.json --receipt report.tlog-proof

1. signs the household's authorization (授权核对委托书) as the issuing office does, with the
   signing example's own code (``examples/signing/python/sign.py``: PyJWT, EdDSA);
2. creates the verification (``createVerification``) with an ``Idempotency-Key``, so a retry
   after a lost response gets the same report back, never a second verification;
3. reads the report again (``getVerification``) until its audit entry is in the log;
4. fetches the report's receipt (``getVerificationReceipt``), waiting ``Retry-After`` while it
   is ``409 receipt-pending``, and saves it (a C2SP tlog-proof, verifiable offline);
5. prints a summary (JSON) on standard output.

Needs the generated client (``clients/python/``: ``pip install clients/python``, or it on
``PYTHONPATH``) and ``pyjwt[crypto]``. Guide: docs/integrators/python-client.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from household_verification_client import AuthenticatedClient
from household_verification_client.api.verifications import (
    create_verification,
    get_verification,
    get_verification_receipt,
)
from household_verification_client.models import CreateVerification, Problem, VerificationReport
from household_verification_client.types import Response

# the signing example is the documented way to sign: use it, do not copy it
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "signing" / "python"))
from sign import build_payload, sign

PATIENCE_SECONDS = 60.0


def _problem(response: Response[Any]) -> str:
    parsed = response.parsed
    if isinstance(parsed, Problem):
        return f"{response.status_code.value} {parsed.code}: {parsed.detail}"
    return f"{response.status_code.value}: {response.content[:200]!r}"


def _retry_after(response: Response[Any]) -> float:
    return float(response.headers.get("Retry-After", "1"))


def verify(client: AuthenticatedClient, jws: str) -> VerificationReport:
    created = create_verification.sync_detailed(
        client=client,
        body=CreateVerification(authorization=jws),
        idempotency_key=f"example-{uuid.uuid4()}",
    )
    if not isinstance(created.parsed, VerificationReport):
        raise SystemExit(f"createVerification refused: {_problem(created)}")
    return created.parsed


def read_integrated(client: AuthenticatedClient, report: VerificationReport) -> VerificationReport:
    """The report once its ``report_created`` audit entry is in the log (``audit.seq``)."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while True:
        read = get_verification.sync_detailed(report.id, client=client)
        if not isinstance(read.parsed, VerificationReport):
            raise SystemExit(f"getVerification refused: {_problem(read)}")
        if read.parsed.audit.status.value == "integrated" or time.monotonic() > deadline:
            return read.parsed
        time.sleep(0.2)


def receipt(client: AuthenticatedClient, report: VerificationReport) -> str:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while True:
        got = get_verification_receipt.sync_detailed(report.id, client=client)
        if isinstance(got.parsed, str) and got.status_code.value == 200:
            return got.parsed
        pending = isinstance(got.parsed, Problem) and got.parsed.code == "receipt-pending"
        if not pending or time.monotonic() > deadline:
            raise SystemExit(f"getVerificationReceipt refused: {_problem(got)}")
        time.sleep(_retry_after(got))


def main() -> None:
    parser = argparse.ArgumentParser(description="sign, verify, read the report, get its receipt")
    parser.add_argument("--url", required=True, help="the service's base URL")
    parser.add_argument("--token", required=True, help="the case system's API token")
    parser.add_argument("--key", type=Path, required=True, help="the office's key file (JSON)")
    parser.add_argument("--household", type=Path, required=True, help="the case (JSON)")
    parser.add_argument("--receipt", type=Path, required=True, help="where to save the receipt")
    args = parser.parse_args()

    key_file = json.loads(args.key.read_text(encoding="utf-8"))
    household = json.loads(args.household.read_text(encoding="utf-8"))
    jws = sign(key_file, build_payload(key_file["issuer"], household, valid_days=30))

    timeout = httpx.Timeout(30.0)  # the synchronous deadline is 10 s; the receipt waits apart
    with AuthenticatedClient(base_url=args.url, token=args.token, timeout=timeout) as client:
        report = read_integrated(client, verify(client, jws))
        proof = receipt(client, report)
    args.receipt.write_text(proof, encoding="utf-8")
    summary = {
        "verification_id": str(report.id),
        "outcome": report.outcome.value,
        "suggested_allowance_monthly": report.suggested_allowance_monthly,
        "rules": {
            rule.rule.value: {
                "result": rule.result.value,
                "figures": rule.figures.to_dict(),
            }
            for rule in report.rules
        },
        "audit_seq": report.audit.seq,
        "audit_leaf_hash": report.audit.leaf_hash,
        "receipt": str(args.receipt),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
