from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.status import Status

if TYPE_CHECKING:
    from ..models.entry_view import EntryView
    from ..models.parameter_view_value_type_4_item import ParameterViewValueType4Item


T = TypeVar("T", bound="ParameterView")


@_attrs_define
class ParameterView:
    """
    Attributes:
        after_lapse (EntryView | None): a more specific layer's value that ended before this one took over
        exceeds (EntryView | None): for a ceiling (deadline, period): the less specific value it is above
        key (str):
        kind (str): yuan (money: a decimal string) | ratio | fraction (decimal strings) | count | flag | choice |
            choices | texts | tiers
        label (str): the parameter's Chinese name
        lapsed_on (datetime.date | None): the last day of a lapsed value
        overrides (list[EntryView]): less specific layers' entries it displaced
        rules (list[int]): the national rules it encodes (docs/national-rules.md)
        source (EntryView | None): the entry that decides (for `lapsed`: the one that ended)
        status (Status):
        value (bool | int | list[ParameterViewValueType4Item] | list[str] | None | str): the value in force; null unless
            `status` is in_force
    """

    after_lapse: EntryView | None
    exceeds: EntryView | None
    key: str
    kind: str
    label: str
    lapsed_on: datetime.date | None
    overrides: list[EntryView]
    rules: list[int]
    source: EntryView | None
    status: Status
    value: bool | int | list[ParameterViewValueType4Item] | list[str] | None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.entry_view import EntryView  # noqa: PLC0415

        after_lapse: dict[str, Any] | None
        if isinstance(self.after_lapse, EntryView):
            after_lapse = self.after_lapse.to_dict()
        else:
            after_lapse = self.after_lapse

        exceeds: dict[str, Any] | None
        if isinstance(self.exceeds, EntryView):
            exceeds = self.exceeds.to_dict()
        else:
            exceeds = self.exceeds

        key = self.key

        kind = self.kind

        label = self.label

        lapsed_on: None | str
        if isinstance(self.lapsed_on, datetime.date):
            lapsed_on = self.lapsed_on.isoformat()
        else:
            lapsed_on = self.lapsed_on

        overrides = []
        for overrides_item_data in self.overrides:
            overrides_item = overrides_item_data.to_dict()
            overrides.append(overrides_item)

        rules = self.rules

        source: dict[str, Any] | None
        if isinstance(self.source, EntryView):
            source = self.source.to_dict()
        else:
            source = self.source

        status = self.status.value

        value: bool | int | list[dict[str, Any]] | list[str] | None | str
        if isinstance(self.value, list):
            value = self.value

        elif isinstance(self.value, list):
            value = []
            for value_type_4_item_data in self.value:
                value_type_4_item = value_type_4_item_data.to_dict()
                value.append(value_type_4_item)

        else:
            value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "after_lapse": after_lapse,
                "exceeds": exceeds,
                "key": key,
                "kind": kind,
                "label": label,
                "lapsed_on": lapsed_on,
                "overrides": overrides,
                "rules": rules,
                "source": source,
                "status": status,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.entry_view import EntryView  # noqa: PLC0415
        from ..models.parameter_view_value_type_4_item import ParameterViewValueType4Item  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_after_lapse(data: object) -> EntryView | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                after_lapse_type_0 = EntryView.from_dict(data)

                return after_lapse_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntryView | None, data)

        after_lapse = _parse_after_lapse(d.pop("after_lapse"))

        def _parse_exceeds(data: object) -> EntryView | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                exceeds_type_0 = EntryView.from_dict(data)

                return exceeds_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntryView | None, data)

        exceeds = _parse_exceeds(d.pop("exceeds"))

        key = d.pop("key")

        kind = d.pop("kind")

        label = d.pop("label")

        def _parse_lapsed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                lapsed_on_type_0 = datetime.date.fromisoformat(data)

                return lapsed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        lapsed_on = _parse_lapsed_on(d.pop("lapsed_on"))

        overrides = []
        _overrides = d.pop("overrides")
        for overrides_item_data in _overrides:
            overrides_item = EntryView.from_dict(overrides_item_data)

            overrides.append(overrides_item)

        rules = cast(list[int], d.pop("rules"))

        def _parse_source(data: object) -> EntryView | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0 = EntryView.from_dict(data)

                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntryView | None, data)

        source = _parse_source(d.pop("source"))

        status = Status(d.pop("status"))

        def _parse_value(data: object) -> bool | int | list[ParameterViewValueType4Item] | list[str] | None | str:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                value_type_3 = cast(list[str], data)

                return value_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                value_type_4 = []
                _value_type_4 = data
                for value_type_4_item_data in _value_type_4:
                    value_type_4_item = ParameterViewValueType4Item.from_dict(value_type_4_item_data)

                    value_type_4.append(value_type_4_item)

                return value_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | int | list[ParameterViewValueType4Item] | list[str] | None | str, data)

        value = _parse_value(d.pop("value"))

        parameter_view = cls(
            after_lapse=after_lapse,
            exceeds=exceeds,
            key=key,
            kind=kind,
            label=label,
            lapsed_on=lapsed_on,
            overrides=overrides,
            rules=rules,
            source=source,
            status=status,
            value=value,
        )

        parameter_view.additional_properties = d
        return parameter_view

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
