from enum import StrEnum


class CrossListViewStatus(StrEnum):
    CURRENT = "current"
    SUPERSEDED = "superseded"

    def __str__(self) -> str:
        return str(self.value)
