from enum import StrEnum


class CreateVerificationScopesType0Item(StrEnum):
    BANK = "bank"
    HOUSING = "housing"
    HUKOU = "hukou"
    MARKET_REGULATION = "market_regulation"
    PROVIDENT_FUND = "provident_fund"
    TAX = "tax"
    VEHICLE = "vehicle"

    def __str__(self) -> str:
        return str(self.value)
