import datetime as dt
from decimal import Decimal

import httpx

from connectors.sdk.evidence import RecordRef, SourceStatus, Vehicle, VehicleUse
from connectors.vehicle.connector import VehicleConnector

WIRE_ITEM = {
    "hphm": "桂A12345",
    "clzl": "小型轿车",
    "syxz": "非营运",
    "ccdjrq": "20190312",
    "pgjz_fen": 6000000,
}
TRACTOR = {
    "hphm": "桂A00001",
    "clzl": "手扶拖拉机",
    "syxz": "农用",
    "ccdjrq": "20100101",
    "pgjz_fen": 800000,
}
VAN = {
    "hphm": "桂B88888",
    "clzl": "轻型厢式货车",
    "syxz": "营运",
    "ccdjrq": "20211231",
    "pgjz_fen": 1,
}


async def test_follows_pages_until_total_and_converts_fen(agency, person, context):
    stub = agency("vehicle")
    route = stub.router.get("vehicles")
    route.side_effect = [
        _page(total=3, page=1, size=2, items=[WIRE_ITEM, TRACTOR]),
        _page(total=3, page=2, size=2, items=[VAN]),
    ]

    result = await stub.connector(VehicleConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert (result.attempts, result.requests) == (1, 2)  # a second page is no retry
    assert [dict(call.request.url.params) for call in route.calls] == [
        {"idNo": person.id_number, "page": "1", "size": "20"},
        {"idNo": person.id_number, "page": "2", "size": "20"},
    ]
    assert str(route.calls[0].request.url).startswith("http://agency.test/vehicle/vehicles?")
    car, tractor, van = result.evidence.vehicles
    assert car == Vehicle(
        use=VehicleUse.PRIVATE,
        kind="小型轿车",
        registered_on=dt.date(2019, 3, 12),
        estimated_value=Decimal("60000.00"),
        ref=RecordRef("vehicle", "桂A12345"),
    )
    assert str(car.estimated_value) == "60000.00"
    assert tractor.use is VehicleUse.AGRICULTURAL
    assert tractor.estimated_value == Decimal("8000.00")
    assert van.use is VehicleUse.COMMERCIAL
    assert str(van.estimated_value) == "0.01"


async def test_single_full_page_stops(agency, person, context):
    stub = agency("vehicle")
    route = stub.router.get("vehicles").mock(
        return_value=_page(total=1, page=1, size=20, items=[WIRE_ITEM])
    )

    result = await stub.connector(VehicleConnector).query(person, context)

    assert route.call_count == 1
    assert len(result.evidence.vehicles) == 1


async def test_no_vehicles_is_an_ok_empty_answer(agency, person, context):
    # WIRE.md: an unknown person is indistinguishable from one with no vehicle.
    stub = agency("vehicle")
    stub.router.get("vehicles").respond(json={"total": 0, "page": 1, "size": 20, "items": []})

    result = await stub.connector(VehicleConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert result.evidence.vehicles == ()


async def test_value_as_string_is_rejected(agency, person, context):
    stub = agency("vehicle")
    bad = {**WIRE_ITEM, "pgjz_fen": "6000000"}
    stub.router.get("vehicles").respond(json={"total": 1, "page": 1, "size": 20, "items": [bad]})

    result = await stub.connector(VehicleConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert "items.0.pgjz_fen" in (result.reason or "")


async def test_unknown_use_and_bad_date_are_rejected(agency, person, context):
    stub = agency("vehicle")
    bad = {**WIRE_ITEM, "syxz": "警用", "ccdjrq": "20190230"}
    stub.router.get("vehicles").respond(json={"total": 1, "page": 1, "size": 20, "items": [bad]})

    result = await stub.connector(VehicleConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert "items.0.syxz" in (result.reason or "")
    assert "items.0.ccdjrq" in (result.reason or "")


async def test_empty_page_before_total_is_rejected(agency, person, context):
    stub = agency("vehicle")
    stub.router.get("vehicles").side_effect = [
        _page(total=5, page=1, size=2, items=[WIRE_ITEM, TRACTOR]),
        _page(total=5, page=2, size=2, items=[]),
    ]

    result = await stub.connector(VehicleConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert "page 2 is empty" in (result.reason or "")


async def test_wrong_page_number_is_rejected(agency, person, context):
    stub = agency("vehicle")
    stub.router.get("vehicles").side_effect = [
        _page(total=3, page=1, size=2, items=[WIRE_ITEM, TRACTOR]),
        _page(total=3, page=1, size=2, items=[WIRE_ITEM, TRACTOR]),
    ]

    result = await stub.connector(VehicleConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason == "malformed response: page: asked for page 2, got 1"


def _page(*, total, page, size, items):
    return httpx.Response(200, json={"total": total, "page": page, "size": size, "items": items})
