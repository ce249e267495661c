from enum import StrEnum


class UseViewPurpose(StrEnum):
    ANSWER_COLLECTION = "answer_collection"
    APPEAL_REQUERY = "appeal_requery"
    BATCH_REVIEW = "batch_review"
    FIRST_VERIFICATION = "first_verification"
    OBLIGOR_CONSENT_USE = "obligor_consent_use"
    RETRY = "retry"

    def __str__(self) -> str:
        return str(self.value)
