from enum import StrEnum


class ObligorSourceViewStatus(StrEnum):
    NOT_FOUND = "not_found"
    OK = "ok"
    PENDING = "pending"
    REJECTED = "rejected"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
