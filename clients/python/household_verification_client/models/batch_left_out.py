from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BatchLeftOut")


@_attrs_define
class BatchLeftOut:
    """
    Attributes:
        authorization_expired (int): due households waiting for a new authorization: past its validity when the batch
            was made (`authorization_status: expired`)
        authorization_revoked (int): due households waiting for a new authorization: withdrawn (`authorization_status:
            revoked`)
    """

    authorization_expired: int
    authorization_revoked: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        authorization_expired = self.authorization_expired

        authorization_revoked = self.authorization_revoked

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "authorization_expired": authorization_expired,
                "authorization_revoked": authorization_revoked,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        authorization_expired = d.pop("authorization_expired")

        authorization_revoked = d.pop("authorization_revoked")

        batch_left_out = cls(
            authorization_expired=authorization_expired,
            authorization_revoked=authorization_revoked,
        )

        batch_left_out.additional_properties = d
        return batch_left_out

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
