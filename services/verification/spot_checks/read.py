"""Reading a spot check: its state, strata and drawn list (ids only), as JSON or CSV; a
client sees only the spot checks it created (anything else is ``404``).  Reading draws the
sample when it can (``draw.ensure_drawn``)."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from verification.clients.models import ApiClient
from verification.problems import Conflict, NotFound
from verification.receipts_api.service import retry_after
from verification.runtime import Runtime
from verification.spot_checks import events, repository
from verification.spot_checks.draw import ensure_drawn
from verification.spot_checks.models import SpotCheck, SpotCheckUnit
from verification.spot_checks.schemas import DrawnUnit, SpotCheckList, SpotCheckView, Stratum

CSV_COLUMNS = (
    "rank",
    "verification_id",
    "region_code",
    "outcome",
    "visited_on",
    "visit_outcome",
)


async def owned_spot_check(
    session: AsyncSession, client: ApiClient, spot_check_id: uuid.UUID
) -> SpotCheck:
    row = await repository.spot_check(session, spot_check_id)
    if row is None or row.client_id != client.id:
        raise NotFound("no spot check with this id for this client")
    return row


def checkpoint_pending(runtime: Runtime, row: SpotCheck) -> Conflict:
    """``409 checkpoint-pending``: the sample is drawn from a checkpoint not signed yet;
    ``Retry-After`` from the integrator's schedule, as a pending receipt's."""
    wait = retry_after(runtime, in_log=False)
    return Conflict(
        "the sample is drawn from the first signed audit checkpoint after the frame was "
        f"fixed, and there is none yet; ask again in {wait} seconds",
        code="checkpoint-pending",
        headers={"Retry-After": str(wait)},
        audit={"spot_check_id": str(row.id)},
        extra={"retry_after": wait},
    )


def _view(row: SpotCheck, units: Sequence[SpotCheckUnit]) -> SpotCheckView:
    strata: dict[tuple[str, str], list[int]] = {}
    for unit in units:
        counts = strata.setdefault((unit.region_code, unit.outcome), [0, 0, 0])
        counts[0] += 1
        counts[1] += unit.drawn
        counts[2] += unit.visited_on is not None
    drawn = sorted((u for u in units if u.drawn), key=lambda u: u.draw_rank or 0)
    return SpotCheckView(
        id=row.id,
        status=row.status,
        region_prefix=row.region_prefix,
        period_from=row.period_from,
        period_to=row.period_to,
        rate=row.rate,
        rate_basis=row.rate_basis,
        rate_citation=row.rate_citation,
        policy=row.policy,
        frame_digest=row.frame_digest,
        frame_count=row.frame_count,
        frame_index=None if row.frame_seq is None else row.frame_seq - 1,
        checkpoint_size=row.checkpoint_size,
        seed=row.seed,
        created_at=row.created_at,
        drawn_at=row.drawn_at,
        strata=[
            Stratum(region_code=region, outcome=outcome, frame=f, drawn=d, visited=v)
            for (region, outcome), (f, d, v) in sorted(strata.items())
        ],
        drawn=[
            DrawnUnit(
                verification_id=u.verification_id,
                region_code=u.region_code,
                outcome=u.outcome,
                rank=u.draw_rank or 0,
                visited_on=u.visited_on,
                visit_outcome=u.visit_outcome,
                has_note=u.visit_note_enc is not None,
            )
            for u in drawn
        ],
    )


async def spot_check_view(runtime: Runtime, spot_check_id: uuid.UUID) -> SpotCheckView:
    async with runtime.read_session_factory() as session:
        row = await repository.spot_check(session, spot_check_id)
        assert row is not None
        return _view(row, await repository.units(session, spot_check_id))


async def read_spot_check(
    runtime: Runtime, client: ApiClient, spot_check_id: uuid.UUID, request_id: str
) -> SpotCheckView:
    async with runtime.read_session_factory() as session:
        row = await owned_spot_check(session, client, spot_check_id)
    await ensure_drawn(runtime, spot_check_id, request_id)
    view = await spot_check_view(runtime, spot_check_id)
    await runtime.audit.record([events.read(client, row, request_id, format="json")])
    return view


async def spot_check_csv(
    runtime: Runtime, client: ApiClient, spot_check_id: uuid.UUID, request_id: str
) -> str:
    """The drawn list as CSV (UTF-8, a header line), in draw order."""
    async with runtime.read_session_factory() as session:
        row = await owned_spot_check(session, client, spot_check_id)
    if not await ensure_drawn(runtime, spot_check_id, request_id):
        raise checkpoint_pending(runtime, row)
    view = await spot_check_view(runtime, spot_check_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for unit in view.drawn:
        writer.writerow(
            [
                unit.rank,
                unit.verification_id,
                unit.region_code,
                unit.outcome,
                unit.visited_on.isoformat() if unit.visited_on else "",
                unit.visit_outcome or "",
            ]
        )
    await runtime.audit.record([events.read(client, row, request_id, format="csv")])
    return out.getvalue()


async def list_spot_checks(runtime: Runtime, client: ApiClient, request_id: str) -> SpotCheckList:
    """The client's spot checks, oldest first (without paging: a county makes a few a year)."""
    async with runtime.read_session_factory() as session:
        rows = await repository.client_spot_checks(session, client.id)
    for row in rows:
        if row.status != "drawn":
            await ensure_drawn(runtime, row.id, request_id)
    items = [await spot_check_view(runtime, row.id) for row in rows]
    await runtime.audit.record(
        [
            {
                "action": "spot_checks_listed",
                "client_id": str(client.id),
                "request_id": request_id,
                "count": len(items),
            }
        ]
    )
    return SpotCheckList(items=items)
