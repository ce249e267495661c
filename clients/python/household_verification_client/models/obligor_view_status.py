from enum import StrEnum


class ObligorViewStatus(StrEnum):
    ACTIVE = "active"
    DECEASED = "deceased"
    MOVED_OUT = "moved_out"
    NOT_CHECKED = "not_checked"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
