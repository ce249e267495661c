from enum import StrEnum


class EmploymentViewStatus(StrEnum):
    EMPLOYED = "employed"
    ENDED = "ended"
    RETIRED = "retired"
    SUSPENDED = "suspended"
    UNEMPLOYED = "unemployed"

    def __str__(self) -> str:
        return str(self.value)
