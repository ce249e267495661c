"""Recording the household's explanation (陈述申辩): its reason and the evidence it gave,
described; encrypted at rest, never audited (the event says only how many items)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from verification.clients.models import ApiClient
from verification.data_keys.columns import INTEGRITY_EXPLANATION
from verification.db import utcnow
from verification.integrity_record.lifecycle import Step
from verification.integrity_record.models import IntegrityEntry as Row
from verification.integrity_record.schemas import IntegrityEntry, RecordExplanation
from verification.integrity_record.step import take_step
from verification.kit.masking import mask_text
from verification.runtime import Runtime


async def record_explanation(
    runtime: Runtime,
    client: ApiClient,
    entry_id: uuid.UUID,
    body: RecordExplanation,
    request_id: str,
) -> IntegrityEntry:
    async def change(_session: AsyncSession, row: Row, _today: dt.date) -> Mapping[str, Any]:
        # stored as given, personal numbers masked (as a household's end reason is)
        said = {
            "reason": mask_text(body.reason),
            "evidence": [mask_text(e.description) for e in body.evidence],
        }
        row.explanation_enc = INTEGRITY_EXPLANATION.encrypt_json(runtime.keyring, said, id=row.id)
        row.explained_at = utcnow()
        return {"evidence_items": len(body.evidence)}

    return await take_step(runtime, client, entry_id, Step.EXPLANATION, request_id, change)
