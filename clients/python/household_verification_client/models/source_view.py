from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.source_view_status import SourceViewStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.source_view_reason_params import SourceViewReasonParams


T = TypeVar("T", bound="SourceView")


@_attrs_define
class SourceView:
    """
    Attributes:
        attempts (int): tries of the most-tried request of the query: 1 + its retries (a further page is another
            request, not a retry); 0 when nothing was sent
        duration_ms (int):
        member_index (int):
        reason (None | str): why not ok, in the requested language
        reason_code (None | str): why not ok: a stable code (null when ok)
        requests (int): requests sent for the query: pages and retries
        scope (str):
        status (SourceViewStatus): pending: the agency accepted the query and answers later (the verification is
            `awaiting_sources` until it has; `reason_params.reference` is its ticket)
        expected_back_at (datetime.datetime | None | Unset): for an `unavailable` source whose circuit breaker was open
            when the report was made: when the breaker lets a query through again (its half-open time, UTC), the earliest a
            retry (`retryVerification`) can reach it; null when unknown (the source failed without opening its breaker:
            retry at once) or not unavailable
        expected_by (datetime.datetime | None | Unset): for a `pending` answer, when the agency said it expects to have
            it (null if it did not say, and for every other status)
        reason_params (SourceViewReasonParams | Unset): the message's named parameters, machine data: a member is a
            0-based `member_index` (the text counts from 1), amounts are decimal strings
    """

    attempts: int
    duration_ms: int
    member_index: int
    reason: None | str
    reason_code: None | str
    requests: int
    scope: str
    status: SourceViewStatus
    expected_back_at: datetime.datetime | None | Unset = UNSET
    expected_by: datetime.datetime | None | Unset = UNSET
    reason_params: SourceViewReasonParams | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        duration_ms = self.duration_ms

        member_index = self.member_index

        reason: None | str
        reason = self.reason

        reason_code: None | str
        reason_code = self.reason_code

        requests = self.requests

        scope = self.scope

        status = self.status.value

        expected_back_at: None | str | Unset
        if isinstance(self.expected_back_at, Unset):
            expected_back_at = UNSET
        elif isinstance(self.expected_back_at, datetime.datetime):
            expected_back_at = self.expected_back_at.isoformat()
        else:
            expected_back_at = self.expected_back_at

        expected_by: None | str | Unset
        if isinstance(self.expected_by, Unset):
            expected_by = UNSET
        elif isinstance(self.expected_by, datetime.datetime):
            expected_by = self.expected_by.isoformat()
        else:
            expected_by = self.expected_by

        reason_params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.reason_params, Unset):
            reason_params = self.reason_params.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "duration_ms": duration_ms,
                "member_index": member_index,
                "reason": reason,
                "reason_code": reason_code,
                "requests": requests,
                "scope": scope,
                "status": status,
            }
        )
        if expected_back_at is not UNSET:
            field_dict["expected_back_at"] = expected_back_at
        if expected_by is not UNSET:
            field_dict["expected_by"] = expected_by
        if reason_params is not UNSET:
            field_dict["reason_params"] = reason_params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.source_view_reason_params import SourceViewReasonParams  # noqa: PLC0415

        d = dict(src_dict)
        attempts = d.pop("attempts")

        duration_ms = d.pop("duration_ms")

        member_index = d.pop("member_index")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_reason_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason_code = _parse_reason_code(d.pop("reason_code"))

        requests = d.pop("requests")

        scope = d.pop("scope")

        status = SourceViewStatus(d.pop("status"))

        def _parse_expected_back_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expected_back_at_type_0 = datetime.datetime.fromisoformat(data)

                return expected_back_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expected_back_at = _parse_expected_back_at(d.pop("expected_back_at", UNSET))

        def _parse_expected_by(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expected_by_type_0 = datetime.datetime.fromisoformat(data)

                return expected_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expected_by = _parse_expected_by(d.pop("expected_by", UNSET))

        _reason_params = d.pop("reason_params", UNSET)
        reason_params: SourceViewReasonParams | Unset
        if isinstance(_reason_params, Unset):
            reason_params = UNSET
        else:
            reason_params = SourceViewReasonParams.from_dict(_reason_params)

        source_view = cls(
            attempts=attempts,
            duration_ms=duration_ms,
            member_index=member_index,
            reason=reason,
            reason_code=reason_code,
            requests=requests,
            scope=scope,
            status=status,
            expected_back_at=expected_back_at,
            expected_by=expected_by,
            reason_params=reason_params,
        )

        source_view.additional_properties = d
        return source_view

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
