from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.register_key_jwk import RegisterKeyJwk


T = TypeVar("T", bound="RegisterKey")


@_attrs_define
class RegisterKey:
    """
    Attributes:
        jwk (RegisterKeyJwk): the public Ed25519 key: {"kty": "OKP", "crv": "Ed25519", "x": "…"}; a JWK with a private
            part is refused
        kid (str):
        issuer_name (None | str | Unset): required when the issuer is new; ignored otherwise
    """

    jwk: RegisterKeyJwk
    kid: str
    issuer_name: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        jwk = self.jwk.to_dict()

        kid = self.kid

        issuer_name: None | str | Unset
        if isinstance(self.issuer_name, Unset):
            issuer_name = UNSET
        else:
            issuer_name = self.issuer_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "jwk": jwk,
                "kid": kid,
            }
        )
        if issuer_name is not UNSET:
            field_dict["issuer_name"] = issuer_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.register_key_jwk import RegisterKeyJwk  # noqa: PLC0415

        d = dict(src_dict)
        jwk = RegisterKeyJwk.from_dict(d.pop("jwk"))

        kid = d.pop("kid")

        def _parse_issuer_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        issuer_name = _parse_issuer_name(d.pop("issuer_name", UNSET))

        register_key = cls(
            jwk=jwk,
            kid=kid,
            issuer_name=issuer_name,
        )

        return register_key
