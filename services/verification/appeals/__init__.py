"""Appeals (复议): a household contests a report; a caseworker decides; an upheld appeal's
outcome is a new revision of the report that cites it (docs/decisions/0018-appeals.md)."""
