"""The employment and social-insurance connector (人社, the separately built distribution
``connectors/social_insurance``): its fixed-width wire (WIRE.md "social_insurance") against a
respx stub, its refusals of broken answers, and its mock agency served in-process."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from connectors.sdk.contract import PersonQuery
from connectors.sdk.errors import ReasonCode
from connectors.sdk.evidence import (
    Employment,
    EmploymentStatus,
    IncomeCategory,
    RecordRef,
    SourceStatus,
    WageIndicator,
)
from connectors.sdk.testing import fast_config, query_context
from mock_sources.app import create_app
from social_insurance_source.connector import SocialInsuranceConnector
from social_insurance_source.wire import parse

SCOPE = "social_insurance"
EMPLOYER = "91450100MA5KXY7C3Q"


def _record(*fields: str) -> str:
    return "".join(fields)


def _body(code: str, ref: str, details: list[str], *, count: int | None = None) -> bytes:
    paid = sum(int(line[9:21]) for line in details if line.startswith("P"))
    header = f"H{code}{ref:<16}202511202604{(len(details) + 1 if count is None else count):04d}"
    trailer = f"T{len(details):04d}{paid:014d}"
    return "".join(f"{line}\r\n" for line in (header, *details, trailer)).encode("ascii")


# one of each record: employed at EMPLOYER since 2020-03, a base of 3500.00 for 2025-11 and every
# benefit type in 2025-12 (150.00, 2600.00, 3100.00, 1674.00)
DETAILS = [
    _record("E", "1", EMPLOYER, "202003"),
    _record("C", "202511", f"{350000:012d}", EMPLOYER, "C450102305202511"),
    _record("P", "202512", "11", f"{15000:012d}", "P11450102305" + "2512"),
    _record("P", "202512", "21", f"{260000:012d}", "P21450102305" + "2512"),
    _record("P", "202512", "31", f"{310000:012d}", "P31450102305" + "2512"),
    _record("P", "202512", "41", f"{167400:012d}", "P41450102305" + "2512"),
]


def _path(person):
    return f"v1/insured/{person.id_number}"


def _text(body: bytes) -> httpx.Response:
    return httpx.Response(200, content=body, headers={"Content-Type": "text/plain"})


async def test_every_record_becomes_evidence(agency, person, context):
    stub = agency(SCOPE)
    route = stub.router.get(_path(person)).mock(
        return_value=_text(_body("00", "SI450102305", DETAILS))
    )

    result = await stub.connector(SocialInsuranceConnector).query(person, context)

    assert result.status is SourceStatus.OK
    # the look-back window as the agency's compact months
    assert route.calls.last.request.url.params["start"] == "202511"
    assert route.calls.last.request.url.params["end"] == "202604"
    assert result.evidence.employment == (
        Employment(EmploymentStatus.EMPLOYED, EMPLOYER, "2020-03", RecordRef(SCOPE, "SI450102305")),
    )
    assert result.evidence.wage_indicators == (
        WageIndicator(
            Decimal("3500.00"), True, RecordRef(SCOPE, "C450102305202511"), month="2025-11"
        ),
    )
    # pensions by type: each its own category, fen to yuan
    assert [(i.category, i.month, i.amount, i.ref) for i in result.evidence.incomes] == [
        (category, "2025-12", Decimal(amount), RecordRef(SCOPE, f"P{code}4501023052512"))
        for category, amount, code in (
            (IncomeCategory.BASIC_PENSION, "150.00", 11),
            (IncomeCategory.EMPLOYEE_PENSION, "2600.00", 21),
            (IncomeCategory.PUBLIC_PENSION, "3100.00", 31),
            (IncomeCategory.UNEMPLOYMENT_BENEFIT, "1674.00", 41),
        )
    ]
    assert str(result.evidence.incomes[0].amount) == "150.00"


async def test_no_employer_is_none(agency, person, context):
    stub = agency(SCOPE)
    details = [_record("E", "3", " " * 18, "201007")]
    stub.router.get(_path(person)).mock(return_value=_text(_body("00", "SI1", details)))

    result = await stub.connector(SocialInsuranceConnector).query(person, context)

    (employment,) = result.evidence.employment
    assert (employment.status, employment.employer_code) == (EmploymentStatus.RETIRED, None)


async def test_no_record_is_not_found(agency, person, context):
    stub = agency(SCOPE)
    stub.router.get(_path(person)).mock(return_value=_text(_body("04", "", [])))

    result = await stub.connector(SocialInsuranceConnector).query(person, context)

    assert result.status is SourceStatus.NOT_FOUND
    assert result.evidence.incomes == ()


async def test_another_code_is_a_refusal(agency, person, context):
    stub = agency(SCOPE)
    stub.router.get(_path(person)).mock(return_value=_text(_body("91", "", [])))

    result = await stub.connector(SocialInsuranceConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason_code == ReasonCode.REFUSED_WITH_CODE
    assert result.reason_params == {"agency_code": "91"}


def _truncated() -> bytes:
    return _body("00", "SI1", DETAILS)[:-21]  # the trailer lost


def _miscounted() -> bytes:
    return _body("00", "SI1", DETAILS, count=3)


def _bad_sum() -> bytes:
    # the trailer's sum (its last 14 columns) one fen off
    return _body("00", "SI1", DETAILS)[:-16] + b"00000000000001\r\n"


def _short_record() -> bytes:
    return _body("00", "SI1", [DETAILS[0][:-1]])


def _unknown_benefit() -> bytes:
    return _body("00", "SI1", [_record("P", "202512", "99", f"{100:012d}", "P" * 16)])


def _bad_month() -> bytes:
    return _body("00", "SI1", [_record("P", "202513", "11", f"{100:012d}", "P" * 16)])


def _letters_in_an_amount() -> bytes:
    return _body("00", "SI1", [_record("C", "202511", "0000003500.0", EMPLOYER, "C" * 16)])


def _lf_only() -> bytes:
    return _body("00", "SI1", DETAILS).replace(b"\r\n", b"\n")


def _not_ascii() -> bytes:
    return "H00社保".encode()


def _json() -> bytes:
    return b'{"status": "OK"}'


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (_truncated, "count"),
        (_miscounted, "count"),
        (_bad_sum, "trailer sum"),
        (_short_record, "record E"),
        (_unknown_benefit, "benefit type"),
        (_bad_month, "month"),
        (_letters_in_an_amount, "base"),
        (_lf_only, "body"),
        (_not_ascii, "body"),
        (_json, "body"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
async def test_a_broken_answer_is_malformed(agency, person, context, body, field):
    stub = agency(SCOPE)
    stub.router.get(_path(person)).mock(return_value=_text(body()))

    result = await stub.connector(SocialInsuranceConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason_code == ReasonCode.MALFORMED
    assert result.reason_params["field"] == field
    assert result.attempt_log[-1].outcome == "malformed"
    assert person.id_number not in (result.reason or "")


def test_the_parser_refuses_a_record_out_of_place():
    body = _body("00", "SI1", [*DETAILS[:1], "T0000" + "0" * 14])
    with pytest.raises(Exception, match="out of place"):
        parse(body)


# the mock agency itself (its entry point mounts it in mock_sources), in-process


@pytest.fixture
async def served():
    built = []

    def make() -> SocialInsuranceConnector:
        transport = httpx.ASGITransport(app=create_app())
        connector = SocialInsuranceConnector(
            fast_config("http://mock.test/social-insurance"), transport
        )
        built.append(connector)
        return connector

    yield make
    for connector in built:
        await connector.aclose()


def _person(id_number: str) -> PersonQuery:
    return PersonQuery(id_number=id_number, name="x")


async def test_the_mock_agency_reports_bases_by_month_and_benefits_by_type(served):
    context = query_context()  # 2025-11 to 2026-04: six months
    connector = served()

    employed = await connector.query(_person("450102199002142612"), context)  # 陈建宁
    assert employed.status is SourceStatus.OK
    (employment,) = employed.evidence.employment
    assert (employment.status, employment.employer_code) == (EmploymentStatus.EMPLOYED, EMPLOYER)
    # the base is adjusted every July: 3500.00 to June, 3800.00 from July
    assert [(w.month, str(w.monthly_wage)) for w in employed.evidence.wage_indicators] == [
        ("2025-11", "3800.00"),
        ("2025-12", "3800.00"),
        ("2026-01", "3500.00"),
        ("2026-02", "3500.00"),
        ("2026-03", "3500.00"),
        ("2026-04", "3500.00"),
    ]
    assert employed.evidence.incomes == ()

    unemployed = await connector.query(_person("450102198503102411"), context)  # 何志明
    assert {(i.category, str(i.amount)) for i in unemployed.evidence.incomes} == {
        (IncomeCategory.UNEMPLOYMENT_BENEFIT, "1674.00")
    }
    assert len(unemployed.evidence.incomes) == 6
    assert unemployed.evidence.employment[0].status is EmploymentStatus.UNEMPLOYED

    retired = await connector.query(_person("450102195806012313"), context)  # 梁振华
    assert {i.category for i in retired.evidence.incomes} == {IncomeCategory.EMPLOYEE_PENSION}

    nobody = await connector.query(_person("450102198003120111"), context)  # 韦国强: none
    assert nobody.status is SourceStatus.NOT_FOUND


WIRE_MD = Path(__file__).resolve().parents[2] / "services" / "mock_sources" / "WIRE.md"


async def test_the_wire_examples_are_what_the_mock_agency_answers():
    section = WIRE_MD.read_text().split("## social_insurance")[1].split("\n## ")[0]
    blocks = [block.split("```")[0] for block in section.split("```\n")[1::2]]
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app()), base_url="http://m")
    headers = {"X-Authorization-Id": "AUTH-1", "X-Purpose": "dibao-eligibility"}

    async def answer(id_number: str, start: str, end: str) -> str:
        response = await client.get(
            f"/social-insurance/v1/insured/{id_number}",
            params={"start": start, "end": end},
            headers=headers,
        )
        assert response.headers["content-type"] == "text/plain; charset=us-ascii"
        return response.content.decode("ascii")

    def documented(text: str) -> str:
        return "".join(f"{line}\r\n" for line in text.splitlines())

    unemployed, employed_and_nobody = blocks[0], blocks[1]
    employed, nobody = employed_and_nobody.split("\n\n")
    async with client:
        assert await answer("450102198503102411", "202512", "202602") == documented(unemployed)
        assert await answer("450102199002142612", "202606", "202607") == documented(employed)
        assert await answer("450102198003120111", "202606", "202607") == documented(nobody)
    # and the connector's parser reads each
    assert len(parse(documented(unemployed).encode()).benefits) == 3


async def test_the_mock_agency_gives_synthetic_people_records_of_its_own(served):
    """People no scenario names get records derived from their ID number alone (WIRE.md,
    "Synthetic people"): older people pensions by type, some younger adults employment."""
    context = query_context()  # 2025-11 to 2026-04
    connector = served()

    basic = await connector.query(_person("450102195501100005"), context)
    assert {(i.category, str(i.amount)) for i in basic.evidence.incomes} == {
        (IncomeCategory.BASIC_PENSION, "186.00")
    }
    retired = await connector.query(_person("450102195504130031"), context)
    assert {(i.category, str(i.amount)) for i in retired.evidence.incomes} == {
        (IncomeCategory.EMPLOYEE_PENSION, "3720.00")
    }
    assert len(retired.evidence.incomes) == 6
    employed = await connector.query(_person("450102198505140040"), context)
    assert employed.evidence.employment[0].status is EmploymentStatus.EMPLOYED
    assert [str(w.monthly_wage) for w in employed.evidence.wage_indicators] == [
        "4515.00",
        "4515.00",
        "4300.00",
        "4300.00",
        "4300.00",
        "4300.00",
    ]
    for nobody in ("450102195508170073", "450102198501100009"):
        assert (await connector.query(_person(nobody), context)).status is SourceStatus.NOT_FOUND
    # the same answers again: a pure function of the ID number
    again = await served().query(_person("450102195504130031"), context)
    assert again.evidence == retired.evidence
