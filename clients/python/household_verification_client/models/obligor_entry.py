from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ObligorEntry")


@_attrs_define
class ObligorEntry:
    """A support obligor outside the household (赡养、抚养、扶养义务人): their own signed
    consent, and what they declare of their own household.

        Attributes:
            authorization (str): the obligor's own consent (义务人授权核对同意书): a JWS like the household's authorization, whose
                payload has `kind` `obligor_consent`, the obligor (`id_number`, `name`, `relation`, `consented`), the `scopes`
                they allow and `supports_authorization_id`, the household's `authorization_id` (docs/integrators/signing-
                authorizations.md, "Support obligors")
            household_size (int | Unset): the obligor's own household (spouse and dependants included), as declared: the
                income line of their ability to support is multiplied by it Default: 1.
    """

    authorization: str
    household_size: int | Unset = 1

    def to_dict(self) -> dict[str, Any]:
        authorization = self.authorization

        household_size = self.household_size

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "authorization": authorization,
            }
        )
        if household_size is not UNSET:
            field_dict["household_size"] = household_size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        authorization = d.pop("authorization")

        household_size = d.pop("household_size", UNSET)

        obligor_entry = cls(
            authorization=authorization,
            household_size=household_size,
        )

        return obligor_entry
