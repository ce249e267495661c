from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.environment import Environment
from ..models.role import Role

T = TypeVar("T", bound="ClientView")


@_attrs_define
class ClientView:
    """
    Attributes:
        created_at (datetime.datetime):
        environment (Environment): Where a client's work goes: the real agencies, or the sandbox ones.
        id (UUID):
        issuers (list[str]):
        name (str):
        region_prefixes (list[str]):
        revoked_at (datetime.datetime | None):
        role (Role):
    """

    created_at: datetime.datetime
    environment: Environment
    id: UUID
    issuers: list[str]
    name: str
    region_prefixes: list[str]
    revoked_at: datetime.datetime | None
    role: Role
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        environment = self.environment.value

        id = str(self.id)

        issuers = self.issuers

        name = self.name

        region_prefixes = self.region_prefixes

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        role = self.role.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "environment": environment,
                "id": id,
                "issuers": issuers,
                "name": name,
                "region_prefixes": region_prefixes,
                "revoked_at": revoked_at,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        environment = Environment(d.pop("environment"))

        id = UUID(d.pop("id"))

        issuers = cast(list[str], d.pop("issuers"))

        name = d.pop("name")

        region_prefixes = cast(list[str], d.pop("region_prefixes"))

        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))

        role = Role(d.pop("role"))

        client_view = cls(
            created_at=created_at,
            environment=environment,
            id=id,
            issuers=issuers,
            name=name,
            region_prefixes=region_prefixes,
            revoked_at=revoked_at,
            role=role,
        )

        client_view.additional_properties = d
        return client_view

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
