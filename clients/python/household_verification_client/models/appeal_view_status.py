from enum import StrEnum


class AppealViewStatus(StrEnum):
    DECIDED = "decided"
    FILED = "filed"

    def __str__(self) -> str:
        return str(self.value)
