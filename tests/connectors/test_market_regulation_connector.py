"""The market-regulation connector: XML with codes, amounts in 万元, refused when unsafe."""

from decimal import Decimal

import pytest

from connectors.market_regulation.connector import MarketRegulationConnector
from connectors.sdk.errors import ReasonCode
from connectors.sdk.evidence import (
    BusinessEntityType,
    BusinessInterest,
    BusinessRole,
    BusinessStatus,
    RecordRef,
    SourceStatus,
)

PATH = "api/v1/entities"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _xml(body: str, code: str = "0000") -> bytes:
    return (
        f"{HEAD}<RESPONSE><HEAD><CODE>{code}</CODE><MSG>成功</MSG></HEAD>"
        f"<BODY>{body}</BODY></RESPONSE>"
    ).encode()


INDIVIDUAL = (
    "<ENTITY><NBXH>NB001</NBXH><ZTLX>9600</ZTLX><RYLX>03</RYLX><DJZT>01</DJZT>"
    "<ZCZB>3</ZCZB><NBND>2025</NBND><YYSR>9.6</YYSR></ENTITY>"
)
SHAREHOLDER = (
    "<ENTITY><NBXH>NB002</NBXH><ZTLX>1130</ZTLX><RYLX>02</RYLX><DJZT>02</DJZT>"
    "<ZCZB>50</ZCZB><RJCZE>10.123456</RJCZE></ENTITY>"
)


def _respond(stub, content: bytes):
    return stub.router.get(PATH).respond(
        200, content=content, headers={"Content-Type": "application/xml"}
    )


async def test_codes_become_business_interests_in_yuan(agency, person, context):
    stub = agency("market_regulation")
    route = _respond(stub, _xml(INDIVIDUAL + SHAREHOLDER))

    result = await stub.connector(MarketRegulationConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert str(route.calls.last.request.url) == (
        f"http://agency.test/market-regulation/api/v1/entities?zjhm={person.id_number}"
    )
    operated, held = result.evidence.businesses
    # 9.6 万元 = 96000.00 yuan; 3 万元 = 30000.00
    assert operated == BusinessInterest(
        entity_type=BusinessEntityType.INDIVIDUAL,
        role=BusinessRole.OPERATOR,
        status=BusinessStatus.ACTIVE,
        registered_capital=Decimal("30000.00"),
        subscribed_share=None,
        declared_turnover=Decimal("96000.00"),
        report_year=2025,
        ref=RecordRef("market_regulation", "NB001"),
    )
    assert str(operated.declared_turnover) == "96000.00"
    # 存续 is active as 在业 is; 10.123456 万元 = 101234.56 yuan
    assert held.status is BusinessStatus.ACTIVE
    assert held.role is BusinessRole.SHAREHOLDER
    assert held.entity_type is BusinessEntityType.LIMITED_COMPANY
    assert str(held.subscribed_share) == "101234.56"
    assert held.declared_turnover is None and held.report_year is None


@pytest.mark.parametrize(
    ("code", "status"),
    [("03", BusinessStatus.REVOKED), ("04", BusinessStatus.DEREGISTERED), ("09", "other")],
)
async def test_status_codes(agency, person, context, code, status):
    stub = agency("market_regulation")
    _respond(stub, _xml(INDIVIDUAL.replace("<DJZT>01</DJZT>", f"<DJZT>{code}</DJZT>")))

    result = await stub.connector(MarketRegulationConnector).query(person, context)

    assert result.evidence.businesses[0].status == status


async def test_no_record_is_not_found(agency, person, context):
    stub = agency("market_regulation")
    _respond(
        stub,
        f"{HEAD}<RESPONSE><HEAD><CODE>0001</CODE><MSG>查无记录</MSG></HEAD></RESPONSE>".encode(),
    )

    result = await stub.connector(MarketRegulationConnector).query(person, context)

    assert result.status is SourceStatus.NOT_FOUND
    assert result.evidence.businesses == ()


async def test_other_code_is_refused(agency, person, context):
    stub = agency("market_regulation")
    _respond(stub, _xml("", code="9001"))

    result = await stub.connector(MarketRegulationConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason_code == ReasonCode.REFUSED_WITH_CODE
    assert result.reason_params == {"agency_code": "9001"}


BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE RESPONSE [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b"<RESPONSE><HEAD><CODE>0000</CODE></HEAD><BODY><ENTITY><NBXH>&b;</NBXH></ENTITY></BODY>"
    b"</RESPONSE>"
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE RESPONSE [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<RESPONSE><HEAD><CODE>&x;</CODE></HEAD></RESPONSE>"
)


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (b"<RESPONSE><HEAD><CODE>0000</CODE>", "body"),  # truncated
        (b'{"CODE": "0000"}', "body"),  # JSON, not XML
        (BOMB, "body"),  # entity expansion: refused, never expanded
        (EXTERNAL, "body"),  # an external entity: refused, never read
        (_xml("").replace(b"RESPONSE>", b"REPLY>"), "body"),
        (f"{HEAD}<RESPONSE><HEAD/></RESPONSE>".encode(), "HEAD.CODE"),
        (_xml(INDIVIDUAL.replace("<ZTLX>9600</ZTLX>", "<ZTLX>9999</ZTLX>")), "ENTITY.ZTLX"),
        (_xml(INDIVIDUAL.replace("<RYLX>03</RYLX>", "<RYLX>07</RYLX>")), "ENTITY.RYLX"),
        (_xml(INDIVIDUAL.replace("<DJZT>01</DJZT>", "<DJZT>05</DJZT>")), "ENTITY.DJZT"),
        (
            _xml(INDIVIDUAL.replace("<NBXH>NB001</NBXH>", "<NBXH>A</NBXH><NBXH>B</NBXH>")),
            "ENTITY.NBXH",
        ),
    ],
)
async def test_malformed_or_unsafe_xml_is_refused(agency, person, context, content, field):
    stub = agency("market_regulation")
    _respond(stub, content)

    result = await stub.connector(MarketRegulationConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason_code == ReasonCode.MALFORMED
    assert result.reason_params == {"field": field}
    assert result.attempts == 1  # a malformed answer is never retried


@pytest.mark.parametrize(
    ("replace", "field"),
    [
        (("<YYSR>9.6</YYSR>", "<YYSR>-9.6</YYSR>"), "YYSR"),
        (("<YYSR>9.6</YYSR>", "<YYSR>九万</YYSR>"), "YYSR"),
        (("<NBND>2025</NBND>", "<NBND>25</NBND>"), "NBND"),
        (("<NBXH>NB001</NBXH>", ""), "NBXH"),
    ],
)
async def test_bad_field_values_are_refused_by_field(agency, person, context, replace, field):
    stub = agency("market_regulation")
    _respond(stub, _xml(INDIVIDUAL.replace(*replace)))

    result = await stub.connector(MarketRegulationConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert field in (result.reason or "")
    assert "九万" not in (result.reason or "")
