from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.environment import Environment
from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateClient")


@_attrs_define
class CreateClient:
    """
    Attributes:
        name (str):
        role (Role):
        environment (Environment | Unset): Where a client's work goes: the real agencies, or the sandbox ones.
        issuers (list[str] | Unset): issuer codes the client may submit authorizations of; "*" = any
        region_prefixes (list[str] | Unset): administrative-division code prefixes (2 to 6 digits)
    """

    name: str
    role: Role
    environment: Environment | Unset = UNSET
    issuers: list[str] | Unset = UNSET
    region_prefixes: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        role = self.role.value

        environment: str | Unset = UNSET
        if not isinstance(self.environment, Unset):
            environment = self.environment.value

        issuers: list[str] | Unset = UNSET
        if not isinstance(self.issuers, Unset):
            issuers = self.issuers

        region_prefixes: list[str] | Unset = UNSET
        if not isinstance(self.region_prefixes, Unset):
            region_prefixes = self.region_prefixes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "role": role,
            }
        )
        if environment is not UNSET:
            field_dict["environment"] = environment
        if issuers is not UNSET:
            field_dict["issuers"] = issuers
        if region_prefixes is not UNSET:
            field_dict["region_prefixes"] = region_prefixes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        role = Role(d.pop("role"))

        _environment = d.pop("environment", UNSET)
        environment: Environment | Unset
        if isinstance(_environment, Unset):
            environment = UNSET
        else:
            environment = Environment(_environment)

        issuers = cast(list[str], d.pop("issuers", UNSET))

        region_prefixes = cast(list[str], d.pop("region_prefixes", UNSET))

        create_client = cls(
            name=name,
            role=role,
            environment=environment,
            issuers=issuers,
            region_prefixes=region_prefixes,
        )

        return create_client
