"""住房公积金 wire format: ``GET accounts/{id}`` with a ``ret``/``msg``/``acct`` envelope."""

from __future__ import annotations

from typing import Final, Literal

from connectors.sdk.evidence import (
    Evidence,
    FinancialAsset,
    FinancialKind,
    RecordRef,
    WageIndicator,
)
from connectors.sdk.wire import AmountText, Reference, WireModel, yuan

SCOPE: Final = "provident_fund"
RET_OK: Final = 0
RET_NO_ACCOUNT: Final = 1
STATE_PAYING: Final = "01"


def account_path(id_number: str) -> str:
    return f"accounts/{id_number}"


class Account(WireModel):
    grzh: Reference
    zt: Literal["01", "02", "03"]
    jcjs: AmountText  # contribution base: the monthly wage it implies
    yjce: AmountText  # monthly deposit
    ye: AmountText  # balance


class AccountReply(WireModel):
    ret: int
    acct: Account | None = None


def to_evidence(account: Account) -> Evidence:
    ref = RecordRef(SCOPE, account.grzh)
    return Evidence(
        financial_assets=(FinancialAsset(FinancialKind.PROVIDENT_FUND, yuan(account.ye), ref),),
        wage_indicators=(
            WageIndicator(
                monthly_wage=yuan(account.jcjs),
                account_active=account.zt == STATE_PAYING,
                ref=ref,
            ),
        ),
    )
