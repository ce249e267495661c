from enum import StrEnum


class DrawnUnitVisitOutcomeType0(StrEnum):
    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    NOT_REACHABLE = "not_reachable"

    def __str__(self) -> str:
        return str(self.value)
