from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.cross_list_kind import CrossListKind

T = TypeVar("T", bound="UploadCrossList")


@_attrs_define
class UploadCrossList:
    """
    Attributes:
        id_numbers (list[str]): the people on the list, one ID number an entry (GB 11643). Turned into blind indexes at
            once and never stored, logged or echoed; an invalid entry refuses the upload, named by its position (from 1),
            not its value
        kind (CrossListKind):
        region_prefix (str): the region-code prefix the list covers; one of the client's regions
    """

    id_numbers: list[str]
    kind: CrossListKind
    region_prefix: str

    def to_dict(self) -> dict[str, Any]:
        id_numbers = self.id_numbers

        kind = self.kind.value

        region_prefix = self.region_prefix

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id_numbers": id_numbers,
                "kind": kind,
                "region_prefix": region_prefix,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id_numbers = cast(list[str], d.pop("id_numbers"))

        kind = CrossListKind(d.pop("kind"))

        region_prefix = d.pop("region_prefix")

        upload_cross_list = cls(
            id_numbers=id_numbers,
            kind=kind,
            region_prefix=region_prefix,
        )

        return upload_cross_list
