from enum import StrEnum


class RuleViewResult(StrEnum):
    FAILED = "failed"
    NOT_ASSESSABLE = "not_assessable"
    PASSED = "passed"

    def __str__(self) -> str:
        return str(self.value)
