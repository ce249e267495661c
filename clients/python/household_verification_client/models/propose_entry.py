from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="ProposeEntry")


@_attrs_define
class ProposeEntry:
    """
    Attributes:
        finding_index (int): the 0-based position, in the latest report's `findings`, of a finding that the household
            declared less income or fewer assets than the sources show
        verification_id (UUID): a completed verification of the calling client, in its regions
    """

    finding_index: int
    verification_id: UUID

    def to_dict(self) -> dict[str, Any]:
        finding_index = self.finding_index

        verification_id = str(self.verification_id)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "finding_index": finding_index,
                "verification_id": verification_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        finding_index = d.pop("finding_index")

        verification_id = UUID(d.pop("verification_id"))

        propose_entry = cls(
            finding_index=finding_index,
            verification_id=verification_id,
        )

        return propose_entry
