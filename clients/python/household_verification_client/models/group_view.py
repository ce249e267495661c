from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cell_view import CellView
    from ..models.measure_view import MeasureView


T = TypeVar("T", bound="GroupView")


@_attrs_define
class GroupView:
    """
    Attributes:
        cells (list[CellView]):
        key (str): the group (`application`, a source's scope, …)
        label (str):
        total (CellView | None): the cells' total, when they are the parts of one whole
        measures (list[MeasureView] | Unset):
    """

    cells: list[CellView]
    key: str
    label: str
    total: CellView | None
    measures: list[MeasureView] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.cell_view import CellView  # noqa: PLC0415

        cells = []
        for cells_item_data in self.cells:
            cells_item = cells_item_data.to_dict()
            cells.append(cells_item)

        key = self.key

        label = self.label

        total: dict[str, Any] | None
        if isinstance(self.total, CellView):
            total = self.total.to_dict()
        else:
            total = self.total

        measures: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.measures, Unset):
            measures = []
            for measures_item_data in self.measures:
                measures_item = measures_item_data.to_dict()
                measures.append(measures_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cells": cells,
                "key": key,
                "label": label,
                "total": total,
            }
        )
        if measures is not UNSET:
            field_dict["measures"] = measures

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cell_view import CellView  # noqa: PLC0415
        from ..models.measure_view import MeasureView  # noqa: PLC0415

        d = dict(src_dict)
        cells = []
        _cells = d.pop("cells")
        for cells_item_data in _cells:
            cells_item = CellView.from_dict(cells_item_data)

            cells.append(cells_item)

        key = d.pop("key")

        label = d.pop("label")

        def _parse_total(data: object) -> CellView | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                total_type_0 = CellView.from_dict(data)

                return total_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CellView | None, data)

        total = _parse_total(d.pop("total"))

        _measures = d.pop("measures", UNSET)
        measures: list[MeasureView] | Unset = UNSET
        if _measures is not UNSET:
            measures = []
            for measures_item_data in _measures:
                measures_item = MeasureView.from_dict(measures_item_data)

                measures.append(measures_item)

        group_view = cls(
            cells=cells,
            key=key,
            label=label,
            total=total,
            measures=measures,
        )

        group_view.additional_properties = d
        return group_view

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
