"""The integrity record (诚信记录): a declaration found to understate income or assets,
confirmed by a caseworker (issue #21; docs/decisions/0017-integrity-record.md)."""
