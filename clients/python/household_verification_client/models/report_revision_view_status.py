from enum import StrEnum


class ReportRevisionViewStatus(StrEnum):
    AWAITING_SOURCES = "awaiting_sources"
    COMPLETED = "completed"

    def __str__(self) -> str:
        return str(self.value)
