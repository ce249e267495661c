from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.consent_use_record_status import ConsentUseRecordStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.revocation_view import RevocationView
    from ..models.use_view import UseView


T = TypeVar("T", bound="ConsentUseRecord")


@_attrs_define
class ConsentUseRecord:
    """Every use of one authorization, from the audit log; no data values.

    Attributes:
        authorization_id (str): in full for the case system, masked for a family
        expires_at (datetime.datetime):
        not_before (datetime.datetime):
        purpose (str):
        purpose_text (str):
        region_code (str):
        status (ConsentUseRecordStatus):
        status_text (str):
        uses (list[UseView]):
        valid_from (datetime.date): the first day it is valid (Beijing date)
        valid_until (datetime.date): the last day it is valid (Beijing date)
        revocation (None | RevocationView | Unset):
    """

    authorization_id: str
    expires_at: datetime.datetime
    not_before: datetime.datetime
    purpose: str
    purpose_text: str
    region_code: str
    status: ConsentUseRecordStatus
    status_text: str
    uses: list[UseView]
    valid_from: datetime.date
    valid_until: datetime.date
    revocation: None | RevocationView | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.revocation_view import RevocationView  # noqa: PLC0415

        authorization_id = self.authorization_id

        expires_at = self.expires_at.isoformat()

        not_before = self.not_before.isoformat()

        purpose = self.purpose

        purpose_text = self.purpose_text

        region_code = self.region_code

        status = self.status.value

        status_text = self.status_text

        uses = []
        for uses_item_data in self.uses:
            uses_item = uses_item_data.to_dict()
            uses.append(uses_item)

        valid_from = self.valid_from.isoformat()

        valid_until = self.valid_until.isoformat()

        revocation: dict[str, Any] | None | Unset
        if isinstance(self.revocation, Unset):
            revocation = UNSET
        elif isinstance(self.revocation, RevocationView):
            revocation = self.revocation.to_dict()
        else:
            revocation = self.revocation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "authorization_id": authorization_id,
                "expires_at": expires_at,
                "not_before": not_before,
                "purpose": purpose,
                "purpose_text": purpose_text,
                "region_code": region_code,
                "status": status,
                "status_text": status_text,
                "uses": uses,
                "valid_from": valid_from,
                "valid_until": valid_until,
            }
        )
        if revocation is not UNSET:
            field_dict["revocation"] = revocation

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.revocation_view import RevocationView  # noqa: PLC0415
        from ..models.use_view import UseView  # noqa: PLC0415

        d = dict(src_dict)
        authorization_id = d.pop("authorization_id")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        not_before = datetime.datetime.fromisoformat(d.pop("not_before"))

        purpose = d.pop("purpose")

        purpose_text = d.pop("purpose_text")

        region_code = d.pop("region_code")

        status = ConsentUseRecordStatus(d.pop("status"))

        status_text = d.pop("status_text")

        uses = []
        _uses = d.pop("uses")
        for uses_item_data in _uses:
            uses_item = UseView.from_dict(uses_item_data)

            uses.append(uses_item)

        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))

        valid_until = datetime.date.fromisoformat(d.pop("valid_until"))

        def _parse_revocation(data: object) -> None | RevocationView | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                revocation_type_0 = RevocationView.from_dict(data)

                return revocation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RevocationView | Unset, data)

        revocation = _parse_revocation(d.pop("revocation", UNSET))

        consent_use_record = cls(
            authorization_id=authorization_id,
            expires_at=expires_at,
            not_before=not_before,
            purpose=purpose,
            purpose_text=purpose_text,
            region_code=region_code,
            status=status,
            status_text=status_text,
            uses=uses,
            valid_from=valid_from,
            valid_until=valid_until,
            revocation=revocation,
        )

        consent_use_record.additional_properties = d
        return consent_use_record

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
