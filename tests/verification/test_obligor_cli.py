"""``verification authorization sign-obligor``, run as a user runs it: it adds a support
obligor's signed consent to the household's request body ``authorization sign`` printed, and
the service accepts that body and verifies the obligor under the consent."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.verification.helpers import household_payload, supported
from verification.authorization.signing import IssuerKeyPair

VERIFICATION = Path(sys.executable).parent / "verification"


def _run(*args: str) -> dict[str, Any]:
    printed = subprocess.run(
        [str(VERIFICATION), "authorization", *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return json.loads(printed)


async def test_the_cli_signs_an_obligor_consent_the_service_accepts(api, tmp_path: Path) -> None:
    found = supported("elderly_supported")
    key = tmp_path / "office-key.json"
    key.write_text(api.issuer_key.to_json())
    payload = tmp_path / "household.json"
    payload.write_text(json.dumps(household_payload(api, found)))
    household = tmp_path / "body.json"
    household.write_text(json.dumps(_run("sign", "--key", str(key), "--payload", str(payload))))
    daughter = found.obligors[0]
    person = tmp_path / "obligor.json"
    person.write_text(
        json.dumps(
            {
                "id_number": daughter.person.id_number,
                "name": daughter.person.name,
                "relation": daughter.relation,
            },
            ensure_ascii=False,
        )
    )

    body = _run(
        "sign-obligor",
        "--key",
        str(key),
        "--household",
        str(household),
        "--obligor",
        str(person),
        "--household-size",
        str(daughter.household_size),
    )
    assert body["authorization"] == json.loads(household.read_text())["authorization"]
    assert [o["household_size"] for o in body["obligors"]] == [daughter.household_size]

    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 201, response.text
    report = response.json()
    # as tests/verification/test_obligors.py works it out by hand
    assert report["outcome"] == "ineligible"
    assert report["obligors"]["support_monthly"] == "525.01"
    (obligor,) = report["obligors"]["obligors"]
    assert (obligor["relation"], obligor["household_size"]) == ("adult_child", 3)


def test_sign_obligor_without_an_obligor_says_so(tmp_path: Path) -> None:
    key = tmp_path / "k.json"
    key.write_text(IssuerKeyPair.generate("450102001", dt.datetime.now(dt.UTC)).to_json())
    household = tmp_path / "b.json"
    household.write_text(json.dumps({"authorization": "a.b.c"}))
    command = [str(VERIFICATION), "authorization", "sign-obligor", "--key", str(key)]
    done = subprocess.run(
        [*command, "--household", str(household)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--obligor or --payload" in done.stderr
    assert done.stdout == ""
