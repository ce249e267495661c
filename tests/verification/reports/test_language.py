"""A report in one language: built by the real engine and builder, read in Chinese or English.

The household below trips nearly every rule, deduction, finding and source reason, so
the printable report carries most of the catalogue's statements; in Chinese no English
word may remain outside the machine tokens (ids, references, hashes).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from connectors.sdk.discovery import installed_sources
from connectors.sdk.errors import ReasonCode
from connectors.sdk.evidence import (
    Evidence,
    FinancialAsset,
    FinancialKind,
    IdentityFact,
    IncomeCategory,
    IncomeItem,
    PersonStatus,
    Property,
    PropertyUse,
    RecordRef,
    SourceResult,
    SourceStatus,
    Vehicle,
    VehicleUse,
    WageIndicator,
)
from tests.verification.policy_fixtures import shipped_policy
from verification.assessment.engine import assess
from verification.assessment.model import Declared, DeclaredMember, Member
from verification.messages.locale import Locale
from verification.reports.builder import ReportContext, ReportMember, build_report
from verification.reports.html import render_report_html
from verification.reports.language import localize
from verification.reports.model import VerificationReport

AS_OF = dt.date(2026, 11, 23)
POLICY = shipped_policy("450102", AS_OF)
# every installed source (the six and the separately installed social insurance): each answers
SCOPES = installed_sources().scopes
MONTHS = [f"2025-{m:02d}" for m in (11, 12)] + [f"2026-{m:02d}" for m in range(1, 11)]
ID_NUMBERS = ("450102198003120111", "450102198205150222", "450102200806010333")
NAMES = ("韦国强", "李秀英", "韦小明")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _ref(source: str, n: int = 0) -> RecordRef:
    return RecordRef(source, f"{source.upper()}-REF-{n}")


def _identity(status: PersonStatus, *, name_matches: bool = True) -> Evidence:
    died = dt.date(2026, 3, 2) if status is PersonStatus.DECEASED else None
    return Evidence(identity=IdentityFact(status, name_matches, "450102", died, _ref("hukou")))


def _results() -> dict[tuple[int, str], SourceResult]:
    results = {
        (i, scope): SourceResult(scope, SourceStatus.NOT_FOUND, reason_code=ReasonCode.NO_RECORD)
        for i in range(3)
        for scope in SCOPES
    }
    results[(0, "hukou")] = SourceResult("hukou", SourceStatus.OK, _identity(PersonStatus.ACTIVE))
    results[(1, "hukou")] = SourceResult(
        "hukou", SourceStatus.OK, _identity(PersonStatus.ACTIVE, name_matches=False)
    )
    results[(2, "hukou")] = SourceResult("hukou", SourceStatus.OK, _identity(PersonStatus.DECEASED))
    wages = tuple(
        IncomeItem(IncomeCategory.LABOUR, m, Decimal("600.00"), _ref("tax", n))
        for n, m in enumerate(MONTHS)
    )
    results[(0, "tax")] = SourceResult(
        "tax", SourceStatus.OK, Evidence(incomes=wages), attempts=1, requests=2
    )
    car = Vehicle(
        VehicleUse.PRIVATE, "小型轿车", dt.date(2020, 1, 1), Decimal("50000"), _ref("vehicle")
    )
    results[(0, "vehicle")] = SourceResult("vehicle", SourceStatus.OK, Evidence(vehicles=(car,)))
    homes = tuple(
        Property(use, Decimal("60.5"), dt.date(2010, 1, 1), Decimal("300000"), _ref("housing", n))
        for n, use in enumerate(
            (PropertyUse.RESIDENTIAL, PropertyUse.RESIDENTIAL, PropertyUse.COMMERCIAL)
        )
    )
    results[(0, "housing")] = SourceResult("housing", SourceStatus.OK, Evidence(properties=homes))
    deposit = FinancialAsset(FinancialKind.TIME_DEPOSIT, Decimal("90000"), _ref("bank"))
    results[(0, "bank")] = SourceResult(
        "bank", SourceStatus.OK, Evidence(financial_assets=(deposit,))
    )
    results[(1, "bank")] = SourceResult(
        "bank",
        SourceStatus.UNAVAILABLE,
        reason="service unavailable (HTTP 503); gave up after 3 attempts",
        attempts=3,
        reason_code=ReasonCode.GAVE_UP,
        reason_params={"attempts": 3, "cause": "http_503"},
    )
    results[(1, "provident_fund")] = SourceResult(
        "provident_fund",
        SourceStatus.REJECTED,
        reason="the provident fund refused the query (ret 9)",
        reason_code=ReasonCode.REFUSED_WITH_CODE,
        reason_params={"agency_code": "9"},
    )
    pf = WageIndicator(Decimal("3000"), account_active=True, ref=_ref("provident_fund"))
    results[(0, "provident_fund")] = SourceResult(
        "provident_fund", SourceStatus.OK, Evidence(wage_indicators=(pf,))
    )
    return results


def _report(results: dict[tuple[int, str], SourceResult] | None = None) -> VerificationReport:
    results = results if results is not None else _results()
    members = [Member(i, rel) for i, rel in enumerate(("self", "spouse", "child"))]
    declared = Declared(
        incomes={(0, "labour"): Decimal("100.00")},
        financial_assets_total=Decimal("1000"),
        vehicles=0,
        residences=1,
        members={
            0: DeclaredMember(employed_via_poverty_project=True),
            1: DeclaredMember(serious_illness=True),
        },
        rigid_expenses_monthly=Decimal("5000.00"),
    )
    assessment = assess(members, results, POLICY, "urban", AS_OF, declared=declared)
    when = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    context = ReportContext(
        verification_id=uuid.UUID("6f1c2a5e-9b3d-4c1e-8f00-0123456789ab"),
        authorization_id="AUTH-450102-2026-000731",
        purpose="dibao_application",
        region_code="450102",
        area="urban",
        created_at=when,
        completed_at=when,
        as_of=AS_OF,
        revision=0,
    )
    people = [ReportMember(i, ID_NUMBERS[i], NAMES[i], m.relation) for i, m in enumerate(members)]
    content = build_report(context, people, results, assessment=assessment, policy=POLICY)
    return content.with_audit(entry=17, seq=17, leaf_hash="ab" * 32)


class _Text(HTMLParser):
    """The text a reader sees (no tags, no CSS)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def machine_tokens(report: VerificationReport) -> list[str]:
    """What may stay as it is in any language: ids, references, hashes, masked numbers."""
    return sorted(
        {
            str(report.id),
            report.authorization_id,
            report.policy.id,
            report.policy.version,
            report.audit.leaf_hash,
            # what the footer tells a reader to fetch, open and type to check the paper
            f"report-{report.id}-r{report.revision}.signed.json",
            "/verify-report",
            "verification report verify",
            *(m.id_number_masked for m in report.members),
            *(ref.reference for rule in report.rules for ref in rule.evidence),
            *(a.evidence.reference for a in report.assets.financial),
            *(v.evidence.reference for v in report.assets.vehicles),
            *(p.evidence.reference for p in report.assets.properties),
        },
        key=len,
        reverse=True,
    )


@pytest.fixture(scope="module")
def report() -> VerificationReport:
    return _report()


def test_the_household_trips_most_statements(report: VerificationReport) -> None:
    codes = {m.code for rule in report.rules for m in rule.messages}
    assert {
        "rule.evidence_missing",
        "rule.identity.name_mismatch",
        "rule.composition.changed",
        "rule.composition.deceased",
        "rule.vehicle.held",
        "rule.housing.too_many_residences",
        "rule.housing.commercial",
    } <= codes
    assert {f.code for f in report.findings} == {
        "finding.income",
        "finding.financial_assets",
        "finding.vehicles",
        "finding.residences",
    }
    # the shipped policy: the employment cost comes off every wage earner's pay (办法 第十三条)
    assert {d.basis_code for d in report.income.deductions} == {
        "deduction.employment_cost_wages",
        "deduction.rigid_expense_capped",
    }
    assert {s.reason_code for s in report.sources} >= {
        "source.no_record",
        "source.gave_up",
        "source.refused_with_code",
    }
    assert report.outcome == "ineligible"


def test_the_chinese_report_has_no_english_words(report: VerificationReport) -> None:
    html = render_report_html(report)
    text = visible_text(html)
    for token in machine_tokens(report):
        text = text.replace(token, " ")
    assert not LATIN_WORD.findall(text), LATIN_WORD.findall(text)
    assert '<html lang="zh-CN">' in html


def test_the_json_keeps_codes_beside_the_texts(report: VerificationReport) -> None:
    data = report.model_dump(mode="json")
    income = next(f for f in data["findings"] if f["code"] == "finding.income")
    assert income["params"] == {
        "member_index": 0,
        "category": "labour",
        "declared": "100.00",
        "verified": "600.00",
    }
    assert income["detail"] == "成员1劳务报酬：申报每月 100.00 元，核实为 600.00 元"
    bank = next(s for s in data["sources"] if s["reason_code"] == "source.gave_up")
    assert bank["reason_params"] == {"attempts": 3, "cause": "http_503"}
    assert bank["reason"] == "尝试 3 次均未成功（最后一次：状态码 503）"
    identity = next(r for r in data["rules"] if r["rule"] == "identity_confirmed")
    assert identity["messages"][0] == {
        "code": "rule.identity.name_mismatch",
        "params": {"member_index": 1},
        "text": "成员2姓名与户籍登记不一致",
    }
    assert all({"code", "params", "text"} <= set(reason) for reason in data["reasons"])
    assert data["suggested_allowance_monthly"] is None  # ineligible: does not apply


def test_members_count_from_one_as_the_tables_do(report: VerificationReport) -> None:
    composition = next(r for r in report.rules if r.rule == "household_composition")
    assert composition.detail == "家庭成员发生变化，请更新申请；成员3已死亡（2026-03-02）"
    assert composition.messages[1].params == {"member_index": 2, "date": "2026-03-02"}
    rigid = next(d for d in report.income.deductions if d.kind == "rigid_expense")
    assert rigid.basis.startswith("成员2因重病或重度残疾申报刚性支出")
    html = render_report_html(report)
    assert "成员3已死亡" in html and "member 2" not in html and "成员0" not in html


def test_english_on_request(report: VerificationReport) -> None:
    english = localize(report, Locale.EN)
    income = next(f for f in english.findings if f.code == "finding.income")
    assert (
        income.detail
        == "member 1 labour remuneration: declared 100.00 a month, sources show 600.00"
    )
    composition = next(r for r in english.rules if r.rule == "household_composition")
    assert composition.detail == (
        "household changed, update the application; member 3 deceased (2026-03-02)"
    )
    html = render_report_html(report, Locale.EN)
    assert '<html lang="en">' in html
    for text in (
        "Household Economic Status Verification Report",
        "5. Policy rules",
        "member 2: name differs from the register",
        "gave up after 3 attempt(s) (last: HTTP 503)",
        "Suggested monthly allowance: <strong>not applicable</strong>",
        "ineligible",
    ):
        assert text in html, text
    # Chinese only in the data itself: names, the policy's name, the vehicle's kind
    text = visible_text(html)
    for data in [m.name_masked for m in report.members] + [report.policy.name, "小型轿车"]:
        text = text.replace(data, " ")
    assert not CJK.findall(text), CJK.findall(text)
    # the stored (Chinese) report is unchanged
    assert localize(english, Locale.ZH_CN) == report


def test_not_applicable_unless_eligible(report: VerificationReport) -> None:
    assert "建议月保障金额：<strong>不适用</strong>" in render_report_html(report)
    quiet = {
        (i, scope): SourceResult(scope, SourceStatus.NOT_FOUND)
        for i in range(3)
        for scope in SCOPES
    }
    for i in range(3):
        quiet[(i, "hukou")] = SourceResult("hukou", SourceStatus.OK, _identity(PersonStatus.ACTIVE))
    eligible = _report(quiet)
    assert eligible.outcome == "eligible"
    allowance = eligible.suggested_allowance_monthly
    assert allowance is not None and allowance > 0
    assert f"建议月保障金额：<strong>{allowance} 元</strong>" in render_report_html(eligible)
    review = _report({**quiet, (1, "bank"): SourceResult("bank", SourceStatus.UNAVAILABLE)})
    assert review.outcome == "review_required"
    assert review.suggested_allowance_monthly is None
    assert "建议月保障金额：<strong>不适用</strong>" in render_report_html(review)
    assert "<strong>not applicable</strong>" in render_report_html(review, Locale.EN)


def test_a_report_stored_before_codes_reads_as_it_was_written(report: VerificationReport) -> None:
    """Reports sealed by older versions hold English texts only, reasons as strings and
    0.00 for an allowance that does not apply; they are read, and printed, as they were."""
    stored = report.model_dump(mode="json")
    for rule in stored["rules"]:
        del rule["messages"]
        rule["detail"] = "evidence missing: member 1 bank (unavailable)"
    for finding in stored["findings"]:
        del finding["code"], finding["params"]
    for deduction in stored["income"]["deductions"]:
        del deduction["basis_code"], deduction["basis_params"]
    for source in stored["sources"]:
        del source["reason_code"], source["reason_params"], source["requests"]
    stored["reasons"] = ["housing_within_limit: 2 residences, more than 1"]
    stored["suggested_allowance_monthly"] = "0.00"

    old = VerificationReport.model_validate(stored)
    assert old.rules[0].messages[0].code == "verbatim"
    assert old.reasons[0].text == "housing_within_limit: 2 residences, more than 1"
    assert old.suggested_allowance_monthly is None
    assert all(s.requests == s.attempts for s in old.sources)
    for locale in Locale:
        html = render_report_html(old, locale)
        assert "housing_within_limit: 2 residences, more than 1" in html
        assert "evidence missing: member 1 bank (unavailable)" in html
