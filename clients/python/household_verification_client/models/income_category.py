from enum import StrEnum


class IncomeCategory(StrEnum):
    ANNUITY = "annuity"
    BASIC_PENSION = "basic_pension"
    BUSINESS = "business"
    EMPLOYEE_PENSION = "employee_pension"
    LABOUR = "labour"
    OTHER = "other"
    PENSION = "pension"
    PROPERTY = "property"
    PUBLIC_PENSION = "public_pension"
    TRANSFER = "transfer"
    UNEMPLOYMENT_BENEFIT = "unemployment_benefit"
    WAGES = "wages"

    def __str__(self) -> str:
        return str(self.value)
