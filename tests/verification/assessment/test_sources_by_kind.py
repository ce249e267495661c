"""The rules need sources by the kinds of evidence they declare, not by name: a catalogue
with a seventh source (declaring other income and wage indicators) makes the rules reading
those kinds need it, counts what it reports, and leaves the other rules alone."""

from __future__ import annotations

from decimal import Decimal

from connectors.sdk.discovery import installed_sources
from connectors.sdk.evidence import (
    Evidence,
    EvidenceKind,
    IncomeCategory,
    IncomeItem,
    RecordRef,
    SourceResult,
    SourceStatus,
    WageIndicator,
)
from connectors.sdk.source import DisplayName, SourceCatalogue, SourceInfo
from tests.verification.assessment.test_engine import AS_OF, MONTHS, POLICY, household
from verification.assessment.engine import assess
from verification.assessment.model import Outcome, RuleResult

PENSION_OFFICE = SourceInfo(
    scope="pension_office",
    name=DisplayName("社保经办", "pension office"),
    evidence_kinds=frozenset({EvidenceKind.OTHER_INCOME, EvidenceKind.WAGE_INDICATORS}),
    registers=("social_insurance", "pension"),
)
SEVEN = SourceCatalogue.of([*installed_sources(), PENSION_OFFICE])
REF = RecordRef("pension_office", "P-1")


def _rules(result) -> dict[str, RuleResult]:
    return {rule.rule: rule.result for rule in result.rules}


def test_the_shipped_catalogue_is_the_default() -> None:
    members, results = household(1)
    assert assess(members, results, POLICY, "rural", AS_OF) == assess(
        members, results, POLICY, "rural", AS_OF, sources=installed_sources()
    )


def test_a_seventh_source_is_needed_where_its_kinds_are_read() -> None:
    members, results = household(1)
    results[(0, "pension_office")] = SourceResult("pension_office", SourceStatus.UNAVAILABLE)

    result = assess(members, results, POLICY, "rural", AS_OF, sources=SEVEN)

    rules = _rules(result)
    for needing in ("sources_complete", "income_below_standard", "wages_consistent"):
        assert rules[needing] is RuleResult.NOT_ASSESSABLE, needing
    for not_needing in (
        "identity_confirmed",
        "financial_assets_within_limit",
        "no_non_exempt_vehicle",
        "housing_within_limit",
    ):
        assert rules[not_needing] is RuleResult.PASSED, not_needing
    assert result.outcome is Outcome.REVIEW_REQUIRED


def test_a_seventh_sources_evidence_is_counted_and_checked() -> None:
    members, results = household(1)
    benefit = tuple(IncomeItem(IncomeCategory.TRANSFER, m, Decimal("150.00"), REF) for m in MONTHS)
    contributing = WageIndicator(Decimal("3000.00"), account_active=True, ref=REF)
    results[(0, "pension_office")] = SourceResult(
        "pension_office",
        SourceStatus.OK,
        Evidence(incomes=benefit, wage_indicators=(contributing,)),
    )

    result = assess(members, results, POLICY, "rural", AS_OF, sources=SEVEN)

    assert result.per_capita_income_monthly == Decimal("150.00")
    # contributing on a wage base, yet no wages reported: to be explained
    assert _rules(result)["wages_consistent"] is RuleResult.NOT_ASSESSABLE
