from enum import StrEnum


class HardshipFigure(StrEnum):
    DISPOSABLE_INCOME_ANNUAL = "disposable_income_annual"
    INCOME_SPENDING_WINDOW = "income_spending_window"
    PER_CAPITA_ANNUAL = "per_capita_annual"
    RIGID_SPENDING = "rigid_spending"
    SPENDING_SHARE = "spending_share"

    def __str__(self) -> str:
        return str(self.value)
