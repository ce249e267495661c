"""The sandbox from the outside: `verification serve` as a real process, its sandbox
agencies a mock agency server of their own (``VERIFICATION_SANDBOX_SOURCES_URL``), a sandbox
client made with the CLI (``clients create --sandbox``) and plain HTTP."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx
import pytest

from mock_sources.server import serve_in_thread
from tests.verification.served_process import VERIFICATION, served
from verification.audit.receipts import ReceiptError, verify_receipt


def _requests(mock_url: str) -> int:
    agencies = httpx.get(f"{mock_url}/_stats").json()["agencies"]
    return sum(int(agency["requests"]) for agency in agencies.values())


def test_a_served_sandbox_client_verifies_at_the_sandbox_agencies(tmp_path: Path) -> None:
    with (
        serve_in_thread() as sandbox_mock,
        served(tmp_path, {"VERIFICATION_SANDBOX_SOURCES_URL": sandbox_mock}) as server,
    ):
        embedded_mock = f"http://127.0.0.1:{server.env['VERIFICATION_MOCK_SOURCES_PORT']}"
        created = server.cli(
            "clients", "create", "--name", "vendor sandbox", "--role", "case_system",
            "--issuer", "*", "--region", "45", "--sandbox",
        )  # fmt: skip
        token = created.strip().splitlines()[-1]
        assert token.startswith("vt_")
        listed = subprocess.run(
            [str(VERIFICATION), "clients", "list"],
            cwd=server.directory,
            env={**server.env, "COLUMNS": "300"},  # one line a client
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        rows = {line.split("│")[2].strip(): line for line in listed.splitlines() if "│" in line}
        assert "sandbox" in rows["vendor sandbox"] and "production" not in rows["vendor sandbox"]
        assert "production" in rows["demo case system"]

        with httpx.Client(base_url=server.base_url, timeout=30) as http:
            production_before, sandbox_before = _requests(embedded_mock), _requests(sandbox_mock)
            response = http.post(
                "/v1/verifications",
                content=server.request_body("eligible"),
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            assert response.status_code == 201, response.text
            assert response.headers["Verification-Environment"] == "sandbox"
            assert response.json()["outcome"] == "eligible"
            assert _requests(sandbox_mock) > sandbox_before
            assert _requests(embedded_mock) == production_before
            verification_id = response.json()["id"]

            # the demo case system is production's: it cannot see the sandbox's verification
            foreign = http.get(
                f"/v1/verifications/{verification_id}",
                headers={"Authorization": f"Bearer {server.token}"},
            )
            assert foreign.status_code == 404
            assert foreign.headers["Verification-Environment"] == "production"
            mine = http.get(
                f"/v1/verifications/{verification_id}",
                headers={"Authorization": f"Bearer {token}"},
            )
            assert mine.status_code == 200 and mine.headers["Verification-Environment"] == "sandbox"

            # its receipt proves its report against the sandbox log's checkpoint, with the
            # sandbox log's verifier key as the service publishes it
            receipt = _poll_receipt(http, verification_id, token)
            vkey = http.get("/.well-known/audit-log-key", params={"log": "sandbox"}).text
            audit = mine.json()["audit"]
            if audit["status"] == "pending":  # read again once integrated
                audit = http.get(
                    f"/v1/verifications/{verification_id}",
                    headers={"Authorization": f"Bearer {token}"},
                ).json()["audit"]
            proven = verify_receipt(
                receipt, vkey.strip(), leaf_hash=bytes.fromhex(audit["leaf_hash"])
            )
            assert proven.checkpoint.origin == "verification.local/audit/sandbox"
            production_key = http.get("/.well-known/audit-log-key").text
            with pytest.raises(ReceiptError):
                verify_receipt(receipt, production_key.strip(), leaf_hash=proven.leaf_hash)

            # and the demo case system's verification goes to the production agencies only
            sandbox_before = _requests(sandbox_mock)
            production = http.post(
                "/v1/verifications",
                content=server.request_body("private_car"),
                headers={
                    "Authorization": f"Bearer {server.token}",
                    "Content-Type": "application/json",
                },
            )
            assert production.status_code == 201, production.text
            assert production.headers["Verification-Environment"] == "production"
            assert _requests(sandbox_mock) == sandbox_before


def _poll_receipt(http: httpx.Client, verification_id: str, token: str) -> str:
    """The receipt, once the served integrator has integrated and signed (polled, generous
    deadline)."""
    deadline = time.monotonic() + 60
    while True:
        response = http.get(
            f"/v1/verifications/{verification_id}/receipt",
            headers={"Authorization": f"Bearer {token}"},
        )
        if response.status_code == 200:
            return response.text
        assert response.status_code == 409, response.text
        assert time.monotonic() < deadline, response.text
        time.sleep(0.2)
