from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.create_verification_scopes_type_0_item import CreateVerificationScopesType0Item
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.declaration import Declaration
    from ..models.obligor_entry import ObligorEntry


T = TypeVar("T", bound="CreateVerification")


@_attrs_define
class CreateVerification:
    """
    Attributes:
        authorization (str): the signed 授权核对委托书: a JWS in compact serialization (header.payload.signature, base64url),
            EdDSA (Ed25519) with a `kid`; one of another shape is refused as `400 malformed-authorization`. Its header and
            payload: the JSON Schema in `externalDocs` (openapi/authorization.schema.json)
        accepted_on (datetime.date | None | Unset): the day the township accepted (受理) the application, a Beijing date
            no later than the day this request is received (`422 accepted-on-in-future`); the report's deadlines run from
            it. Default: the business date the request is received
        declaration (Declaration | None | Unset):
        obligors (list[ObligorEntry] | Unset): support obligors outside the household (parents, adult children, a spouse
            living apart, …), each with their own consent: queried through the same sources; the support their ability
            counts for is the household's income, and the report shows them in `obligors`, never as members
        scopes (list[CreateVerificationScopesType0Item] | None | Unset): sources to query; default: every scope the
            authorization grants
    """

    authorization: str
    accepted_on: datetime.date | None | Unset = UNSET
    declaration: Declaration | None | Unset = UNSET
    obligors: list[ObligorEntry] | Unset = UNSET
    scopes: list[CreateVerificationScopesType0Item] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.declaration import Declaration  # noqa: PLC0415

        authorization = self.authorization

        accepted_on: None | str | Unset
        if isinstance(self.accepted_on, Unset):
            accepted_on = UNSET
        elif isinstance(self.accepted_on, datetime.date):
            accepted_on = self.accepted_on.isoformat()
        else:
            accepted_on = self.accepted_on

        declaration: dict[str, Any] | None | Unset
        if isinstance(self.declaration, Unset):
            declaration = UNSET
        elif isinstance(self.declaration, Declaration):
            declaration = self.declaration.to_dict()
        else:
            declaration = self.declaration

        obligors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.obligors, Unset):
            obligors = []
            for obligors_item_data in self.obligors:
                obligors_item = obligors_item_data.to_dict()
                obligors.append(obligors_item)

        scopes: list[str] | None | Unset
        if isinstance(self.scopes, Unset):
            scopes = UNSET
        elif isinstance(self.scopes, list):
            scopes = []
            for scopes_type_0_item_data in self.scopes:
                scopes_type_0_item = scopes_type_0_item_data.value
                scopes.append(scopes_type_0_item)

        else:
            scopes = self.scopes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "authorization": authorization,
            }
        )
        if accepted_on is not UNSET:
            field_dict["accepted_on"] = accepted_on
        if declaration is not UNSET:
            field_dict["declaration"] = declaration
        if obligors is not UNSET:
            field_dict["obligors"] = obligors
        if scopes is not UNSET:
            field_dict["scopes"] = scopes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.declaration import Declaration  # noqa: PLC0415
        from ..models.obligor_entry import ObligorEntry  # noqa: PLC0415

        d = dict(src_dict)
        authorization = d.pop("authorization")

        def _parse_accepted_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_on_type_0 = datetime.date.fromisoformat(data)

                return accepted_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        accepted_on = _parse_accepted_on(d.pop("accepted_on", UNSET))

        def _parse_declaration(data: object) -> Declaration | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                declaration_type_0 = Declaration.from_dict(data)

                return declaration_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Declaration | None | Unset, data)

        declaration = _parse_declaration(d.pop("declaration", UNSET))

        _obligors = d.pop("obligors", UNSET)
        obligors: list[ObligorEntry] | Unset = UNSET
        if _obligors is not UNSET:
            obligors = []
            for obligors_item_data in _obligors:
                obligors_item = ObligorEntry.from_dict(obligors_item_data)

                obligors.append(obligors_item)

        def _parse_scopes(data: object) -> list[CreateVerificationScopesType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                scopes_type_0 = []
                _scopes_type_0 = data
                for scopes_type_0_item_data in _scopes_type_0:
                    scopes_type_0_item = CreateVerificationScopesType0Item(scopes_type_0_item_data)

                    scopes_type_0.append(scopes_type_0_item)

                return scopes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[CreateVerificationScopesType0Item] | None | Unset, data)

        scopes = _parse_scopes(d.pop("scopes", UNSET))

        create_verification = cls(
            authorization=authorization,
            accepted_on=accepted_on,
            declaration=declaration,
            obligors=obligors,
            scopes=scopes,
        )

        return create_verification
