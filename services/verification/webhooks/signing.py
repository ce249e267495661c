"""Standard Webhooks signatures (https://www.standardwebhooks.com), pure.

A secret is ``whsec_`` + base64 of 24 random bytes (the key is the decoded bytes).  A
message is signed as ``v1,`` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")) — by the
specification's reference implementation, the ``standardwebhooks`` package.  With several
secrets (during a rotation's grace period) the ``webhook-signature`` header holds one
signature per secret, separated by spaces; a consumer accepts the message when any of them
verifies with a secret it holds.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import secrets
from collections.abc import Sequence

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
SECRET_BYTES = 24


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """One signature, ``v1,<base64>``."""
    return Webhook(secret).sign(message_id, dt.datetime.fromtimestamp(timestamp, dt.UTC), body)


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
    """Whether any ``v1`` signature of the header ``signature`` is ``secret``'s (with no
    check of the timestamp against a clock: that is the receiver's)."""
    expected = sign(secret, message_id, timestamp, body)
    return any(
        hmac.compare_digest(candidate, expected)
        for candidate in signature.split(" ")
        if candidate.startswith("v1,")
    )
