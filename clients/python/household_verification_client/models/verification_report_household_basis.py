from enum import StrEnum


class VerificationReportHouseholdBasis(StrEnum):
    HOUSEHOLD = "household"
    SINGLE_PERSON = "single_person"

    def __str__(self) -> str:
        return str(self.value)
