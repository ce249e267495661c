from enum import StrEnum


class FileAppealRequeryScopesItem(StrEnum):
    BANK = "bank"
    HOUSING = "housing"
    HUKOU = "hukou"
    INSURANCE = "insurance"
    MARKET_REGULATION = "market_regulation"
    PROVIDENT_FUND = "provident_fund"
    SECURITIES = "securities"
    SOCIAL_INSURANCE = "social_insurance"
    TAX = "tax"
    VEHICLE = "vehicle"

    def __str__(self) -> str:
        return str(self.value)
