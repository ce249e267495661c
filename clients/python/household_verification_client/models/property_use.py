from enum import StrEnum


class PropertyUse(StrEnum):
    COMMERCIAL = "commercial"
    OTHER = "other"
    RESIDENTIAL = "residential"

    def __str__(self) -> str:
        return str(self.value)
