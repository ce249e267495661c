"""Data-encryption keys: the encrypted columns and their associated data (``columns.py``),
rotation, re-encryption and retiring keys (``rotation.py``).

Not the issuers' signing keys (``verification.authorization.issuer_keys``), the audit
log's signing key (``audit-log-key.pem``) or idempotency keys (see the glossary in
docs/architecture.md).
"""
