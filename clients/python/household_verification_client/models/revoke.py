from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.revoke_reason import RevokeReason

T = TypeVar("T", bound="Revoke")


@_attrs_define
class Revoke:
    """
    Attributes:
        reason (RevokeReason): why the household withdrew (a code)
        withdrawn_on (datetime.date): the Beijing date the household withdrew its authorization (not after today)
    """

    reason: RevokeReason
    withdrawn_on: datetime.date

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason.value

        withdrawn_on = self.withdrawn_on.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
                "withdrawn_on": withdrawn_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = RevokeReason(d.pop("reason"))

        withdrawn_on = datetime.date.fromisoformat(d.pop("withdrawn_on"))

        revoke = cls(
            reason=reason,
            withdrawn_on=withdrawn_on,
        )

        return revoke
