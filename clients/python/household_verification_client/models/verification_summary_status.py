from enum import StrEnum


class VerificationSummaryStatus(StrEnum):
    AWAITING_SOURCES = "awaiting_sources"
    COMPLETED = "completed"
    RUNNING = "running"

    def __str__(self) -> str:
        return str(self.value)
