from enum import StrEnum


class FindingViewSubject(StrEnum):
    BUSINESSES = "businesses"
    FINANCIAL_ASSETS = "financial_assets"
    INCOME = "income"
    INSURANCE_CASH_VALUE = "insurance_cash_value"
    MEMBER = "member"
    RESIDENCES = "residences"
    VEHICLES = "vehicles"

    def __str__(self) -> str:
        return str(self.value)
