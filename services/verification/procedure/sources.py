"""Which of the national 核对 sources (rule 15) this service can query, and which it did.

办法 第十七条第一款 lists the registers a 核对 queries; the 2022 通知 三（二） adds marriage,
funeral, death and pension data (``verification.sources``).  Each installed connector declares
the registers it answers (``registers``, ``connectors.sdk.source``): the hukou connector
answers 户籍 and deaths, the bank one deposits, the securities register (中国结算 style) the
securities, and a plugin adds its own.  A register no installed source answers is
``not_supported``: the report says so, so a caseworker sees the gap and checks it another
way.  Nothing is inferred for it.

Pure: no web, database or HTTP client.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from connectors.sdk.discovery import installed_sources
from connectors.sdk.source import SourceCatalogue
from verification.policies.layered.params import DataSource


class Coverage(StrEnum):
    QUERIED = "queried"  # its scope was asked in this verification
    NOT_QUERIED = "not_queried"  # the service can ask, but this request did not (scopes)
    NOT_SUPPORTED = "not_supported"  # no agency of the service answers it


@dataclass(frozen=True, slots=True)
class SourceCoverage:
    source: DataSource
    scope: str | None
    coverage: Coverage


def coverage(
    national: Collection[DataSource],
    queried: Collection[str],
    sources: SourceCatalogue | None = None,
) -> list[SourceCoverage]:
    """Each source of the national list (in its order), the installed source that answers
    it (``sources``, default: the installed ones) and whether it was queried."""
    catalogue = installed_sources() if sources is None else sources
    found = []
    for source in national:
        scope = catalogue.answering(source.value)
        if scope is None:
            state = Coverage.NOT_SUPPORTED
        elif scope in queried:
            state = Coverage.QUERIED
        else:
            state = Coverage.NOT_QUERIED
        found.append(SourceCoverage(source, scope, state))
    return found
