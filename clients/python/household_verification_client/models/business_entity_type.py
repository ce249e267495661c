from enum import StrEnum


class BusinessEntityType(StrEnum):
    INDIVIDUAL = "individual"
    JOINT_STOCK_COMPANY = "joint_stock_company"
    LIMITED_COMPANY = "limited_company"
    OTHER = "other"
    PARTNERSHIP = "partnership"
    SOLE_PROPRIETORSHIP = "sole_proprietorship"

    def __str__(self) -> str:
        return str(self.value)
