from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Stratum")


@_attrs_define
class Stratum:
    """
    Attributes:
        drawn (int):
        frame (int):
        outcome (str):
        region_code (str):
        visited (int):
    """

    drawn: int
    frame: int
    outcome: str
    region_code: str
    visited: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        drawn = self.drawn

        frame = self.frame

        outcome = self.outcome

        region_code = self.region_code

        visited = self.visited

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "drawn": drawn,
                "frame": frame,
                "outcome": outcome,
                "region_code": region_code,
                "visited": visited,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        drawn = d.pop("drawn")

        frame = d.pop("frame")

        outcome = d.pop("outcome")

        region_code = d.pop("region_code")

        visited = d.pop("visited")

        stratum = cls(
            drawn=drawn,
            frame=frame,
            outcome=outcome,
            region_code=region_code,
            visited=visited,
        )

        stratum.additional_properties = d
        return stratum

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
