from enum import StrEnum


class AuditRefViewStatus(StrEnum):
    INTEGRATED = "integrated"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
