from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DocumentView")


@_attrs_define
class DocumentView:
    """
    Attributes:
        id (str):
        in_force (datetime.date | None):
        issued (datetime.date | None):
        issuer (None | str):
        note (None | str):
        number (None | str): 文号, when the text has one
        seed (None | str): the seed text the document was read from
        title (str):
    """

    id: str
    in_force: datetime.date | None
    issued: datetime.date | None
    issuer: None | str
    note: None | str
    number: None | str
    seed: None | str
    title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        in_force: None | str
        if isinstance(self.in_force, datetime.date):
            in_force = self.in_force.isoformat()
        else:
            in_force = self.in_force

        issued: None | str
        if isinstance(self.issued, datetime.date):
            issued = self.issued.isoformat()
        else:
            issued = self.issued

        issuer: None | str
        issuer = self.issuer

        note: None | str
        note = self.note

        number: None | str
        number = self.number

        seed: None | str
        seed = self.seed

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "in_force": in_force,
                "issued": issued,
                "issuer": issuer,
                "note": note,
                "number": number,
                "seed": seed,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_in_force(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                in_force_type_0 = datetime.date.fromisoformat(data)

                return in_force_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        in_force = _parse_in_force(d.pop("in_force"))

        def _parse_issued(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                issued_type_0 = datetime.date.fromisoformat(data)

                return issued_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        issued = _parse_issued(d.pop("issued"))

        def _parse_issuer(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        issuer = _parse_issuer(d.pop("issuer"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        def _parse_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        number = _parse_number(d.pop("number"))

        def _parse_seed(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        seed = _parse_seed(d.pop("seed"))

        title = d.pop("title")

        document_view = cls(
            id=id,
            in_force=in_force,
            issued=issued,
            issuer=issuer,
            note=note,
            number=number,
            seed=seed,
            title=title,
        )

        document_view.additional_properties = d
        return document_view

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
