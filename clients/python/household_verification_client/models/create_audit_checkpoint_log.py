from enum import StrEnum


class CreateAuditCheckpointLog(StrEnum):
    PRODUCTION = "production"
    SANDBOX = "sandbox"

    def __str__(self) -> str:
        return str(self.value)
