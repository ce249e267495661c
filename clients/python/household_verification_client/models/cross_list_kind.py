from enum import StrEnum


class CrossListKind(StrEnum):
    EDGE_HOUSEHOLD = "edge_household"
    OTHER = "other"
    POVERTY_ALLEVIATED = "poverty_alleviated"

    def __str__(self) -> str:
        return str(self.value)
