from enum import StrEnum


class SourceCoverageViewCoverage(StrEnum):
    NOT_QUERIED = "not_queried"
    NOT_SUPPORTED = "not_supported"
    QUERIED = "queried"

    def __str__(self) -> str:
        return str(self.value)
