from enum import StrEnum


class Decision(StrEnum):
    PARTLY_UPHELD = "partly_upheld"
    REJECTED = "rejected"
    UPHELD = "upheld"

    def __str__(self) -> str:
        return str(self.value)
