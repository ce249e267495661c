from enum import StrEnum


class DeclaredMemberDisabilityKindType0(StrEnum):
    HEARING = "hearing"
    INTELLECTUAL = "intellectual"
    MENTAL = "mental"
    MULTIPLE = "multiple"
    PHYSICAL = "physical"
    SPEECH = "speech"
    VISUAL = "visual"

    def __str__(self) -> str:
        return str(self.value)
