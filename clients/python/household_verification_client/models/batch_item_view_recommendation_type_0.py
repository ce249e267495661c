from enum import StrEnum


class BatchItemViewRecommendationType0(StrEnum):
    CONTINUE = "continue"
    DECREASE = "decrease"
    INCREASE = "increase"
    STOP = "stop"

    def __str__(self) -> str:
        return str(self.value)
