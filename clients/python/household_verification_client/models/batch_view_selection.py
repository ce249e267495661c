from enum import StrEnum


class BatchViewSelection(StrEnum):
    DUE = "due"
    HOUSEHOLDS = "households"

    def __str__(self) -> str:
        return str(self.value)
