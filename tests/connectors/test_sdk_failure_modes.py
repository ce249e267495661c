"""Every connector through every failure mode of the test kit."""

import pytest

from connectors.bank.connector import BankConnector
from connectors.housing.connector import HousingConnector
from connectors.hukou.connector import HukouConnector
from connectors.insurance.connector import InsuranceConnector
from connectors.market_regulation.connector import MarketRegulationConnector
from connectors.provident_fund.connector import ProvidentFundConnector
from connectors.sdk.errors import ReasonCode
from connectors.sdk.testing import FAILURE_MODES, outcomes
from connectors.securities.connector import SecuritiesConnector
from connectors.tax.connector import TaxConnector
from connectors.vehicle.connector import VehicleConnector
from social_insurance_source.connector import SocialInsuranceConnector

CONNECTORS = [
    HukouConnector,
    VehicleConnector,
    HousingConnector,
    BankConnector,
    TaxConnector,
    ProvidentFundConnector,
    SocialInsuranceConnector,  # the separately built distribution (connectors/social_insurance)
    SecuritiesConnector,
    InsuranceConnector,
    MarketRegulationConnector,
]


@pytest.mark.parametrize("mode", FAILURE_MODES, ids=lambda mode: mode.name)
@pytest.mark.parametrize("cls", CONNECTORS, ids=lambda cls: cls.scope)
async def test_failure_mode(agency, person, context, cls, mode):
    stub = agency(cls.scope)
    route = stub.answer_all(mode.effect())
    connector = stub.connector(cls, max_attempts=3)

    result = await connector.query(person, context)

    assert result.status is mode.status
    assert result.scope == cls.scope
    expected_attempts = 3 if mode.retried else 1
    assert result.attempts == expected_attempts
    assert route.call_count == expected_attempts
    assert outcomes(result) == [mode.outcome] * expected_attempts
    assert [attempt.number for attempt in result.attempt_log] == list(
        range(1, expected_attempts + 1)
    )
    assert result.reason
    assert person.id_number not in result.reason
    assert person.name not in result.reason
    # the reason as data, for the report to write in the reader's language
    if mode.retried:
        assert result.reason_code == ReasonCode.GAVE_UP
        assert result.reason_params == {"attempts": 3, "cause": mode.outcome}
    elif mode.outcome == "malformed":
        assert result.reason_code == ReasonCode.MALFORMED
        assert set(result.reason_params) == {"field"}
    else:
        assert result.reason_code == ReasonCode.REJECTED_ANSWER
        assert result.reason_params == {"cause": mode.outcome}
    assert result.evidence.identity is None
    assert result.evidence.incomes == ()


@pytest.mark.parametrize("cls", CONNECTORS, ids=lambda cls: cls.scope)
async def test_breaker_state_starts_closed(agency, cls):
    assert agency(cls.scope).connector(cls).breaker_state == "closed"
