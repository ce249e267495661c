"""保险 wire format: ``GET v2/policies`` and ``GET v2/annuity-payments`` (date ranges of at most
92 days, answered up to ``jzrq``), both in a ``code``/``msg``/``data`` envelope.

Product types and policy states are the platform's codes.  A policy's cash value (现金价值) is a
financial asset of kind ``insurance_cash_value`` (a pure risk cover, 医疗险 or 意外险, has
none and yields nothing); each annuity payment is income of category ``annuity`` in the month
it was paid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Final, Literal

from pydantic import StringConstraints

from connectors.sdk.evidence import (
    FinancialAsset,
    FinancialKind,
    IncomeCategory,
    IncomeItem,
    RecordRef,
)
from connectors.sdk.wire import AmountText, CompactDate, Reference, WireModel, month_of, yuan

SCOPE: Final = "insurance"
POLICIES_PATH: Final = "v2/policies"
PAYMENTS_PATH: Final = "v2/annuity-payments"
CODE_OK: Final = "0000"
CODE_NO_POLICY: Final = "1001"
MAX_SPAN_DAYS: Final = 92  # one annuity-payments range, both ends included
# requests for one look-back window: its ranges and their continuations; a 36-month window is
# 13 ranges, so this is only reached by an agency that never moves on
MAX_PAYMENT_REQUESTS: Final = 60

PRODUCT_WHOLE_LIFE: Final = "01"  # 终身寿险
PRODUCT_ANNUITY: Final = "02"  # 年金险
PRODUCT_ENDOWMENT: Final = "03"  # 两全险
PRODUCT_MEDICAL: Final = "04"  # 医疗险
PRODUCT_ACCIDENT: Final = "05"  # 意外险
# the products that pay annuities or survival benefits: their holders' payments are asked for
PAYING_PRODUCTS: Final = frozenset({PRODUCT_ANNUITY, PRODUCT_ENDOWMENT})
STATUS_TERMINATED: Final = "3"  # 终止: nothing left to surrender

Code = Annotated[str, StringConstraints(max_length=16)]


class Policy(WireModel):
    bdh: Reference
    xzdm: Literal["01", "02", "03", "04", "05"]
    bdzt: Literal["1", "2", "3", "4"]
    cbrq: CompactDate
    xjjz: AmountText


class Policies(WireModel):
    gzrq: CompactDate
    bdxx: list[Policy]


class PoliciesReply(WireModel):
    code: Code
    data: Policies | None = None


class Payment(WireModel):
    lsh: Reference
    bdh: Reference
    gfrq: CompactDate
    gfje: AmountText


class Payments(WireModel):
    qsrq: CompactDate
    jzrq: CompactDate
    jfjl: list[Payment]


class PaymentsReply(WireModel):
    code: Code
    data: Payments | None = None


def compact_date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def range_end(start: dt.date, last: dt.date) -> dt.date:
    """The last day of the range starting ``start``: at most 92 days, never past ``last``."""
    return min(start + dt.timedelta(days=MAX_SPAN_DAYS - 1), last)


def pays_annuities(policies: Iterable[Policy]) -> bool:
    return any(policy.xzdm in PAYING_PRODUCTS for policy in policies)


def to_assets(policies: Iterable[Policy]) -> tuple[FinancialAsset, ...]:
    """Each policy's cash value, where it has one and is not terminated."""
    return tuple(
        FinancialAsset(FinancialKind.INSURANCE_CASH_VALUE, yuan(p.xjjz), RecordRef(SCOPE, p.bdh))
        for p in policies
        if p.bdzt != STATUS_TERMINATED and p.xjjz > 0
    )


def to_incomes(payments: Iterable[Payment]) -> tuple[IncomeItem, ...]:
    return tuple(
        IncomeItem(
            category=IncomeCategory.ANNUITY,
            month=month_of(p.gfrq),
            amount=yuan(p.gfje),
            ref=RecordRef(SCOPE, p.lsh),
        )
        for p in payments
    )
