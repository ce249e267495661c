"""The audit entries of cross lists: ids, kinds, regions and counts — never an ID number,
a blind index of a listed person, a masked ID number or an income."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from verification.cross_lists.models import CrossList


def list_event(
    client_id: object, row: CrossList, request_id: str, action: str, **fields: Any
) -> Mapping[str, Any]:
    return {
        "action": action,
        "client_id": str(client_id),
        "request_id": request_id,
        "list_id": str(row.id),
        "kind": row.kind,
        "region_prefix": row.region_prefix,
        "version": row.version,
        **fields,
    }
