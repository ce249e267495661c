"""The pure what-if core: stored evidence assessed under the policy in force and under a
draft layer, on one date (verification/what_if/replay.py, draft.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from connectors.sdk.discovery import installed_sources
from connectors.sdk.evidence import (
    Evidence,
    FinancialAsset,
    FinancialKind,
    IdentityFact,
    IncomeCategory,
    IncomeItem,
    PersonStatus,
    RecordRef,
    SourceResult,
    SourceStatus,
)
from tests.verification.policy_fixtures import shipped
from verification.assessment.model import Member, Outcome
from verification.policies.layered.loading import default_layers_dir
from verification.problems import InvalidRequest
from verification.what_if.draft import drafted_policies
from verification.what_if.replay import StoredHousehold, WhatIfChange, replay

ON = dt.date(2026, 11, 23)
AS_OF = dt.date(2026, 11, 23)
SCOPES = installed_sources().scopes
MONTHS = [f"2025-{m:02d}" for m in (11, 12)] + [f"2026-{m:02d}" for m in range(1, 11)]
NANNING = (default_layers_dir() / "gx-nanning.toml").read_text(encoding="utf-8")
# the shipped figures on ON: Guangxi's rural standard 2500.00 a year (Nanning sets only its
# urban one), 208.33 a month
RAISED_RURAL = (
    NANNING
    + """
[[standard.rural]]
valid_from = 2026-01-01
value = "3000.00"
example = true
note = "草案：南宁市农村标准提高到每人每年3000元"
"""
)
LOWER_ASSETS = (
    NANNING
    + """
[[assets.financial_multiple_of_annual_standard]]
valid_from = 2026-01-01
value = "1"
example = true
note = "草案：存款上限降为一年的标准"
"""
)


def _ref(source: str) -> RecordRef:
    return RecordRef(source, f"{source}-ref")


def stored(
    size: int = 1,
    *,
    area: str = "rural",
    wages: str | None = None,
    deposit: str | None = None,
) -> StoredHousehold:
    members = [Member(i, "self" if i == 0 else "child") for i in range(size)]
    results: dict[tuple[int, str], SourceResult] = {}
    for i in range(size):
        for scope in SCOPES:
            results[(i, scope)] = SourceResult(scope, SourceStatus.NOT_FOUND)
        identity = IdentityFact(PersonStatus.ACTIVE, True, "450102", None, _ref("hukou"))
        results[(i, "hukou")] = SourceResult("hukou", SourceStatus.OK, Evidence(identity=identity))
    if wages is not None:
        items = tuple(
            IncomeItem(IncomeCategory.WAGES, m, Decimal(wages), _ref("tax")) for m in MONTHS
        )
        results[(0, "tax")] = SourceResult("tax", SourceStatus.OK, Evidence(incomes=items))
    if deposit is not None:
        asset = FinancialAsset(FinancialKind.TIME_DEPOSIT, Decimal(deposit), _ref("bank"))
        results[(0, "bank")] = SourceResult(
            "bank", SourceStatus.OK, Evidence(financial_assets=(asset,))
        )
    return StoredHousehold(
        household_id=uuid.uuid4(),
        region_code="450102",
        area=area,
        as_of=AS_OF,
        members=members,
        people_masked=[f"450102********{i:03d}X" for i in range(size)],
        results=results,
    )


def _what_if(draft: str, *households: StoredHousehold):
    _layer, drafted = drafted_policies(shipped().layers, draft)
    return replay(households, shipped(), drafted, ON)


def test_a_raised_standard_raises_allowances_and_makes_a_household_eligible() -> None:
    nothing = stored(2)
    # 320.00 wages less the 100.00 employment cost: 220.00, above 208.33, below 250.00
    above = stored(1, wages="320.00")
    result = _what_if(RAISED_RURAL, nothing, above)
    first, second = result.households
    assert first.household_id == nothing.household_id
    assert first.outcome_before is first.outcome_after is Outcome.ELIGIBLE
    assert first.allowance_after == Decimal("500.00")  # 3000 / 12 × 2, exact
    assert first.allowance_before is not None
    assert first.allowance_before < first.allowance_after
    assert first.difference == first.allowance_after - first.allowance_before
    assert first.change is WhatIfChange.INCREASE
    assert second.outcome_before is Outcome.INELIGIBLE
    assert second.allowance_before is None
    assert second.outcome_after is Outcome.ELIGIBLE
    assert second.allowance_after == Decimal("30.00")  # 250.00 − 220.00
    assert second.difference == Decimal("30.00")
    assert second.change is WhatIfChange.BECOMES_ELIGIBLE
    totals = result.totals
    assert (totals.households, totals.increase, totals.becomes_eligible) == (2, 1, 1)
    assert totals.unchanged == totals.decrease == totals.becomes_ineligible == 0
    assert totals.allowance_before == first.allowance_before
    assert totals.allowance_after == Decimal("530.00")
    assert totals.difference == Decimal("530.00") - first.allowance_before
    assert all(isinstance(v, Decimal) for v in (totals.allowance_before, totals.difference))
    assert result.changed() == result.households


def test_a_lowered_asset_limit_makes_a_household_ineligible() -> None:
    saver = stored(1, deposit="3000.00")  # within 2 × 2500, above 1 × 2500
    poor = stored(1, deposit="1000.00")
    result = _what_if(LOWER_ASSETS, saver, poor)
    moved, kept = result.households
    assert moved.outcome_before is Outcome.ELIGIBLE
    assert moved.outcome_after is Outcome.INELIGIBLE
    assert moved.allowance_after is None
    assert moved.allowance_before is not None
    assert moved.difference == -moved.allowance_before
    assert moved.change is WhatIfChange.BECOMES_INELIGIBLE
    assert kept.change is WhatIfChange.UNCHANGED
    assert kept.difference == Decimal("0.00")
    assert result.totals.becomes_ineligible == 1
    assert result.totals.unchanged == 1
    assert result.changed() == (moved,)


def test_households_the_draft_does_not_touch_are_reported_unchanged() -> None:
    urban = stored(3, area="urban")  # the draft changes the rural standard only
    ineligible = stored(1, wages="900.00")  # above either standard
    result = _what_if(RAISED_RURAL, urban, ineligible)
    assert [h.change for h in result.households] == [WhatIfChange.UNCHANGED, WhatIfChange.UNCHANGED]
    assert result.households[0].allowance_before == result.households[0].allowance_after
    assert result.households[1].outcome_after is Outcome.INELIGIBLE
    assert result.totals.difference == Decimal("0.00")
    assert result.totals.unchanged == 2


def test_the_same_file_as_the_draft_changes_nobody() -> None:
    result = _what_if(NANNING, stored(2), stored(1, wages="100.00"), stored(2, area="urban"))
    assert result.totals.unchanged == 3
    assert result.changed() == ()


def test_a_draft_standard_not_yet_in_force_on_the_date_changes_nobody() -> None:
    later = RAISED_RURAL.replace("valid_from = 2026-01-01", "valid_from = 2027-01-01")
    result = _what_if(later, stored(2))
    assert result.totals.unchanged == 1


@pytest.mark.parametrize(
    ("draft", "names"),
    [
        ("[layer]\nid = 'x'", "layer"),  # header incomplete
        ("not = [toml", "not valid TOML"),
        (NANNING + "\n[[standard.rural]]\nvalid_from = 2026-01-01\nvalue = 3000\n", "value"),
        (
            NANNING + '\n[[no.such]]\nvalid_from = 2026-01-01\nvalue = "1"\nexample = true\n'
            'note = "x"\n',
            "no.such: unknown parameter",
        ),
        (
            NANNING.replace('id = "gx-nanning"', 'id = "gx-nanning-2"'),
            "region prefix 4501 is also stated by",
        ),
        (
            NANNING + '\n[[standard.urban]]\nvalid_from = 2025-06-01\nvalue = "1.00"\n'
            'example = true\nnote = "x"\n',
            "overlap",
        ),
    ],
)
def test_a_bad_draft_is_refused_naming_what_is_wrong(draft: str, names: str) -> None:
    with pytest.raises(InvalidRequest) as refused:
        drafted_policies(shipped().layers, draft)
    assert refused.value.instance_code == "draft-policy-invalid"
    assert names in refused.value.detail
    (error,) = refused.value.extra["errors"]
    assert error["location"] == "body.draft"
    assert error["message"] == refused.value.detail.split(": ", 1)[1]


def test_the_policy_date_is_the_requests_and_the_evidence_keeps_its_own() -> None:
    # a standard from 2027 in the draft: the household's 2026 evidence, replayed on a 2027
    # policy date, is assessed under it; its own window still decides its income
    later = RAISED_RURAL.replace("valid_from = 2026-01-01", "valid_from = 2027-01-01")
    _layer, drafted = drafted_policies(shipped().layers, later)
    above = stored(1, wages="320.00")
    result = replay([above], shipped(), drafted, dt.date(2027, 3, 1))
    (row,) = result.households
    assert result.on == dt.date(2027, 3, 1)
    assert (row.outcome_before, row.outcome_after) == (Outcome.INELIGIBLE, Outcome.ELIGIBLE)
    assert row.allowance_after == Decimal("30.00")
