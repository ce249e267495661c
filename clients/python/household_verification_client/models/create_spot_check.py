from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateSpotCheck")


@_attrs_define
class CreateSpotCheck:
    """
    Attributes:
        period_from (datetime.date): first assessment date of the frame
        period_to (datetime.date): last assessment date of the frame
        region_prefix (str): the region (区划代码 prefix, 2–6 digits) the frame is drawn from; one the client may use
        rate (None | str | Unset): a sampling rate above the policy's minimum (a decimal string in (0, 1], at most four
            places); default: the policy's (30 % where no layer states one)
    """

    period_from: datetime.date
    period_to: datetime.date
    region_prefix: str
    rate: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        period_from = self.period_from.isoformat()

        period_to = self.period_to.isoformat()

        region_prefix = self.region_prefix

        rate: None | str | Unset
        if isinstance(self.rate, Unset):
            rate = UNSET
        else:
            rate = self.rate

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "period_from": period_from,
                "period_to": period_to,
                "region_prefix": region_prefix,
            }
        )
        if rate is not UNSET:
            field_dict["rate"] = rate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        period_from = datetime.date.fromisoformat(d.pop("period_from"))

        period_to = datetime.date.fromisoformat(d.pop("period_to"))

        region_prefix = d.pop("region_prefix")

        def _parse_rate(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rate = _parse_rate(d.pop("rate", UNSET))

        create_spot_check = cls(
            period_from=period_from,
            period_to=period_to,
            region_prefix=region_prefix,
            rate=rate,
        )

        return create_spot_check
