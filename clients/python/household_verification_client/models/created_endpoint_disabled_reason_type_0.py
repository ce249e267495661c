from enum import StrEnum


class CreatedEndpointDisabledReasonType0(StrEnum):
    CLIENT = "client"
    DELIVERIES_FAILING = "deliveries-failing"

    def __str__(self) -> str:
        return str(self.value)
