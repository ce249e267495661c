from enum import StrEnum


class DeadlineViewCountedFrom(StrEnum):
    ACCEPTED = "accepted"
    REFUSAL_DECIDED = "refusal_decided"
    REQUEST_RECEIVED = "request_received"
    TOWNSHIP_FILE_RECEIVED = "township_file_received"

    def __str__(self) -> str:
        return str(self.value)
