from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    AUDITOR = "auditor"
    CASE_SYSTEM = "case_system"
    SUPERVISOR = "supervisor"

    def __str__(self) -> str:
        return str(self.value)
