"""HttpConnector's template: exception → status mapping, scrubbing, never raising."""

from decimal import InvalidOperation

import httpx
import pytest

from connectors.sdk.base import HttpConnector
from connectors.sdk.contract import Connector
from connectors.sdk.errors import SourceRejectedError
from connectors.sdk.evidence import Evidence, EvidenceKind, SourceStatus
from connectors.sdk.source import DisplayName
from connectors.sdk.testing import AgencyStub


def _connector_raising(exc: BaseException) -> type[HttpConnector]:
    class Raising(HttpConnector):
        scope = "test"
        display_name = DisplayName("测试", "test")
        evidence_kinds = frozenset({EvidenceKind.OTHER_INCOME})

        async def fetch(self, client, person, context) -> Evidence:
            await client.get("anything")
            raise exc

    return Raising


@pytest.fixture
async def stub():
    agency = AgencyStub("http://agency.test/test")
    agency.answer_all(httpx.Response(200, json={}))
    yield agency
    await agency.aclose()


@pytest.mark.parametrize(
    "case",
    [
        (KeyError("ye"), SourceStatus.REJECTED, "malformed response: missing ye"),
        (ValueError("x"), SourceStatus.REJECTED, "malformed response: ValueError while parsing"),
        (TypeError("x"), SourceStatus.REJECTED, "malformed response: TypeError while parsing"),
        (
            InvalidOperation(),
            SourceStatus.REJECTED,
            "malformed response: InvalidOperation while parsing",
        ),
        (RuntimeError("boom"), SourceStatus.UNAVAILABLE, "connector error: RuntimeError"),
    ],
    ids=lambda case: type(case[0]).__name__,
)
async def test_exceptions_map_to_statuses(stub, person, context, case):
    exc, status, reason = case
    result = await stub.connector(_connector_raising(exc)).query(person, context)

    assert result.status is status
    assert result.reason == reason
    assert result.attempts == 1
    assert result.evidence == Evidence()


async def test_reasons_never_carry_personal_data(stub, person, context):
    leaky = SourceRejectedError(
        f"agency said {person.name} {person.id_number} and 11010519491231002X"
    )

    result = await stub.connector(_connector_raising(leaky)).query(person, context)

    assert result.reason == "agency said *** *** and ***"


async def test_value_error_message_is_not_echoed(stub, person, context):
    exc = ValueError(f"invalid literal for int(): '{person.id_number}'")

    result = await stub.connector(_connector_raising(exc)).query(person, context)

    assert person.id_number not in (result.reason or "")


async def test_duration_is_measured(stub, person, context):
    result = await stub.connector(_connector_raising(KeyError("x"))).query(person, context)

    assert result.duration_ms >= 0


async def test_connectors_satisfy_the_protocol(stub):
    connector = stub.connector(_connector_raising(KeyError("x")))
    assert isinstance(connector, Connector)
