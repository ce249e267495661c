from enum import StrEnum


class AgencyOutcomeViewOutcome(StrEnum):
    ANSWERED = "answered"
    NOT_FOUND = "not_found"
    PENDING = "pending"
    REJECTED = "rejected"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
