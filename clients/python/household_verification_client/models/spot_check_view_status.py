from enum import StrEnum


class SpotCheckViewStatus(StrEnum):
    AWAITING_CHECKPOINT = "awaiting_checkpoint"
    DRAWN = "drawn"

    def __str__(self) -> str:
        return str(self.value)
