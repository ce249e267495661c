from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RefusalCutView")


@_attrs_define
class RefusalCutView:
    """
    Attributes:
        consecutive_unjustified (int):
        cut_monthly (None | str): withheld from that share; null: the extent is left to local government and no layer
            set it (`work_refusal.cut_fraction`)
        member_index (int):
        share_monthly (str): the member's own share before the cut
    """

    consecutive_unjustified: int
    cut_monthly: None | str
    member_index: int
    share_monthly: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        consecutive_unjustified = self.consecutive_unjustified

        cut_monthly: None | str
        cut_monthly = self.cut_monthly

        member_index = self.member_index

        share_monthly = self.share_monthly

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "consecutive_unjustified": consecutive_unjustified,
                "cut_monthly": cut_monthly,
                "member_index": member_index,
                "share_monthly": share_monthly,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        consecutive_unjustified = d.pop("consecutive_unjustified")

        def _parse_cut_monthly(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cut_monthly = _parse_cut_monthly(d.pop("cut_monthly"))

        member_index = d.pop("member_index")

        share_monthly = d.pop("share_monthly")

        refusal_cut_view = cls(
            consecutive_unjustified=consecutive_unjustified,
            cut_monthly=cut_monthly,
            member_index=member_index,
            share_monthly=share_monthly,
        )

        refusal_cut_view.additional_properties = d
        return refusal_cut_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
