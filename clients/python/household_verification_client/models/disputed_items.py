from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.disputed_items_scopes_item import DisputedItemsScopesItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="DisputedItems")


@_attrs_define
class DisputedItems:
    """What the household disputes, as items of the appealed report: at least one.

    Attributes:
        figures (list[str] | Unset): names of figures of the report's `rules[].figures`
        findings (list[str] | Unset): codes of the report's `findings`
        scopes (list[DisputedItemsScopesItem] | Unset): sources whose answers are disputed
    """

    figures: list[str] | Unset = UNSET
    findings: list[str] | Unset = UNSET
    scopes: list[DisputedItemsScopesItem] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        figures: list[str] | Unset = UNSET
        if not isinstance(self.figures, Unset):
            figures = self.figures

        findings: list[str] | Unset = UNSET
        if not isinstance(self.findings, Unset):
            findings = self.findings

        scopes: list[str] | Unset = UNSET
        if not isinstance(self.scopes, Unset):
            scopes = []
            for scopes_item_data in self.scopes:
                scopes_item = scopes_item_data.value
                scopes.append(scopes_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if figures is not UNSET:
            field_dict["figures"] = figures
        if findings is not UNSET:
            field_dict["findings"] = findings
        if scopes is not UNSET:
            field_dict["scopes"] = scopes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        figures = cast(list[str], d.pop("figures", UNSET))

        findings = cast(list[str], d.pop("findings", UNSET))

        _scopes = d.pop("scopes", UNSET)
        scopes: list[DisputedItemsScopesItem] | Unset = UNSET
        if _scopes is not UNSET:
            scopes = []
            for scopes_item_data in _scopes:
                scopes_item = DisputedItemsScopesItem(scopes_item_data)

                scopes.append(scopes_item)

        disputed_items = cls(
            figures=figures,
            findings=findings,
            scopes=scopes,
        )

        return disputed_items
