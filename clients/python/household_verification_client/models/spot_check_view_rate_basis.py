from enum import StrEnum


class SpotCheckViewRateBasis(StrEnum):
    POLICY = "policy"
    REQUESTED = "requested"
    SERVICE_DEFAULT = "service_default"

    def __str__(self) -> str:
        return str(self.value)
