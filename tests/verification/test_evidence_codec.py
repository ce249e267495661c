"""Stored evidence (encrypted JSON) reads back as it was, the market registrations included,
and evidence stored before they existed reads as none."""

from __future__ import annotations

from decimal import Decimal

from connectors.sdk.evidence import (
    BusinessEntityType,
    BusinessInterest,
    BusinessRole,
    BusinessStatus,
    Evidence,
    RecordRef,
)
from verification.verifications.evidence_codec import evidence_from_json, evidence_to_json

HELD = BusinessInterest(
    BusinessEntityType.LIMITED_COMPANY,
    BusinessRole.SHAREHOLDER,
    BusinessStatus.ACTIVE,
    registered_capital=Decimal("500000.00"),
    subscribed_share=Decimal("100000.00"),
    declared_turnover=None,
    report_year=None,
    ref=RecordRef("market_regulation", "NB1"),
)


def test_businesses_round_trip_with_their_decimals_and_nulls() -> None:
    evidence = Evidence(businesses=(HELD,))
    stored = evidence_to_json(evidence)
    assert stored["businesses"][0]["subscribed_share"] == "100000.00"
    assert stored["businesses"][0]["declared_turnover"] is None
    back = evidence_from_json(stored)
    assert back == evidence
    assert str(back.businesses[0].registered_capital) == "500000.00"


def test_evidence_stored_before_the_source_reads_as_no_businesses() -> None:
    stored = evidence_to_json(Evidence())
    del stored["businesses"]
    assert evidence_from_json(stored) == Evidence()
