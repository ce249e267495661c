from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.public_jwk import PublicJwk


T = TypeVar("T", bound="KeyView")


@_attrs_define
class KeyView:
    """
    Attributes:
        created_at (datetime.datetime):
        issuer (str):
        jwk (PublicJwk):
        kid (str):
        revoked_at (datetime.datetime | None):
        revoked_reason (None | str):
    """

    created_at: datetime.datetime
    issuer: str
    jwk: PublicJwk
    kid: str
    revoked_at: datetime.datetime | None
    revoked_reason: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        issuer = self.issuer

        jwk = self.jwk.to_dict()

        kid = self.kid

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        revoked_reason: None | str
        revoked_reason = self.revoked_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "issuer": issuer,
                "jwk": jwk,
                "kid": kid,
                "revoked_at": revoked_at,
                "revoked_reason": revoked_reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.public_jwk import PublicJwk  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        issuer = d.pop("issuer")

        jwk = PublicJwk.from_dict(d.pop("jwk"))

        kid = d.pop("kid")

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

        def _parse_revoked_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        revoked_reason = _parse_revoked_reason(d.pop("revoked_reason"))

        key_view = cls(
            created_at=created_at,
            issuer=issuer,
            jwk=jwk,
            kid=kid,
            revoked_at=revoked_at,
            revoked_reason=revoked_reason,
        )

        key_view.additional_properties = d
        return key_view

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
