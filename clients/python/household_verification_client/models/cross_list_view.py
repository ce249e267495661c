from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.cross_list_kind import CrossListKind
from ..models.cross_list_view_status import CrossListViewStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="CrossListView")


@_attrs_define
class CrossListView:
    """
    Attributes:
        created_at (datetime.datetime):
        duplicate_count (int): entries repeating an earlier one, kept once
        entry_count (int): distinct people on the list
        id (UUID):
        kind (CrossListKind):
        region_prefix (str):
        status (CrossListViewStatus):
        superseded_at (datetime.datetime | None):
        version (int): 1 for the first upload of (kind, region_prefix); +1 each
        replaces (None | Unset | UUID): the version this upload superseded, if any
    """

    created_at: datetime.datetime
    duplicate_count: int
    entry_count: int
    id: UUID
    kind: CrossListKind
    region_prefix: str
    status: CrossListViewStatus
    superseded_at: datetime.datetime | None
    version: int
    replaces: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        duplicate_count = self.duplicate_count

        entry_count = self.entry_count

        id = str(self.id)

        kind = self.kind.value

        region_prefix = self.region_prefix

        status = self.status.value

        superseded_at: None | str
        if isinstance(self.superseded_at, datetime.datetime):
            superseded_at = self.superseded_at.isoformat()
        else:
            superseded_at = self.superseded_at

        version = self.version

        replaces: None | str | Unset
        if isinstance(self.replaces, Unset):
            replaces = UNSET
        elif isinstance(self.replaces, UUID):
            replaces = str(self.replaces)
        else:
            replaces = self.replaces

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "duplicate_count": duplicate_count,
                "entry_count": entry_count,
                "id": id,
                "kind": kind,
                "region_prefix": region_prefix,
                "status": status,
                "superseded_at": superseded_at,
                "version": version,
            }
        )
        if replaces is not UNSET:
            field_dict["replaces"] = replaces

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        duplicate_count = d.pop("duplicate_count")

        entry_count = d.pop("entry_count")

        id = UUID(d.pop("id"))

        kind = CrossListKind(d.pop("kind"))

        region_prefix = d.pop("region_prefix")

        status = CrossListViewStatus(d.pop("status"))

        def _parse_superseded_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                superseded_at_type_0 = datetime.datetime.fromisoformat(data)

                return superseded_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        superseded_at = _parse_superseded_at(d.pop("superseded_at"))

        version = d.pop("version")

        def _parse_replaces(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                replaces_type_0 = UUID(data)

                return replaces_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        replaces = _parse_replaces(d.pop("replaces", UNSET))

        cross_list_view = cls(
            created_at=created_at,
            duplicate_count=duplicate_count,
            entry_count=entry_count,
            id=id,
            kind=kind,
            region_prefix=region_prefix,
            status=status,
            superseded_at=superseded_at,
            version=version,
            replaces=replaces,
        )

        cross_list_view.additional_properties = d
        return cross_list_view

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
