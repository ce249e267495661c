from enum import StrEnum


class DeclaredRelation(StrEnum):
    APPLICANT = "applicant"
    COHABITING_DEPENDANT = "cohabiting_dependant"
    DEPENDENT_ADULT_CHILD = "dependent_adult_child"
    MINOR_CHILD = "minor_child"
    OTHER = "other"
    SPOUSE = "spouse"
    STUDENT_CHILD = "student_child"

    def __str__(self) -> str:
        return str(self.value)
