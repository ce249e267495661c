"""A purged verification (``retention``): its report, declaration, members, obligors and
agency evidence are gone for good; what asks for them is answered ``410 purged``."""

from __future__ import annotations

from verification.problems import Gone
from verification.verifications.models import Verification


def refuse_purged(row: Verification) -> None:
    """``410 purged`` (audited, with the verification's id) for a purged verification."""
    if row.purged_at is not None:
        raise Gone(
            "the verification's report and personal data were purged under the retention schedule",
            audit={"verification_id": str(row.id), "purged_at": row.purged_at.isoformat()},
        )
