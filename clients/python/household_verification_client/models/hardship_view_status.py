from enum import StrEnum


class HardshipViewStatus(StrEnum):
    MET = "met"
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSABLE = "not_assessable"
    NOT_MET = "not_met"

    def __str__(self) -> str:
        return str(self.value)
