from enum import StrEnum


class RevocationViewReason(StrEnum):
    APPLICATION_WITHDRAWN = "application_withdrawn"
    HOUSEHOLD_WITHDREW = "household_withdrew"
    MOVED_AWAY = "moved_away"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
