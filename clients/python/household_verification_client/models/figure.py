from enum import StrEnum


class Figure(StrEnum):
    COMMERCIAL = "commercial"
    COUNT = "count"
    LIMIT = "limit"
    MAX_RESIDENCES = "max_residences"
    PER_CAPITA_MONTHLY = "per_capita_monthly"
    RESIDENCES = "residences"
    STANDARD_MONTHLY = "standard_monthly"
    SUPPORT_MONTHLY = "support_monthly"
    TOTAL = "total"

    def __str__(self) -> str:
        return str(self.value)
