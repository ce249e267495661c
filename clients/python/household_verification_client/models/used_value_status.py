from enum import StrEnum


class UsedValueStatus(StrEnum):
    IN_FORCE = "in_force"
    LAPSED = "lapsed"

    def __str__(self) -> str:
        return str(self.value)
