"""Creating a spot check: the frame is fixed, and the audit event that fixes it recorded,
in one transaction; the sample is drawn later, from the first signed checkpoint after it
(``draw.py``)."""

from __future__ import annotations

from verification.audit.log import append_events, stream_for
from verification.clients.models import ApiClient
from verification.problems import Forbidden, InvalidRequest
from verification.runtime import Runtime
from verification.spot_checks import events, repository, sampling
from verification.spot_checks.draw import ensure_drawn
from verification.spot_checks.models import SpotCheck
from verification.spot_checks.policy_rate import RateBelowMinimumError, sampling_rate
from verification.spot_checks.read import spot_check_view
from verification.spot_checks.schemas import CreateSpotCheck, SpotCheckView

MAX_PERIOD_DAYS = 366


async def create_spot_check(
    runtime: Runtime, client: ApiClient, body: CreateSpotCheck, request_id: str
) -> SpotCheckView:
    """Fix the frame of ``body``'s region and period for ``client`` and record it."""
    audit = {
        "region_prefix": body.region_prefix,
        "period_from": body.period_from.isoformat(),
        "period_to": body.period_to.isoformat(),
    }
    if not client.may_use_region(body.region_prefix):
        raise Forbidden(
            "this client may not spot-check households of this region",
            code="region-not-permitted",
            audit=audit,
        )
    days = (body.period_to - body.period_from).days
    if days < 0 or days >= MAX_PERIOD_DAYS or body.period_to > runtime.today():
        raise InvalidRequest(
            f"the period runs forwards, lasts at most {MAX_PERIOD_DAYS} days and has ended "
            "by today",
            code="invalid-spot-check-period",
            audit=audit,
        )
    effective = runtime.policies.effective(body.region_prefix, body.period_to)
    try:
        rate = sampling_rate(effective, body.rate)
    except RateBelowMinimumError as error:
        raise InvalidRequest(
            f"the rate may not be below the policy's {error.minimum}",
            code="rate-below-policy",
            audit={**audit, "minimum": str(error.minimum)},
            extra={"minimum": str(error.minimum)},
        ) from None
    async with runtime.transaction() as session:
        units = await repository.frame_units(
            session,
            client.id,
            sandbox=client.sandbox,
            region_prefix=body.region_prefix,
            period_from=body.period_from,
            period_to=body.period_to,
        )
        if not units:
            raise InvalidRequest(
                "no completed verification of this region has its assessment date in the period",
                code="empty-frame",
                audit=audit,
            )
        row = SpotCheck(
            client_id=client.id,
            region_prefix=body.region_prefix,
            period_from=body.period_from,
            period_to=body.period_to,
            rate=rate.rate,
            rate_basis=rate.basis,
            rate_citation=rate.citation,
            policy=rate.policy,
            frame_digest=sampling.frame_digest(units).hex(),
            frame_count=len(units),
            frame_entry=0,
            status="awaiting_checkpoint",
            sandbox=client.sandbox,
        )
        session.add(row)
        await session.flush()
        await repository.insert_units(session, row.id, units)
        event = events.frame_fixed(
            client,
            row,
            request_id,
            rate=sampling.rate_text(rate.rate),
            strata=dict(sampling.stratum_counts(units)),
        )
        # in the log of the client's environment, where the draw looks for it (a command
        # records in production's by default)
        (entry,) = await append_events(session, [event], stream_for(sandbox=client.sandbox))
        row.frame_entry = entry
    await ensure_drawn(runtime, row.id, request_id)  # a checkpoint may exist already
    return await spot_check_view(runtime, row.id)
