"""What a connector declares about its source, and the catalogue of the installed ones.

Every connector class declares, beside its ``scope``:

* ``display_name``: a ``DisplayName`` (Chinese and English), what a report calls the source;
* ``evidence_kinds``: the ``EvidenceKind``s it can report; the assessment needs an answer
  from every source that declares a kind a rule reads, and from no other;
* ``registers``: the registers of the national 核对 list (``verification.sources`` of the
  policy: ``hukou``, ``tax``, ``social_insurance``, ``real_estate``, …) it answers, so the
  report can say which of them were queried (optional; none by default).

``connectors.sdk.discovery`` reads these from every installed plugin into a
``SourceCatalogue``, in scope order.  Plain data: no I/O, no HTTP client.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

from connectors.sdk.evidence import EvidenceKind

# a scope names environment variables (VERIFICATION_SOURCES__<SCOPE>__…), a URL path segment
# and a 32-character database column
SCOPE_PATTERN: Final = re.compile(r"[a-z][a-z0-9_]{0,31}")


@dataclass(frozen=True, slots=True)
class DisplayName:
    """A source's name as a reader sees it: Chinese (the default) and English."""

    zh_cn: str
    en: str


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """One installed source: its scope and what its connector declares."""

    scope: str
    name: DisplayName
    evidence_kinds: frozenset[EvidenceKind]
    registers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceCatalogue:
    """The installed sources, in scope order; what the service asks and assesses."""

    sources: tuple[SourceInfo, ...]

    @classmethod
    def of(cls, sources: Iterable[SourceInfo]) -> SourceCatalogue:
        return cls(tuple(sorted(sources, key=lambda source: source.scope)))

    def __iter__(self) -> Iterator[SourceInfo]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

    def __contains__(self, scope: object) -> bool:
        return any(source.scope == scope for source in self.sources)

    @property
    def scopes(self) -> tuple[str, ...]:
        return tuple(source.scope for source in self.sources)

    def get(self, scope: str) -> SourceInfo | None:
        return next((source for source in self.sources if source.scope == scope), None)

    def providing(self, *kinds: EvidenceKind) -> tuple[str, ...]:
        """The scopes whose connector declares any of ``kinds``, in scope order."""
        wanted = set(kinds)
        return tuple(source.scope for source in self.sources if source.evidence_kinds & wanted)

    def answering(self, register: str) -> str | None:
        """The scope that answers a register of the national list (the first in scope
        order when several do), or None when no installed source does."""
        return next((s.scope for s in self.sources if register in s.registers), None)
