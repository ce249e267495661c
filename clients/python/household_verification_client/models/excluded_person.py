from enum import StrEnum


class ExcludedPerson(StrEnum):
    CLERGY_AWAY_3_YEARS = "clergy_away_3_years"
    COMPULSORY_REHABILITATION = "compulsory_rehabilitation"
    DECLARED_MISSING = "declared_missing"
    IMPRISONED = "imprisoned"

    def __str__(self) -> str:
        return str(self.value)
