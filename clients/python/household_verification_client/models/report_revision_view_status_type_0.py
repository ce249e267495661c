from enum import StrEnum


class ReportRevisionViewStatusType0(StrEnum):
    AWAITING_SOURCES = "awaiting_sources"
    COMPLETED = "completed"

    def __str__(self) -> str:
        return str(self.value)
