from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_view_selection import BatchViewSelection
from ..models.batch_view_status import BatchViewStatus

if TYPE_CHECKING:
    from ..models.batch_counts import BatchCounts
    from ..models.batch_left_out import BatchLeftOut
    from ..models.batch_view_recommendations import BatchViewRecommendations


T = TypeVar("T", bound="BatchView")


@_attrs_define
class BatchView:
    """
    Attributes:
        as_of (datetime.date | None):
        cancelled_at (datetime.datetime | None):
        counts (BatchCounts):
        created_at (datetime.datetime):
        eta_seconds (float | None): at that rate; null when unknown or done
        finished_at (datetime.datetime | None):
        id (UUID):
        left_out (BatchLeftOut):
        rate_per_second (float | None): items finished per second over the last minute (or since the start)
        recommendations (BatchViewRecommendations): done items by recommendation
        region_prefix (None | str):
        selection (BatchViewSelection):
        status (BatchViewStatus): `completed` once every item ended (recorded with the `batch.completed` event, a moment
            after the last item's end); `cancelled` when cancelled (items already running still finish)
        total (int):
    """

    as_of: datetime.date | None
    cancelled_at: datetime.datetime | None
    counts: BatchCounts
    created_at: datetime.datetime
    eta_seconds: float | None
    finished_at: datetime.datetime | None
    id: UUID
    left_out: BatchLeftOut
    rate_per_second: float | None
    recommendations: BatchViewRecommendations
    region_prefix: None | str
    selection: BatchViewSelection
    status: BatchViewStatus
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of: None | str
        if isinstance(self.as_of, datetime.date):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        counts = self.counts.to_dict()

        created_at = self.created_at.isoformat()

        eta_seconds: float | None
        eta_seconds = self.eta_seconds

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        id = str(self.id)

        left_out = self.left_out.to_dict()

        rate_per_second: float | None
        rate_per_second = self.rate_per_second

        recommendations = self.recommendations.to_dict()

        region_prefix: None | str
        region_prefix = self.region_prefix

        selection = self.selection.value

        status = self.status.value

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "cancelled_at": cancelled_at,
                "counts": counts,
                "created_at": created_at,
                "eta_seconds": eta_seconds,
                "finished_at": finished_at,
                "id": id,
                "left_out": left_out,
                "rate_per_second": rate_per_second,
                "recommendations": recommendations,
                "region_prefix": region_prefix,
                "selection": selection,
                "status": status,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_counts import BatchCounts  # noqa: PLC0415
        from ..models.batch_left_out import BatchLeftOut  # noqa: PLC0415
        from ..models.batch_view_recommendations import BatchViewRecommendations  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_as_of(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_of_type_0 = datetime.date.fromisoformat(data)

                return as_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        as_of = _parse_as_of(d.pop("as_of"))

        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)

                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))

        counts = BatchCounts.from_dict(d.pop("counts"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_eta_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        eta_seconds = _parse_eta_seconds(d.pop("eta_seconds"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        id = UUID(d.pop("id"))

        left_out = BatchLeftOut.from_dict(d.pop("left_out"))

        def _parse_rate_per_second(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        rate_per_second = _parse_rate_per_second(d.pop("rate_per_second"))

        recommendations = BatchViewRecommendations.from_dict(d.pop("recommendations"))

        def _parse_region_prefix(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        region_prefix = _parse_region_prefix(d.pop("region_prefix"))

        selection = BatchViewSelection(d.pop("selection"))

        status = BatchViewStatus(d.pop("status"))

        total = d.pop("total")

        batch_view = cls(
            as_of=as_of,
            cancelled_at=cancelled_at,
            counts=counts,
            created_at=created_at,
            eta_seconds=eta_seconds,
            finished_at=finished_at,
            id=id,
            left_out=left_out,
            rate_per_second=rate_per_second,
            recommendations=recommendations,
            region_prefix=region_prefix,
            selection=selection,
            status=status,
            total=total,
        )

        batch_view.additional_properties = d
        return batch_view

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
