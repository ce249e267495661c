from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.use_view_purpose import UseViewPurpose
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.agency_outcome_view import AgencyOutcomeView


T = TypeVar("T", bound="UseView")


@_attrs_define
class UseView:
    """
    Attributes:
        agencies (list[AgencyOutcomeView]):
        at (datetime.datetime): when the use started (UTC)
        at_beijing (str): the same, Beijing time: 2026-12-06 17:05
        client (str): the name of the client that used it (never its token)
        purpose (UseViewPurpose):
        purpose_text (str):
        verification_id (None | str | Unset): the verification of the use (not on the family's page)
    """

    agencies: list[AgencyOutcomeView]
    at: datetime.datetime
    at_beijing: str
    client: str
    purpose: UseViewPurpose
    purpose_text: str
    verification_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agencies = []
        for agencies_item_data in self.agencies:
            agencies_item = agencies_item_data.to_dict()
            agencies.append(agencies_item)

        at = self.at.isoformat()

        at_beijing = self.at_beijing

        client = self.client

        purpose = self.purpose.value

        purpose_text = self.purpose_text

        verification_id: None | str | Unset
        if isinstance(self.verification_id, Unset):
            verification_id = UNSET
        else:
            verification_id = self.verification_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agencies": agencies,
                "at": at,
                "at_beijing": at_beijing,
                "client": client,
                "purpose": purpose,
                "purpose_text": purpose_text,
            }
        )
        if verification_id is not UNSET:
            field_dict["verification_id"] = verification_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agency_outcome_view import AgencyOutcomeView  # noqa: PLC0415

        d = dict(src_dict)
        agencies = []
        _agencies = d.pop("agencies")
        for agencies_item_data in _agencies:
            agencies_item = AgencyOutcomeView.from_dict(agencies_item_data)

            agencies.append(agencies_item)

        at = datetime.datetime.fromisoformat(d.pop("at"))

        at_beijing = d.pop("at_beijing")

        client = d.pop("client")

        purpose = UseViewPurpose(d.pop("purpose"))

        purpose_text = d.pop("purpose_text")

        def _parse_verification_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        verification_id = _parse_verification_id(d.pop("verification_id", UNSET))

        use_view = cls(
            agencies=agencies,
            at=at,
            at_beijing=at_beijing,
            client=client,
            purpose=purpose,
            purpose_text=purpose_text,
            verification_id=verification_id,
        )

        use_view.additional_properties = d
        return use_view

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
