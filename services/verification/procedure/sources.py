"""Which of the national 核对 sources (rule 15) this service can query, and which it did.

办法 第十七条第一款 lists the registers a 核对 queries; the 2022 通知 三（二） adds marriage,
funeral, death and pension data (``verification.sources``).  The service reaches six agencies
(its scopes); each national source is mapped to the scope that answers it, or to none.  A
source without a scope is ``not_supported``: the report says so, so a caseworker sees the gap
and checks it another way.  Nothing is inferred for it.

Pure: no web, database or HTTP client.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from verification.policies.layered.params import DataSource


class Coverage(StrEnum):
    QUERIED = "queried"  # its scope was asked in this verification
    NOT_QUERIED = "not_queried"  # the service can ask, but this request did not (scopes)
    NOT_SUPPORTED = "not_supported"  # no agency of the service answers it


# national source → the service's scope that answers it (None: no connector)
SCOPE_OF: Final[Mapping[DataSource, str | None]] = MappingProxyType(
    {
        DataSource.HUKOU: "hukou",
        DataSource.TAX: "tax",
        DataSource.SOCIAL_INSURANCE: None,
        DataSource.REAL_ESTATE: "housing",
        DataSource.BUSINESS_REGISTRATION: None,
        DataSource.PROVIDENT_FUND: "provident_fund",
        DataSource.VEHICLES_VESSELS: "vehicle",  # vehicles; no vessel register
        DataSource.BANK_DEPOSITS: "bank",
        DataSource.COMMERCIAL_INSURANCE: None,
        DataSource.SECURITIES: "bank",  # the stocks and funds held through a bank only
        DataSource.INTERNET_FINANCE: None,
        DataSource.MARRIAGE: None,
        DataSource.FUNERAL: None,
        DataSource.DEATH: "hukou",  # public security reports a member deceased, with the date
        DataSource.PENSION: None,
    }
)


@dataclass(frozen=True, slots=True)
class SourceCoverage:
    source: DataSource
    scope: str | None
    coverage: Coverage


def coverage(national: Collection[DataSource], queried: Collection[str]) -> list[SourceCoverage]:
    """Each source of the national list (in its order) and whether it was queried."""
    found = []
    for source in national:
        scope = SCOPE_OF.get(source)
        if scope is None:
            state = Coverage.NOT_SUPPORTED
        elif scope in queried:
            state = Coverage.QUERIED
        else:
            state = Coverage.NOT_QUERIED
        found.append(SourceCoverage(source, scope, state))
    return found
