from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.layer_view import LayerView
    from ..models.parameter_view import ParameterView


T = TypeVar("T", bound="EffectivePolicyView")


@_attrs_define
class EffectivePolicyView:
    """Every registered parameter's effective state for a region on a date.

    Attributes:
        layers (list[LayerView]): the layers that apply, most specific first
        on (datetime.date):
        parameters (list[ParameterView]):
        region (str):
    """

    layers: list[LayerView]
    on: datetime.date
    parameters: list[ParameterView]
    region: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        layers = []
        for layers_item_data in self.layers:
            layers_item = layers_item_data.to_dict()
            layers.append(layers_item)

        on = self.on.isoformat()

        parameters = []
        for parameters_item_data in self.parameters:
            parameters_item = parameters_item_data.to_dict()
            parameters.append(parameters_item)

        region = self.region

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "layers": layers,
                "on": on,
                "parameters": parameters,
                "region": region,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.layer_view import LayerView  # noqa: PLC0415
        from ..models.parameter_view import ParameterView  # noqa: PLC0415

        d = dict(src_dict)
        layers = []
        _layers = d.pop("layers")
        for layers_item_data in _layers:
            layers_item = LayerView.from_dict(layers_item_data)

            layers.append(layers_item)

        on = datetime.date.fromisoformat(d.pop("on"))

        parameters = []
        _parameters = d.pop("parameters")
        for parameters_item_data in _parameters:
            parameters_item = ParameterView.from_dict(parameters_item_data)

            parameters.append(parameters_item)

        region = d.pop("region")

        effective_policy_view = cls(
            layers=layers,
            on=on,
            parameters=parameters,
            region=region,
        )

        effective_policy_view.additional_properties = d
        return effective_policy_view

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
