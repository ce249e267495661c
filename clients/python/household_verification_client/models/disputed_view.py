from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DisputedView")


@_attrs_define
class DisputedView:
    """What an appeal disputes (every list, empty when it names none of that kind).

    Attributes:
        figures (list[str]):
        findings (list[str]):
        scopes (list[str]):
    """

    figures: list[str]
    findings: list[str]
    scopes: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        figures = self.figures

        findings = self.findings

        scopes = self.scopes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "figures": figures,
                "findings": findings,
                "scopes": scopes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        figures = cast(list[str], d.pop("figures"))

        findings = cast(list[str], d.pop("findings"))

        scopes = cast(list[str], d.pop("scopes"))

        disputed_view = cls(
            figures=figures,
            findings=findings,
            scopes=scopes,
        )

        disputed_view.additional_properties = d
        return disputed_view

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
