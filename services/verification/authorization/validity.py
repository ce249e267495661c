"""When an authorization stops being valid: the one test every use of its expiry shares."""

from __future__ import annotations

import datetime as dt


def expired(expires_at: dt.datetime, now: dt.datetime) -> bool:
    """Past its validity at ``now``: an authorization is valid up to and including its
    ``expires_at`` (the JWS's ``exp``).  The review's check of a stored authorization
    (``records``), a household's ``authorization_status`` and a re-authorization ask this;
    the batches' selection asks it in SQL (``batches.repository._authorized``)."""
    return now > expires_at
