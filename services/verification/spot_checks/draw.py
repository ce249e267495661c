"""Drawing a spot check's sample once the first signed checkpoint after its frame event
exists: lazily, when the spot check is read (ADR 0016).

The frame event is in the log once the integrator moved it there (its ``seq``); the seed's
checkpoint is the first stored one whose size is at least that ``seq`` (its tree holds the
event: size > the event's leaf index).  Checkpoints are stored once per size and never
changed, so the checkpoint, the seed and the sample are the same whoever draws and when.
"""

from __future__ import annotations

import uuid

from verification.audit.log import stream_for
from verification.db import utcnow
from verification.runtime import Runtime
from verification.spot_checks import events, repository, sampling


async def ensure_drawn(runtime: Runtime, spot_check_id: uuid.UUID, request_id: str) -> bool:
    """Draw the sample if it is not drawn and can be; whether it is drawn now."""
    async with runtime.read_session_factory() as session:
        row = await repository.spot_check(session, spot_check_id)
        if row is None:
            return False
        if row.status == "drawn":
            return True
        stream = stream_for(sandbox=row.sandbox)
        seq = await repository.entry_seq(session, stream, row.frame_entry)
        if seq is None:
            return False
        checkpoint = await repository.first_checkpoint_covering(session, stream, seq)
        if checkpoint is None:
            return False
        size, root = int(checkpoint.size), bytes.fromhex(checkpoint.root_hash)
    async with runtime.transaction() as session:
        row = await repository.spot_check_for_update(session, spot_check_id)
        assert row is not None
        if row.status == "drawn":
            return True
        units = [
            sampling.Unit(unit.verification_id, unit.region_code, unit.outcome)
            for unit in await repository.units(session, spot_check_id)
        ]
        digest = sampling.frame_digest(units)
        if digest.hex() != row.frame_digest:  # the stored frame was altered
            raise RuntimeError(f"spot check {spot_check_id}: its frame no longer matches")
        seed = sampling.seed(root, size, digest)
        sample = sampling.draw(units, row.rate, seed)
        await repository.mark_drawn(session, spot_check_id, [unit.id for unit in sample])
        row.frame_seq = seq
        row.checkpoint_size = size
        row.seed = seed.hex()
        row.status = "drawn"
        row.drawn_at = utcnow()
        await runtime.audit.append(
            session, [events.drawn(str(row.client_id), row, request_id, len(sample))]
        )
    return True
