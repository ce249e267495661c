from enum import StrEnum


class AppealReason(StrEnum):
    EVIDENCE_INSUFFICIENT = "evidence_insufficient"
    EVIDENCE_NOTED = "evidence_noted"
    FINDINGS_CONFIRMED = "findings_confirmed"
    NOT_IN_REPORT_SCOPE = "not_in_report_scope"
    REQUERY_CHANGED_ANSWER = "requery_changed_answer"
    SOURCE_RECORD_CORRECTED = "source_record_corrected"

    def __str__(self) -> str:
        return str(self.value)
