from enum import StrEnum


class EvidenceItemKind(StrEnum):
    ASSET = "asset"
    EXPENSE = "expense"
    HOUSEHOLD = "household"
    INCOME = "income"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
