from enum import StrEnum


class WhatIfChange(StrEnum):
    BECOMES_ELIGIBLE = "becomes_eligible"
    BECOMES_INELIGIBLE = "becomes_ineligible"
    DECREASE = "decrease"
    INCREASE = "increase"
    OUTCOME_CHANGED = "outcome_changed"
    UNCHANGED = "unchanged"

    def __str__(self) -> str:
        return str(self.value)
