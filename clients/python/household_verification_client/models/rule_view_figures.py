from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RuleViewFigures")


@_attrs_define
class RuleViewFigures:
    """the figures the rule compared (decimal strings): every figure of its rule is present, null when the rule could not
    state it (not assessable); rules without figures have none. `income_below_standard`: `per_capita_monthly`,
    `standard_monthly`; `financial_assets_within_limit`: `total`, `limit`; `no_non_exempt_vehicle`: `count`;
    `housing_within_limit`: `residences`, `max_residences`, `commercial`; `no_operating_company`: `count`;
    `obligor_support_assessed`: `support_monthly`

    """

    additional_properties: dict[str, None | str] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rule_view_figures = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(data: object) -> None | str:
                if data is None:
                    return data
                return cast(None | str, data)

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        rule_view_figures.additional_properties = additional_properties
        return rule_view_figures

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> None | str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: None | str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
