from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.frame_event import FrameEvent
    from ..models.frame_unit import FrameUnit
    from ..models.spot_check_export_checkpoint import SpotCheckExportCheckpoint


T = TypeVar("T", bound="SpotCheckExport")


@_attrs_define
class SpotCheckExport:
    """What an auditor recomputes the sample from (`verification spot-check verify`).

    Attributes:
        checkpoint (SpotCheckExportCheckpoint): the seed's checkpoint: size, root, note
        drawn (list[UUID]):
        frame (list[FrameUnit]):
        frame_digest (str):
        frame_event (FrameEvent):
        log_origin (str):
        period_from (datetime.date):
        period_to (datetime.date):
        rate (str):
        receipt (str): tlog-proof of the frame event under the seed's checkpoint (its extra line the event's body)
        region_prefix (str):
        seed (str):
        spot_check_id (UUID):
        format_ (Literal['spot-check-export v1'] | Unset):  Default: 'spot-check-export v1'.
    """

    checkpoint: SpotCheckExportCheckpoint
    drawn: list[UUID]
    frame: list[FrameUnit]
    frame_digest: str
    frame_event: FrameEvent
    log_origin: str
    period_from: datetime.date
    period_to: datetime.date
    rate: str
    receipt: str
    region_prefix: str
    seed: str
    spot_check_id: UUID
    format_: Literal["spot-check-export v1"] | Unset = "spot-check-export v1"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checkpoint = self.checkpoint.to_dict()

        drawn = []
        for drawn_item_data in self.drawn:
            drawn_item = str(drawn_item_data)
            drawn.append(drawn_item)

        frame = []
        for frame_item_data in self.frame:
            frame_item = frame_item_data.to_dict()
            frame.append(frame_item)

        frame_digest = self.frame_digest

        frame_event = self.frame_event.to_dict()

        log_origin = self.log_origin

        period_from = self.period_from.isoformat()

        period_to = self.period_to.isoformat()

        rate = self.rate

        receipt = self.receipt

        region_prefix = self.region_prefix

        seed = self.seed

        spot_check_id = str(self.spot_check_id)

        format_ = self.format_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "checkpoint": checkpoint,
                "drawn": drawn,
                "frame": frame,
                "frame_digest": frame_digest,
                "frame_event": frame_event,
                "log_origin": log_origin,
                "period_from": period_from,
                "period_to": period_to,
                "rate": rate,
                "receipt": receipt,
                "region_prefix": region_prefix,
                "seed": seed,
                "spot_check_id": spot_check_id,
            }
        )
        if format_ is not UNSET:
            field_dict["format"] = format_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.frame_event import FrameEvent  # noqa: PLC0415
        from ..models.frame_unit import FrameUnit  # noqa: PLC0415
        from ..models.spot_check_export_checkpoint import SpotCheckExportCheckpoint  # noqa: PLC0415

        d = dict(src_dict)
        checkpoint = SpotCheckExportCheckpoint.from_dict(d.pop("checkpoint"))

        drawn = []
        _drawn = d.pop("drawn")
        for drawn_item_data in _drawn:
            drawn_item = UUID(drawn_item_data)

            drawn.append(drawn_item)

        frame = []
        _frame = d.pop("frame")
        for frame_item_data in _frame:
            frame_item = FrameUnit.from_dict(frame_item_data)

            frame.append(frame_item)

        frame_digest = d.pop("frame_digest")

        frame_event = FrameEvent.from_dict(d.pop("frame_event"))

        log_origin = d.pop("log_origin")

        period_from = datetime.date.fromisoformat(d.pop("period_from"))

        period_to = datetime.date.fromisoformat(d.pop("period_to"))

        rate = d.pop("rate")

        receipt = d.pop("receipt")

        region_prefix = d.pop("region_prefix")

        seed = d.pop("seed")

        spot_check_id = UUID(d.pop("spot_check_id"))

        format_ = cast(Literal["spot-check-export v1"] | Unset, d.pop("format", UNSET))
        if format_ != "spot-check-export v1" and not isinstance(format_, Unset):
            raise ValueError(f"format must match const 'spot-check-export v1', got '{format_}'")

        spot_check_export = cls(
            checkpoint=checkpoint,
            drawn=drawn,
            frame=frame,
            frame_digest=frame_digest,
            frame_event=frame_event,
            log_origin=log_origin,
            period_from=period_from,
            period_to=period_to,
            rate=rate,
            receipt=receipt,
            region_prefix=region_prefix,
            seed=seed,
            spot_check_id=spot_check_id,
            format_=format_,
        )

        spot_check_export.additional_properties = d
        return spot_check_export

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
