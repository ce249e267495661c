from enum import StrEnum


class CrossingKind(StrEnum):
    ENROLLED_AT_OR_ABOVE_STANDARD = "enrolled_at_or_above_standard"
    LISTED_BELOW_STANDARD = "listed_below_standard"

    def __str__(self) -> str:
        return str(self.value)
