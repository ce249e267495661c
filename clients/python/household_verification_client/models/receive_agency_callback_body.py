from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ReceiveAgencyCallbackBody")


@_attrs_define
class ReceiveAgencyCallbackBody:
    """
    Attributes:
        ticket (str): the agency's reference it answered the query with
    """

    ticket: str

    def to_dict(self) -> dict[str, Any]:
        ticket = self.ticket

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "ticket": ticket,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ticket = d.pop("ticket")

        receive_agency_callback_body = cls(
            ticket=ticket,
        )

        return receive_agency_callback_body
