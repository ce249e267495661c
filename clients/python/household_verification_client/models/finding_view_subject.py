from enum import StrEnum


class FindingViewSubject(StrEnum):
    BUSINESSES = "businesses"
    FINANCIAL_ASSETS = "financial_assets"
    INCOME = "income"
    MEMBER = "member"
    RESIDENCES = "residences"
    VEHICLES = "vehicles"

    def __str__(self) -> str:
        return str(self.value)
