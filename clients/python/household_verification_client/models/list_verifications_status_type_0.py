from enum import StrEnum


class ListVerificationsStatusType0(StrEnum):
    AWAITING_SOURCES = "awaiting_sources"
    COMPLETED = "completed"
    RUNNING = "running"

    def __str__(self) -> str:
        return str(self.value)
