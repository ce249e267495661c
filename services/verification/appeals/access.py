"""Who may act on an appeal: its verification's client, while the client may still use the
verification's region (a client whose ``region_prefixes`` no longer cover it is refused)."""

from __future__ import annotations

from verification.clients.models import ApiClient
from verification.problems import Forbidden


def check_region(client: ApiClient, region_code: str, *, audit: dict[str, str]) -> None:
    """``403 region-not-permitted`` when ``client`` may not use ``region_code``."""
    if not client.may_use_region(region_code):
        raise Forbidden(
            "this client may not act on households of this region",
            code="region-not-permitted",
            audit=audit,
        )
