from enum import StrEnum


class EntryStatus(StrEnum):
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    EXPIRED = "expired"
    EXPLAINED = "explained"
    NOTIFIED = "notified"
    PROPOSED = "proposed"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
