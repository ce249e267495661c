from enum import StrEnum


class CreateEndpointEventTypesItem(StrEnum):
    APPEAL_OVERDUE = "appeal.overdue"
    BATCH_COMPLETED = "batch.completed"
    CROSS_LIST_COMPARED = "cross_list.compared"
    VERIFICATION_COMPLETED = "verification.completed"
    VERIFICATION_OVERDUE = "verification.overdue"
    VERIFICATION_REVISED = "verification.revised"

    def __str__(self) -> str:
        return str(self.value)
