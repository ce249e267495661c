from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.what_if_household import WhatIfHousehold
    from ..models.what_if_totals import WhatIfTotals


T = TypeVar("T", bound="WhatIfResult")


@_attrs_define
class WhatIfResult:
    """
    Attributes:
        draft_layer (str): the id of the draft's layer
        households (list[WhatIfHousehold]): every household replayed, changed or not, by id
        on (datetime.date):
        region (str):
        totals (WhatIfTotals):
    """

    draft_layer: str
    households: list[WhatIfHousehold]
    on: datetime.date
    region: str
    totals: WhatIfTotals
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        draft_layer = self.draft_layer

        households = []
        for households_item_data in self.households:
            households_item = households_item_data.to_dict()
            households.append(households_item)

        on = self.on.isoformat()

        region = self.region

        totals = self.totals.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "draft_layer": draft_layer,
                "households": households,
                "on": on,
                "region": region,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.what_if_household import WhatIfHousehold  # noqa: PLC0415
        from ..models.what_if_totals import WhatIfTotals  # noqa: PLC0415

        d = dict(src_dict)
        draft_layer = d.pop("draft_layer")

        households = []
        _households = d.pop("households")
        for households_item_data in _households:
            households_item = WhatIfHousehold.from_dict(households_item_data)

            households.append(households_item)

        on = datetime.date.fromisoformat(d.pop("on"))

        region = d.pop("region")

        totals = WhatIfTotals.from_dict(d.pop("totals"))

        what_if_result = cls(
            draft_layer=draft_layer,
            households=households,
            on=on,
            region=region,
            totals=totals,
        )

        what_if_result.additional_properties = d
        return what_if_result

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
