"""Standard Webhooks signatures (https://www.standardwebhooks.com), pure.

A secret is ``whsec_`` + base64 of 24 random bytes (the key is the decoded bytes).  A
message is signed as ``v1,`` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")); with
several secrets (during a rotation's grace period) the ``webhook-signature`` header holds
one signature per secret, separated by spaces, and a consumer accepts the message when any
of them verifies with a secret it holds.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Sequence

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
SECRET_BYTES = 24


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """One signature, ``v1,<base64>``."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(
    secrets_: Sequence[str], message_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    """The three headers of a delivery, signed with each of ``secrets_``."""
    if not secrets_:
        raise ValueError("a delivery needs at least one secret")
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(s, message_id, timestamp, body) for s in secrets_),
    }


def verify(secret: str, message_id: str, timestamp: int, body: bytes, signature: str) -> bool:
    """Whether any ``v1`` signature of the header ``signature`` is ``secret``'s."""
    expected = sign(secret, message_id, timestamp, body)
    return any(
        hmac.compare_digest(candidate, expected)
        for candidate in signature.split(" ")
        if candidate.startswith("v1,")
    )
