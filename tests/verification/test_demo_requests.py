"""The demo writes a signed request for every scenario household, issue #20's among them
(README, "demo"); the households verified with their support obligors are not written: a
request for them needs the obligors' own signed consent."""

from __future__ import annotations

import json
from pathlib import Path

from mock_sources.scenarios import HOUSEHOLDS, SUPPORTED
from verification.authorization.signing import IssuerKeyPair
from verification.db import utcnow
from verification.demo import DEMO_ISSUER, DemoState, write_scenario_requests

ISSUE_20 = {
    "securities_two_accounts",
    "elder_basic_pension",
    "retired_employee",
    "unemployed_benefit",
    "undeclared_wages",
    "insurance_cash_value",
    "annuity_income",
    "medical_only",
    "business_turnover",
    "company_shareholder",
    "business_closed",
}


def test_every_scenario_household_gets_a_signed_request(tmp_path: Path) -> None:
    state = DemoState(IssuerKeyPair.generate(DEMO_ISSUER, utcnow()), "token", tmp_path)
    written = write_scenario_requests(state)
    assert set(written) == {household.name for household in HOUSEHOLDS}
    assert set(written) >= ISSUE_20
    assert not {s.household.name for s in SUPPORTED} & set(written)
    for name in ISSUE_20:
        body = json.loads(written[name].read_text())
        assert body["authorization"].count(".") == 2  # a compact JWS
        assert written[name] == tmp_path / "requests" / f"{name}.json"
