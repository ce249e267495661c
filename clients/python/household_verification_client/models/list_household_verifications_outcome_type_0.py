from enum import StrEnum


class ListHouseholdVerificationsOutcomeType0(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    REVIEW_REQUIRED = "review_required"

    def __str__(self) -> str:
        return str(self.value)
