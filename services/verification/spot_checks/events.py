"""The audit events of the spot checks: ids, counts and digests, never personal data (a
visit's note is not audited)."""

from __future__ import annotations

from typing import Any

from verification.clients.models import ApiClient
from verification.spot_checks.models import SpotCheck


def _common(client: ApiClient, row: SpotCheck, request_id: str, action: str) -> dict[str, Any]:
    return {
        "action": action,
        "client_id": str(client.id),
        "request_id": request_id,
        "spot_check_id": str(row.id),
    }


def frame_fixed(
    client: ApiClient,
    row: SpotCheck,
    request_id: str,
    *,
    rate: str,
    strata: dict[str, int],
) -> dict[str, Any]:
    """``spot_check_frame_fixed``: the frame's digest, size and strata, the rate and the
    policy — the commitment the seed's checkpoint follows."""
    return {
        **_common(client, row, request_id, "spot_check_frame_fixed"),
        "region_prefix": row.region_prefix,
        "period_from": row.period_from.isoformat(),
        "period_to": row.period_to.isoformat(),
        "frame_digest": row.frame_digest,
        "frame_count": row.frame_count,
        "strata": strata,
        "rate": rate,
        "rate_basis": row.rate_basis,
        "policy": row.policy,
    }


def drawn(client_id: str, row: SpotCheck, request_id: str, drawn_count: int) -> dict[str, Any]:
    assert row.frame_seq is not None
    return {
        "action": "spot_check_drawn",
        "client_id": client_id,
        "request_id": request_id,
        "spot_check_id": str(row.id),
        "frame_index": row.frame_seq - 1,
        "checkpoint_size": row.checkpoint_size,
        "seed": row.seed,
        "drawn_count": drawn_count,
    }


def read(client: ApiClient, row: SpotCheck, request_id: str, **fields: Any) -> dict[str, Any]:
    return {**_common(client, row, request_id, "spot_check_read"), **fields}


def exported(client: ApiClient, row: SpotCheck, request_id: str) -> dict[str, Any]:
    return {
        **_common(client, row, request_id, "spot_check_exported"),
        "checkpoint_size": row.checkpoint_size,
    }


def visit_recorded(
    client: ApiClient,
    row: SpotCheck,
    request_id: str,
    *,
    verification_id: str,
    visited_on: str,
    outcome: str,
    noted: bool,
) -> dict[str, Any]:
    return {
        **_common(client, row, request_id, "spot_check_visit_recorded"),
        "verification_id": verification_id,
        "visited_on": visited_on,
        "outcome": outcome,
        "noted": noted,
    }
