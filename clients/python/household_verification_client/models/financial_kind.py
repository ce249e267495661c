from enum import StrEnum


class FinancialKind(StrEnum):
    DEMAND_DEPOSIT = "demand_deposit"
    INSURANCE_CASH_VALUE = "insurance_cash_value"
    PROVIDENT_FUND = "provident_fund"
    SECURITIES = "securities"
    TIME_DEPOSIT = "time_deposit"
    WEALTH_PRODUCT = "wealth_product"

    def __str__(self) -> str:
        return str(self.value)
