from enum import StrEnum


class ListHouseholdsStatusType0(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"

    def __str__(self) -> str:
        return str(self.value)
