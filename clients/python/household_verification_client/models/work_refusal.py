from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WorkRefusal")


@_attrs_define
class WorkRefusal:
    """The caseworker's record of one member's refusals of suitable work (not the household's
    statement): 办法 第三十四条; 暂行办法 第四十五条.

        Attributes:
            consecutive_unjustified (int): consecutive refusals of suitable work without good reason, as recorded by the
                caseworker
            member_index (int):
    """

    consecutive_unjustified: int
    member_index: int

    def to_dict(self) -> dict[str, Any]:
        consecutive_unjustified = self.consecutive_unjustified

        member_index = self.member_index

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "consecutive_unjustified": consecutive_unjustified,
                "member_index": member_index,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        consecutive_unjustified = d.pop("consecutive_unjustified")

        member_index = d.pop("member_index")

        work_refusal = cls(
            consecutive_unjustified=consecutive_unjustified,
            member_index=member_index,
        )

        return work_refusal
