from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.spot_check_view_rate_basis import SpotCheckViewRateBasis
from ..models.spot_check_view_status import SpotCheckViewStatus

if TYPE_CHECKING:
    from ..models.drawn_unit import DrawnUnit
    from ..models.stratum import Stratum


T = TypeVar("T", bound="SpotCheckView")


@_attrs_define
class SpotCheckView:
    """
    Attributes:
        checkpoint_size (int | None): the checkpoint the seed is taken from
        created_at (datetime.datetime):
        drawn (list[DrawnUnit]):
        drawn_at (datetime.datetime | None):
        frame_count (int):
        frame_digest (str):
        frame_index (int | None): the frame event's leaf index, once in the log
        id (UUID):
        period_from (datetime.date):
        period_to (datetime.date):
        policy (str):
        rate (str):
        rate_basis (SpotCheckViewRateBasis):
        rate_citation (None | str):
        region_prefix (str):
        seed (None | str):
        status (SpotCheckViewStatus):
        strata (list[Stratum]):
    """

    checkpoint_size: int | None
    created_at: datetime.datetime
    drawn: list[DrawnUnit]
    drawn_at: datetime.datetime | None
    frame_count: int
    frame_digest: str
    frame_index: int | None
    id: UUID
    period_from: datetime.date
    period_to: datetime.date
    policy: str
    rate: str
    rate_basis: SpotCheckViewRateBasis
    rate_citation: None | str
    region_prefix: str
    seed: None | str
    status: SpotCheckViewStatus
    strata: list[Stratum]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checkpoint_size: int | None
        checkpoint_size = self.checkpoint_size

        created_at = self.created_at.isoformat()

        drawn = []
        for drawn_item_data in self.drawn:
            drawn_item = drawn_item_data.to_dict()
            drawn.append(drawn_item)

        drawn_at: None | str
        if isinstance(self.drawn_at, datetime.datetime):
            drawn_at = self.drawn_at.isoformat()
        else:
            drawn_at = self.drawn_at

        frame_count = self.frame_count

        frame_digest = self.frame_digest

        frame_index: int | None
        frame_index = self.frame_index

        id = str(self.id)

        period_from = self.period_from.isoformat()

        period_to = self.period_to.isoformat()

        policy = self.policy

        rate = self.rate

        rate_basis = self.rate_basis.value

        rate_citation: None | str
        rate_citation = self.rate_citation

        region_prefix = self.region_prefix

        seed: None | str
        seed = self.seed

        status = self.status.value

        strata = []
        for strata_item_data in self.strata:
            strata_item = strata_item_data.to_dict()
            strata.append(strata_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "checkpoint_size": checkpoint_size,
                "created_at": created_at,
                "drawn": drawn,
                "drawn_at": drawn_at,
                "frame_count": frame_count,
                "frame_digest": frame_digest,
                "frame_index": frame_index,
                "id": id,
                "period_from": period_from,
                "period_to": period_to,
                "policy": policy,
                "rate": rate,
                "rate_basis": rate_basis,
                "rate_citation": rate_citation,
                "region_prefix": region_prefix,
                "seed": seed,
                "status": status,
                "strata": strata,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.drawn_unit import DrawnUnit  # noqa: PLC0415
        from ..models.stratum import Stratum  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_checkpoint_size(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        checkpoint_size = _parse_checkpoint_size(d.pop("checkpoint_size"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        drawn = []
        _drawn = d.pop("drawn")
        for drawn_item_data in _drawn:
            drawn_item = DrawnUnit.from_dict(drawn_item_data)

            drawn.append(drawn_item)

        def _parse_drawn_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                drawn_at_type_0 = datetime.datetime.fromisoformat(data)

                return drawn_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        drawn_at = _parse_drawn_at(d.pop("drawn_at"))

        frame_count = d.pop("frame_count")

        frame_digest = d.pop("frame_digest")

        def _parse_frame_index(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        frame_index = _parse_frame_index(d.pop("frame_index"))

        id = UUID(d.pop("id"))

        period_from = datetime.date.fromisoformat(d.pop("period_from"))

        period_to = datetime.date.fromisoformat(d.pop("period_to"))

        policy = d.pop("policy")

        rate = d.pop("rate")

        rate_basis = SpotCheckViewRateBasis(d.pop("rate_basis"))

        def _parse_rate_citation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rate_citation = _parse_rate_citation(d.pop("rate_citation"))

        region_prefix = d.pop("region_prefix")

        def _parse_seed(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        seed = _parse_seed(d.pop("seed"))

        status = SpotCheckViewStatus(d.pop("status"))

        strata = []
        _strata = d.pop("strata")
        for strata_item_data in _strata:
            strata_item = Stratum.from_dict(strata_item_data)

            strata.append(strata_item)

        spot_check_view = cls(
            checkpoint_size=checkpoint_size,
            created_at=created_at,
            drawn=drawn,
            drawn_at=drawn_at,
            frame_count=frame_count,
            frame_digest=frame_digest,
            frame_index=frame_index,
            id=id,
            period_from=period_from,
            period_to=period_to,
            policy=policy,
            rate=rate,
            rate_basis=rate_basis,
            rate_citation=rate_citation,
            region_prefix=region_prefix,
            seed=seed,
            status=status,
            strata=strata,
        )

        spot_check_view.additional_properties = d
        return spot_check_view

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
