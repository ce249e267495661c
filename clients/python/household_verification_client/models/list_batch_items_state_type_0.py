from enum import StrEnum


class ListBatchItemsStateType0(StrEnum):
    CANCELLED = "cancelled"
    DONE = "done"
    FAILED = "failed"
    PENDING = "pending"
    RUNNING = "running"
    SKIPPED = "skipped"

    def __str__(self) -> str:
        return str(self.value)
