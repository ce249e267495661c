from enum import StrEnum


class CreateEndpointEventTypesItem(StrEnum):
    BATCH_COMPLETED = "batch.completed"
    VERIFICATION_COMPLETED = "verification.completed"
    VERIFICATION_OVERDUE = "verification.overdue"
    VERIFICATION_REVISED = "verification.revised"

    def __str__(self) -> str:
        return str(self.value)
