from enum import StrEnum


class VehicleUse(StrEnum):
    AGRICULTURAL = "agricultural"
    COMMERCIAL = "commercial"
    DISABILITY = "disability"
    PRIVATE = "private"

    def __str__(self) -> str:
        return str(self.value)
