from enum import StrEnum


class Status(StrEnum):
    IN_FORCE = "in_force"
    LAPSED = "lapsed"
    LEFT_TO_LOCAL = "left_to_local"
    UNSET = "unset"

    def __str__(self) -> str:
        return str(self.value)
