from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WhatIfRequest")


@_attrs_define
class WhatIfRequest:
    """
    Attributes:
        draft (str): a layer file (TOML, the format of docs/policy-model.md): it replaces the layer of the same id, or
            is added when no layer has its id
        region (str): region-code prefix: the client's active households whose region starts with it are replayed
        on (datetime.date | None | Unset): the date both policies are resolved on; default: today in the deployment's
            time zone
    """

    draft: str
    region: str
    on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        draft = self.draft

        region = self.region

        on: None | str | Unset
        if isinstance(self.on, Unset):
            on = UNSET
        elif isinstance(self.on, datetime.date):
            on = self.on.isoformat()
        else:
            on = self.on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "draft": draft,
                "region": region,
            }
        )
        if on is not UNSET:
            field_dict["on"] = on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        draft = d.pop("draft")

        region = d.pop("region")

        def _parse_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                on_type_0 = datetime.date.fromisoformat(data)

                return on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        on = _parse_on(d.pop("on", UNSET))

        what_if_request = cls(
            draft=draft,
            region=region,
            on=on,
        )

        return what_if_request
