"""Auditable spot-check sampling (入户抽查), pure: the frame's digest, the seed, the draw.

Everything here is defined on bytes an auditor can re-derive with any SHA-256 (ADR 0016):

* **The frame** is a list of units — a completed verification's id (a UUID, no personal
  data) with its stratum, the county (``region``, the household's six-digit region code)
  and the ``outcome`` (eligible / ineligible / review_required).  Its canonical text is the
  line ``spot-check-frame v1`` and then one line ``<id>\\t<region>\\t<outcome>`` a unit,
  ordered by id, each ending in ``\\n``; the **frame digest** is SHA-256 of that text.
* **The seed** is ``SHA-256("spot-check v1\\n" ‖ root ‖ size ‖ frame digest)``: ``root`` the
  32-byte root hash of the first signed audit checkpoint whose tree holds the event that
  fixed the frame, ``size`` that checkpoint's tree size as 8 bytes big-endian, and the
  frame digest's 32 bytes.  The checkpoint did not exist when the frame was fixed, so no
  one chose the frame knowing the seed.
* **The draw**: in each stratum of ``n`` units, ``k = ⌈rate × n⌉`` (exact decimal
  arithmetic; at least one unit of a non-empty stratum) units with the smallest
  ``SHA-256(seed ‖ id as ASCII)`` (the id breaks a tie, which SHA-256 makes moot).
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

FRAME_HEADER: Final = "spot-check-frame v1"
SEED_TAG: Final = b"spot-check v1\n"
OUTCOMES: Final = frozenset({"eligible", "ineligible", "review_required"})


@dataclass(frozen=True, slots=True, order=True)
class Unit:
    """One household of the frame: its verification's id and its stratum."""

    id: uuid.UUID
    region: str  # the household's region code (six digits: the county)
    outcome: str

    def __post_init__(self) -> None:
        if not (len(self.region) == 6 and self.region.isascii() and self.region.isdigit()):
            raise ValueError("a unit's region is a six-digit region code")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"a unit's outcome is one of {sorted(OUTCOMES)}")

    @property
    def stratum(self) -> tuple[str, str]:
        return (self.region, self.outcome)


def frame_text(units: Iterable[Unit]) -> bytes:
    """The frame's canonical text (its units ordered by id; a repeated id is refused)."""
    ordered = sorted(units, key=lambda unit: str(unit.id))
    ids = [unit.id for unit in ordered]
    if len(set(ids)) != len(ids):
        raise ValueError("a frame names each unit once")
    lines = [FRAME_HEADER, *(f"{unit.id}\t{unit.region}\t{unit.outcome}" for unit in ordered)]
    return "".join(f"{line}\n" for line in lines).encode("ascii")


def frame_digest(units: Iterable[Unit]) -> bytes:
    """SHA-256 of the frame's canonical text."""
    return hashlib.sha256(frame_text(units)).digest()


def seed(checkpoint_root: bytes, checkpoint_size: int, digest: bytes) -> bytes:
    """The draw's seed from the checkpoint published after the frame was fixed."""
    if len(checkpoint_root) != 32 or len(digest) != 32:
        raise ValueError("a root hash and a frame digest are 32 bytes")
    if not 0 < checkpoint_size < 1 << 64:
        raise ValueError("a checkpoint's size is a positive 64-bit integer")
    return hashlib.sha256(
        SEED_TAG + checkpoint_root + checkpoint_size.to_bytes(8, "big") + digest
    ).digest()


def rank(seed_bytes: bytes, unit_id: uuid.UUID) -> bytes:
    """A unit's place in the draw: ``SHA-256(seed ‖ id)``, the smallest first."""
    return hashlib.sha256(seed_bytes + str(unit_id).encode("ascii")).digest()


def sample_size(rate: Decimal, n: int) -> int:
    """``⌈rate × n⌉`` exactly (a rate in (0, 1]): 30 % of 10 is 3, of 11 is 4."""
    if not Decimal(0) < rate <= Decimal(1):
        raise ValueError("a sampling rate is in (0, 1]")
    if n < 0:
        raise ValueError("a stratum's size is not negative")
    return math.ceil(rate * n)


def strata(units: Iterable[Unit]) -> dict[tuple[str, str], list[Unit]]:
    """The units by stratum (region, outcome), strata in order."""
    grouped: dict[tuple[str, str], list[Unit]] = {}
    for unit in sorted(units, key=lambda u: (u.stratum, str(u.id))):
        grouped.setdefault(unit.stratum, []).append(unit)
    return grouped


def draw(units: Sequence[Unit], rate: Decimal, seed_bytes: bytes) -> list[Unit]:
    """The sample: in each stratum the ``sample_size`` units of smallest rank, listed
    stratum by stratum in rank order."""
    drawn: list[Unit] = []
    for members in strata(units).values():
        ranked = sorted(members, key=lambda unit: (rank(seed_bytes, unit.id), str(unit.id)))
        drawn.extend(ranked[: sample_size(rate, len(members))])
    return drawn


def rate_text(rate: Decimal) -> str:
    """A rate as the frame event and the export write it: two decimals at least
    (``0.30``), more only when it has them (``0.335``)."""
    normalized = rate.normalize()
    exponent = normalized.as_tuple().exponent
    assert isinstance(exponent, int)
    return f"{rate:.2f}" if exponent >= -2 else f"{normalized:f}"


def stratum_counts(units: Iterable[Unit]) -> Mapping[str, int]:
    """How many units each stratum holds, keyed ``<region>/<outcome>`` (the frame event's)."""
    return {
        f"{region}/{outcome}": len(members) for (region, outcome), members in strata(units).items()
    }
