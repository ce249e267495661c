import datetime as dt
import json

import httpx

from connectors.hukou.connector import HukouConnector
from connectors.sdk.errors import ReasonCode
from connectors.sdk.evidence import IdentityFact, PersonStatus, RecordRef, SourceStatus

VERIFY = "api/v2/person/verify"
WIRE_EXAMPLE = {
    "code": "0000",
    "msg": "成功",
    "data": {
        "rybh": "R4501020001",
        "hjzt": "正常",
        "swrq": None,
        "hjdz_xzqh": "450102",
        "xm_match": "1",
    },
}


async def test_wire_example_becomes_identity_fact(agency, person, context):
    stub = agency("hukou")
    route = stub.router.post(VERIFY).respond(200, json=WIRE_EXAMPLE)

    result = await stub.connector(HukouConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert result.scope == "hukou"
    assert result.attempts == 1
    assert result.reason is None
    assert result.evidence.identity == IdentityFact(
        status=PersonStatus.ACTIVE,
        name_matches=True,
        registered_region="450102",
        date_of_death=None,
        ref=RecordRef("hukou", "R4501020001"),
    )
    request = route.calls.last.request
    assert str(request.url) == "http://agency.test/hukou/api/v2/person/verify"
    assert json.loads(request.content) == {"sfzhm": person.id_number, "xm": person.name}
    assert request.headers["X-Authorization-Id"] == context.authorization_id
    assert request.headers["X-Purpose"] == context.purpose
    assert request.headers["X-Request-Id"] == context.request_id


async def test_deceased_with_date_and_name_mismatch(agency, person, context):
    stub = agency("hukou")
    data = {**WIRE_EXAMPLE["data"], "hjzt": "死亡", "swrq": "2026-03-15", "xm_match": "0"}
    stub.router.post(VERIFY).respond(200, json={**WIRE_EXAMPLE, "data": data})

    result = await stub.connector(HukouConnector).query(person, context)

    identity = result.evidence.identity
    assert identity is not None
    assert identity.status is PersonStatus.DECEASED
    assert identity.date_of_death == dt.date(2026, 3, 15)
    assert identity.name_matches is False


async def test_moved_out(agency, person, context):
    stub = agency("hukou")
    data = {**WIRE_EXAMPLE["data"], "hjzt": "迁出"}
    stub.router.post(VERIFY).respond(200, json={**WIRE_EXAMPLE, "data": data})

    result = await stub.connector(HukouConnector).query(person, context)

    assert result.evidence.identity is not None
    assert result.evidence.identity.status is PersonStatus.MOVED_OUT


async def test_unknown_person_is_not_found(agency, person, context):
    stub = agency("hukou")
    stub.router.post(VERIFY).respond(200, json={"code": "1004", "msg": "查无此人", "data": None})

    result = await stub.connector(HukouConnector).query(person, context)

    assert result.status is SourceStatus.NOT_FOUND
    assert result.evidence.identity is None
    assert result.attempts == 1


async def test_parameter_error_code_is_rejected(agency, person, context):
    stub = agency("hukou")
    stub.router.post(VERIFY).respond(200, json={"code": "9001", "msg": "参数错误", "data": None})

    result = await stub.connector(HukouConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert "9001" in (result.reason or "")
    assert result.reason_code == ReasonCode.REFUSED_WITH_CODE
    assert result.reason_params == {"agency_code": "9001"}
    assert result.attempts == 1


async def test_unknown_register_status_is_rejected_naming_the_field(agency, person, context):
    stub = agency("hukou")
    data = {**WIRE_EXAMPLE["data"], "hjzt": "失踪", "hjdz_xzqh": person.id_number}
    route = stub.router.post(VERIFY).respond(200, json={**WIRE_EXAMPLE, "data": data})

    result = await stub.connector(HukouConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert "data.hjzt" in (result.reason or "")
    assert "data.hjdz_xzqh" in (result.reason or "")
    assert person.id_number not in (result.reason or "")
    assert result.reason_code == ReasonCode.MALFORMED
    assert result.reason_params == {"field": "data.hjzt"}
    assert route.call_count == 1


async def test_success_without_data_is_rejected(agency, person, context):
    stub = agency("hukou")
    stub.router.post(VERIFY).mock(
        return_value=httpx.Response(200, json={"code": "0000", "msg": "成功", "data": None})
    )

    result = await stub.connector(HukouConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason == "malformed response: data: missing from a successful answer"
    assert (result.reason_code, result.reason_params) == (ReasonCode.MALFORMED, {"field": "data"})
