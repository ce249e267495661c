from enum import StrEnum


class ObligorsViewSupportStatus(StrEnum):
    CAPABLE = "capable"
    NONE_CAPABLE = "none_capable"
    NONE_NAMED = "none_named"
    NOT_ASSESSABLE = "not_assessable"

    def __str__(self) -> str:
        return str(self.value)
