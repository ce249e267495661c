from enum import StrEnum


class Category(StrEnum):
    ILLNESS_DISABILITY_STABLE = "illness_disability_stable"
    STABLE = "stable"
    THREE_NO = "three_no"
    VARIABLE = "variable"

    def __str__(self) -> str:
        return str(self.value)
