from enum import StrEnum


class BusinessRole(StrEnum):
    LEGAL_REPRESENTATIVE = "legal_representative"
    OPERATOR = "operator"
    SHAREHOLDER = "shareholder"

    def __str__(self) -> str:
        return str(self.value)
