"""The audit log served to others: the auditor routes (``endpoints.py``), the log as tlog
tiles (``tile_endpoints.py``) and receipts of entries (``receipt_service.py``).

Apart from ``audit/`` (the log itself, which the runtime builds) so that the log depends
on no client, route or runtime, and these may depend on all three.
"""
