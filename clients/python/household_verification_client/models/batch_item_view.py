from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_item_view_recommendation_type_0 import BatchItemViewRecommendationType0
from ..models.batch_item_view_state import BatchItemViewState

if TYPE_CHECKING:
    from ..models.change import Change
    from ..models.message_view import MessageView


T = TypeVar("T", bound="BatchItemView")


@_attrs_define
class BatchItemView:
    """
    Attributes:
        attempts (int):
        changes (list[Change]):
        error (None | str): problem code of a failed or skipped item: `expired`, `revoked-key`, `gave-up`, `household-
            ended`, `person-in-other-household`, `authorization-revoked` (skipped: the household withdrew its authorization)
        finished_at (datetime.datetime | None):
        graduation (bool): continued under the 渐退 period
        household_id (UUID):
        new_allowance (None | str): suggested monthly allowance, yuan
        reasons (list[MessageView]): why this recommendation: stable codes with parameters, and their text in the
            requested language (zh-CN unless `lang=en` / `Accept-Language: en`)
        recommendation (BatchItemViewRecommendationType0 | None):
        started_at (datetime.datetime | None):
        state (BatchItemViewState):
        verification_id (None | UUID): the review's verification
    """

    attempts: int
    changes: list[Change]
    error: None | str
    finished_at: datetime.datetime | None
    graduation: bool
    household_id: UUID
    new_allowance: None | str
    reasons: list[MessageView]
    recommendation: BatchItemViewRecommendationType0 | None
    started_at: datetime.datetime | None
    state: BatchItemViewState
    verification_id: None | UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)

        error: None | str
        error = self.error

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        graduation = self.graduation

        household_id = str(self.household_id)

        new_allowance: None | str
        new_allowance = self.new_allowance

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        recommendation: None | str
        if isinstance(self.recommendation, BatchItemViewRecommendationType0):
            recommendation = self.recommendation.value
        else:
            recommendation = self.recommendation

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        state = self.state.value

        verification_id: None | str
        if isinstance(self.verification_id, UUID):
            verification_id = str(self.verification_id)
        else:
            verification_id = self.verification_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "changes": changes,
                "error": error,
                "finished_at": finished_at,
                "graduation": graduation,
                "household_id": household_id,
                "new_allowance": new_allowance,
                "reasons": reasons,
                "recommendation": recommendation,
                "started_at": started_at,
                "state": state,
                "verification_id": verification_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.change import Change  # noqa: PLC0415
        from ..models.message_view import MessageView  # noqa: PLC0415

        d = dict(src_dict)
        attempts = d.pop("attempts")

        changes = []
        _changes = d.pop("changes")
        for changes_item_data in _changes:
            changes_item = Change.from_dict(changes_item_data)

            changes.append(changes_item)

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

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

        graduation = d.pop("graduation")

        household_id = UUID(d.pop("household_id"))

        def _parse_new_allowance(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        new_allowance = _parse_new_allowance(d.pop("new_allowance"))

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = MessageView.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        def _parse_recommendation(data: object) -> BatchItemViewRecommendationType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                recommendation_type_0 = BatchItemViewRecommendationType0(data)

                return recommendation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BatchItemViewRecommendationType0 | None, data)

        recommendation = _parse_recommendation(d.pop("recommendation"))

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

        state = BatchItemViewState(d.pop("state"))

        def _parse_verification_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                verification_id_type_0 = UUID(data)

                return verification_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        verification_id = _parse_verification_id(d.pop("verification_id"))

        batch_item_view = cls(
            attempts=attempts,
            changes=changes,
            error=error,
            finished_at=finished_at,
            graduation=graduation,
            household_id=household_id,
            new_allowance=new_allowance,
            reasons=reasons,
            recommendation=recommendation,
            started_at=started_at,
            state=state,
            verification_id=verification_id,
        )

        batch_item_view.additional_properties = d
        return batch_item_view

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
