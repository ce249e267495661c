"""Receipts of audit entries (C2SP tlog-proofs) as the API serves them: ``service.py``
builds one from the stored log (or says it is pending and when to ask again),
``responses.py`` serves it.  Below both the verifications' routes (a report's receipt) and
the auditor's (any entry's), which is why it is not part of ``audit_api/``.
"""
