from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.evidence_item_kind import EvidenceItemKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="EvidenceItem")


@_attrs_define
class EvidenceItem:
    """One item of the household's new evidence: a structured description (no file).

    Attributes:
        description (str): what it shows (kept encrypted)
        kind (EvidenceItemKind):
        amount (None | str | Unset): a figure it states (yuan)
        dated (datetime.date | None | Unset): the day the evidence is dated
        member_index (int | None | Unset): whom it concerns
    """

    description: str
    kind: EvidenceItemKind
    amount: None | str | Unset = UNSET
    dated: datetime.date | None | Unset = UNSET
    member_index: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        kind = self.kind.value

        amount: None | str | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        else:
            amount = self.amount

        dated: None | str | Unset
        if isinstance(self.dated, Unset):
            dated = UNSET
        elif isinstance(self.dated, datetime.date):
            dated = self.dated.isoformat()
        else:
            dated = self.dated

        member_index: int | None | Unset
        if isinstance(self.member_index, Unset):
            member_index = UNSET
        else:
            member_index = self.member_index

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "description": description,
                "kind": kind,
            }
        )
        if amount is not UNSET:
            field_dict["amount"] = amount
        if dated is not UNSET:
            field_dict["dated"] = dated
        if member_index is not UNSET:
            field_dict["member_index"] = member_index

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("description")

        kind = EvidenceItemKind(d.pop("kind"))

        def _parse_amount(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))

        def _parse_dated(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                dated_type_0 = datetime.date.fromisoformat(data)

                return dated_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        dated = _parse_dated(d.pop("dated", UNSET))

        def _parse_member_index(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        member_index = _parse_member_index(d.pop("member_index", UNSET))

        evidence_item = cls(
            description=description,
            kind=kind,
            amount=amount,
            dated=dated,
            member_index=member_index,
        )

        return evidence_item
