from enum import StrEnum


class IncomeCategory(StrEnum):
    ANNUITY = "annuity"
    BASIC_PENSION = "basic_pension"
    BUSINESS = "business"
    LABOUR = "labour"
    OTHER = "other"
    PENSION = "pension"
    PROPERTY = "property"
    TRANSFER = "transfer"
    WAGES = "wages"

    def __str__(self) -> str:
        return str(self.value)
