from enum import StrEnum


class BusinessStatus(StrEnum):
    ACTIVE = "active"
    DEREGISTERED = "deregistered"
    OTHER = "other"
    REVOKED = "revoked"

    def __str__(self) -> str:
        return str(self.value)
