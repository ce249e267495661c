import datetime as dt
from decimal import Decimal

from connectors.housing.connector import HousingConnector
from connectors.sdk.evidence import Property, PropertyUse, RecordRef, SourceStatus

WIRE_RECORD = {
    "bdcdyh": "450102003001GB00001F0001",
    "fwyt": "住宅",
    "jzmj": "89.50",
    "djsj": "2015-06-01",
    "pgjz_wy": "45.20",
}


def _path(person):
    return f"v1/owners/{person.id_number}/properties"


async def test_wire_example_becomes_property_in_yuan(agency, person, context):
    stub = agency("housing")
    route = stub.router.get(_path(person)).respond(
        json={"status": "OK", "result": {"records": [WIRE_RECORD]}}
    )

    result = await stub.connector(HousingConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert str(route.calls.last.request.url) == (
        f"http://agency.test/housing/v1/owners/{person.id_number}/properties"
    )
    (home,) = result.evidence.properties
    assert home == Property(
        use=PropertyUse.RESIDENTIAL,
        area_m2=Decimal("89.50"),
        acquired_on=dt.date(2015, 6, 1),
        estimated_value=Decimal("452000.00"),
        ref=RecordRef("housing", "450102003001GB00001F0001"),
    )
    assert str(home.estimated_value) == "452000.00"
    assert str(home.area_m2) == "89.50"


async def test_uses_commercial_and_other(agency, person, context):
    stub = agency("housing")
    records = [
        {**WIRE_RECORD, "bdcdyh": "U2", "fwyt": "商业", "pgjz_wy": "120.123456"},
        {**WIRE_RECORD, "bdcdyh": "U3", "fwyt": "商服"},
        {**WIRE_RECORD, "bdcdyh": "U4", "fwyt": "工业"},
    ]
    stub.router.get(_path(person)).respond(json={"status": "OK", "result": {"records": records}})

    result = await stub.connector(HousingConnector).query(person, context)

    uses = [item.use for item in result.evidence.properties]
    assert uses == [PropertyUse.COMMERCIAL, PropertyUse.COMMERCIAL, PropertyUse.OTHER]
    assert str(result.evidence.properties[0].estimated_value) == "1201234.56"


async def test_no_record_is_not_found(agency, person, context):
    stub = agency("housing")
    stub.router.get(_path(person)).respond(json={"status": "NO_RECORD", "result": None})

    result = await stub.connector(HousingConnector).query(person, context)

    assert result.status is SourceStatus.NOT_FOUND
    assert result.evidence.properties == ()


async def test_empty_records_is_ok_and_empty(agency, person, context):
    stub = agency("housing")
    stub.router.get(_path(person)).respond(json={"status": "OK", "result": {"records": []}})

    result = await stub.connector(HousingConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert result.evidence.properties == ()


async def test_numeric_area_is_rejected(agency, person, context):
    stub = agency("housing")
    bad = {**WIRE_RECORD, "jzmj": 89.5}
    stub.router.get(_path(person)).respond(json={"status": "OK", "result": {"records": [bad]}})

    result = await stub.connector(HousingConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert "result.records.0.jzmj" in (result.reason or "")


async def test_unexpected_status_is_rejected(agency, person, context):
    stub = agency("housing")
    stub.router.get(_path(person)).respond(json={"status": "DENIED", "result": None})

    result = await stub.connector(HousingConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert "DENIED" in (result.reason or "")
