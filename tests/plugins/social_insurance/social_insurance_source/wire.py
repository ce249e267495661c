"""The social-insurance agency's wire format.

``GET v1/insured/{id}?start=YYYYMM&end=YYYYMM`` answers
``{"status": "OK", "insured": {...}}`` or ``{"status": "NOT_INSURED"}``.  ``insured``
holds the person's record reference, contribution state and base (缴费基数, the monthly
wage it implies) and the benefits paid in the months asked for: pensions and
unemployment benefit (失业保险金), as yuan strings.
"""

from __future__ import annotations

from typing import Final, Literal

from connectors.sdk.evidence import Evidence, IncomeCategory, IncomeItem, RecordRef, WageIndicator
from connectors.sdk.wire import AmountText, CompactMonth, Reference, WireModel, yuan

SCOPE: Final = "social_insurance"
STATUS_OK: Final = "OK"
STATUS_NOT_INSURED: Final = "NOT_INSURED"
BENEFIT_CATEGORY: Final = {
    "BASIC_PENSION": IncomeCategory.BASIC_PENSION,  # 城乡居民基础养老金
    "PENSION": IncomeCategory.PENSION,  # 职工基本养老金
    "UNEMPLOYMENT": IncomeCategory.TRANSFER,  # 失业保险金
}


def insured_path(id_number: str) -> str:
    return f"v1/insured/{id_number}"


class Payment(WireModel):
    ref: Reference
    month: CompactMonth
    kind: Literal["BASIC_PENSION", "PENSION", "UNEMPLOYMENT"]
    amount: AmountText


class Insured(WireModel):
    ref: Reference
    state: Literal["ACTIVE", "SUSPENDED", "ENDED"]  # 参保缴费 / 暂停缴费 / 终止
    base: AmountText  # 缴费基数
    payments: tuple[Payment, ...] = ()


class Reply(WireModel):
    status: str
    insured: Insured | None = None


def to_evidence(insured: Insured) -> Evidence:
    ref = RecordRef(SCOPE, insured.ref)
    return Evidence(
        incomes=tuple(
            IncomeItem(
                category=BENEFIT_CATEGORY[payment.kind],
                month=payment.month,
                amount=yuan(payment.amount),
                ref=RecordRef(SCOPE, payment.ref),
            )
            for payment in insured.payments
        ),
        wage_indicators=(
            WageIndicator(
                monthly_wage=yuan(insured.base),
                account_active=insured.state == "ACTIVE",
                ref=ref,
            ),
        ),
    )
