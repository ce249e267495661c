from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.business_view import BusinessView
    from ..models.financial_item_view import FinancialItemView
    from ..models.property_view import PropertyView
    from ..models.vehicle_view import VehicleView


T = TypeVar("T", bound="AssetsView")


@_attrs_define
class AssetsView:
    """
    Attributes:
        financial (list[FinancialItemView]):
        financial_limit (str):
        financial_total (str):
        properties (list[PropertyView]):
        vehicles (list[VehicleView]):
        businesses (list[BusinessView] | Unset): 个体工商户 and companies a member operates, represents or holds
    """

    financial: list[FinancialItemView]
    financial_limit: str
    financial_total: str
    properties: list[PropertyView]
    vehicles: list[VehicleView]
    businesses: list[BusinessView] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        financial = []
        for financial_item_data in self.financial:
            financial_item = financial_item_data.to_dict()
            financial.append(financial_item)

        financial_limit = self.financial_limit

        financial_total = self.financial_total

        properties = []
        for properties_item_data in self.properties:
            properties_item = properties_item_data.to_dict()
            properties.append(properties_item)

        vehicles = []
        for vehicles_item_data in self.vehicles:
            vehicles_item = vehicles_item_data.to_dict()
            vehicles.append(vehicles_item)

        businesses: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.businesses, Unset):
            businesses = []
            for businesses_item_data in self.businesses:
                businesses_item = businesses_item_data.to_dict()
                businesses.append(businesses_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "financial": financial,
                "financial_limit": financial_limit,
                "financial_total": financial_total,
                "properties": properties,
                "vehicles": vehicles,
            }
        )
        if businesses is not UNSET:
            field_dict["businesses"] = businesses

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.business_view import BusinessView  # noqa: PLC0415
        from ..models.financial_item_view import FinancialItemView  # noqa: PLC0415
        from ..models.property_view import PropertyView  # noqa: PLC0415
        from ..models.vehicle_view import VehicleView  # noqa: PLC0415

        d = dict(src_dict)
        financial = []
        _financial = d.pop("financial")
        for financial_item_data in _financial:
            financial_item = FinancialItemView.from_dict(financial_item_data)

            financial.append(financial_item)

        financial_limit = d.pop("financial_limit")

        financial_total = d.pop("financial_total")

        properties = []
        _properties = d.pop("properties")
        for properties_item_data in _properties:
            properties_item = PropertyView.from_dict(properties_item_data)

            properties.append(properties_item)

        vehicles = []
        _vehicles = d.pop("vehicles")
        for vehicles_item_data in _vehicles:
            vehicles_item = VehicleView.from_dict(vehicles_item_data)

            vehicles.append(vehicles_item)

        _businesses = d.pop("businesses", UNSET)
        businesses: list[BusinessView] | Unset = UNSET
        if _businesses is not UNSET:
            businesses = []
            for businesses_item_data in _businesses:
                businesses_item = BusinessView.from_dict(businesses_item_data)

                businesses.append(businesses_item)

        assets_view = cls(
            financial=financial,
            financial_limit=financial_limit,
            financial_total=financial_total,
            properties=properties,
            vehicles=vehicles,
            businesses=businesses,
        )

        assets_view.additional_properties = d
        return assets_view

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
