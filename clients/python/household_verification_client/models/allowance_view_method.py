from enum import StrEnum


class AllowanceViewMethod(StrEnum):
    DIFFERENCE = "difference"
    TIERED = "tiered"

    def __str__(self) -> str:
        return str(self.value)
