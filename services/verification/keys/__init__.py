"""Data-encryption key rotation: the encrypted columns, re-encryption, retiring keys.

Not the issuers' signing keys (those are ``verification.authorization.keys``).
"""
