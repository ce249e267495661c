from enum import StrEnum


class BatchViewStatus(StrEnum):
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    RUNNING = "running"

    def __str__(self) -> str:
        return str(self.value)
