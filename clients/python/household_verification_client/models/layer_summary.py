from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.document_view import DocumentView


T = TypeVar("T", bound="LayerSummary")


@_attrs_define
class LayerSummary:
    """
    Attributes:
        documents (list[DocumentView]): the texts its entries cite
        extends (None | str): the layer of the enclosing region
        file (str):
        id (str): `cn` (national), `gx`, `gx-nanning`, …
        level (str): national | province | city | county
        name (str):
        parameters (list[str]): the parameters this layer states
        region_prefix (str): the region-code prefix it covers; empty: national
    """

    documents: list[DocumentView]
    extends: None | str
    file: str
    id: str
    level: str
    name: str
    parameters: list[str]
    region_prefix: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        documents = []
        for documents_item_data in self.documents:
            documents_item = documents_item_data.to_dict()
            documents.append(documents_item)

        extends: None | str
        extends = self.extends

        file = self.file

        id = self.id

        level = self.level

        name = self.name

        parameters = self.parameters

        region_prefix = self.region_prefix

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "documents": documents,
                "extends": extends,
                "file": file,
                "id": id,
                "level": level,
                "name": name,
                "parameters": parameters,
                "region_prefix": region_prefix,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.document_view import DocumentView  # noqa: PLC0415

        d = dict(src_dict)
        documents = []
        _documents = d.pop("documents")
        for documents_item_data in _documents:
            documents_item = DocumentView.from_dict(documents_item_data)

            documents.append(documents_item)

        def _parse_extends(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        extends = _parse_extends(d.pop("extends"))

        file = d.pop("file")

        id = d.pop("id")

        level = d.pop("level")

        name = d.pop("name")

        parameters = cast(list[str], d.pop("parameters"))

        region_prefix = d.pop("region_prefix")

        layer_summary = cls(
            documents=documents,
            extends=extends,
            file=file,
            id=id,
            level=level,
            name=name,
            parameters=parameters,
            region_prefix=region_prefix,
        )

        layer_summary.additional_properties = d
        return layer_summary

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
