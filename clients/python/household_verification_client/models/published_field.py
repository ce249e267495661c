from enum import StrEnum


class PublishedField(StrEnum):
    ALLOWANCE_AMOUNT = "allowance_amount"
    APPLICANT_NAME = "applicant_name"
    HOUSEHOLD_MEMBERS = "household_members"
    HOUSEHOLD_SIZE = "household_size"
    INCOME = "income"

    def __str__(self) -> str:
        return str(self.value)
