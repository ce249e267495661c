from enum import StrEnum


class AppealRefViewDecision(StrEnum):
    PARTLY_UPHELD = "partly_upheld"
    UPHELD = "upheld"

    def __str__(self) -> str:
        return str(self.value)
