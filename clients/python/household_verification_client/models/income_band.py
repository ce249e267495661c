from enum import StrEnum


class IncomeBand(StrEnum):
    ABOVE_EDGE_LINE = "above_edge_line"
    BELOW_STANDARD = "below_standard"
    EDGE = "edge"

    def __str__(self) -> str:
        return str(self.value)
