"""The audit log served to others: the auditor routes (``endpoints.py``) and the log as
tlog tiles (``tile_endpoints.py``); receipts are served by ``receipts_api/``.

Apart from ``audit/`` (the log itself, which the runtime builds) so that the log depends
on no client, route or runtime, and these may depend on all three (and on the
verifications, whose members the auditor's person filter reads).
"""
