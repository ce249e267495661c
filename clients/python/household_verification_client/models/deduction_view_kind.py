from enum import StrEnum


class DeductionViewKind(StrEnum):
    EMPLOYMENT_COST = "employment_cost"
    RIGID_EXPENSE = "rigid_expense"

    def __str__(self) -> str:
        return str(self.value)
