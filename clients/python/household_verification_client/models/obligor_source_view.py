from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.obligor_source_view_status import ObligorSourceViewStatus

T = TypeVar("T", bound="ObligorSourceView")


@_attrs_define
class ObligorSourceView:
    """One source's answer about an obligor (its evidence is not shown: the figures are).

    Attributes:
        reason_code (None | str): why not ok: a stable code (null when ok)
        scope (str):
        status (ObligorSourceViewStatus):
    """

    reason_code: None | str
    scope: str
    status: ObligorSourceViewStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reason_code: None | str
        reason_code = self.reason_code

        scope = self.scope

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reason_code": reason_code,
                "scope": scope,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_reason_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason_code = _parse_reason_code(d.pop("reason_code"))

        scope = d.pop("scope")

        status = ObligorSourceViewStatus(d.pop("status"))

        obligor_source_view = cls(
            reason_code=reason_code,
            scope=scope,
            status=status,
        )

        obligor_source_view.additional_properties = d
        return obligor_source_view

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
