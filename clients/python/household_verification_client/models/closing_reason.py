from enum import StrEnum


class ClosingReason(StrEnum):
    APPEAL_UPHELD = "appeal_upheld"
    EXPLANATION_ACCEPTED = "explanation_accepted"
    OTHER = "other"
    RECORDED_IN_ERROR = "recorded_in_error"
    SOURCE_DATA_WRONG = "source_data_wrong"

    def __str__(self) -> str:
        return str(self.value)
