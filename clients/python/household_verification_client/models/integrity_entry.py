from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.closing_reason import ClosingReason
from ..models.entry_status import EntryStatus

if TYPE_CHECKING:
    from ..models.integrity_explanation import IntegrityExplanation
    from ..models.integrity_finding import IntegrityFinding
    from ..models.integrity_notice import IntegrityNotice


T = TypeVar("T", bound="IntegrityEntry")


@_attrs_define
class IntegrityEntry:
    """
    Attributes:
        closed_on (datetime.date | None): the day it was dismissed or withdrawn
        closing_note (None | str):
        closing_reason (ClosingReason | None):
        created_at (datetime.datetime):
        decided_on (datetime.date | None): the day it was confirmed or dismissed
        explanation (IntegrityExplanation | None):
        finding (IntegrityFinding):
        finding_index (int):
        id (UUID):
        listed_from (datetime.date | None):
        listed_until (datetime.date | None): the last day on the record (inclusive)
        member_count (int): the people the entry is about: every member
        notice (IntegrityNotice | None):
        period_example (bool | None): true: that period is the service's example value, set by no policy text
        period_months (int | None): the policy's `integrity.period_months` on the confirmation day
        region_code (str):
        revision (int): the report revision whose finding the entry cites
        status (EntryStatus):
        updated_at (datetime.datetime):
        verification_id (UUID):
    """

    closed_on: datetime.date | None
    closing_note: None | str
    closing_reason: ClosingReason | None
    created_at: datetime.datetime
    decided_on: datetime.date | None
    explanation: IntegrityExplanation | None
    finding: IntegrityFinding
    finding_index: int
    id: UUID
    listed_from: datetime.date | None
    listed_until: datetime.date | None
    member_count: int
    notice: IntegrityNotice | None
    period_example: bool | None
    period_months: int | None
    region_code: str
    revision: int
    status: EntryStatus
    updated_at: datetime.datetime
    verification_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.integrity_explanation import IntegrityExplanation  # noqa: PLC0415
        from ..models.integrity_notice import IntegrityNotice  # noqa: PLC0415

        closed_on: None | str
        if isinstance(self.closed_on, datetime.date):
            closed_on = self.closed_on.isoformat()
        else:
            closed_on = self.closed_on

        closing_note: None | str
        closing_note = self.closing_note

        closing_reason: None | str
        if isinstance(self.closing_reason, ClosingReason):
            closing_reason = self.closing_reason.value
        else:
            closing_reason = self.closing_reason

        created_at = self.created_at.isoformat()

        decided_on: None | str
        if isinstance(self.decided_on, datetime.date):
            decided_on = self.decided_on.isoformat()
        else:
            decided_on = self.decided_on

        explanation: dict[str, Any] | None
        if isinstance(self.explanation, IntegrityExplanation):
            explanation = self.explanation.to_dict()
        else:
            explanation = self.explanation

        finding = self.finding.to_dict()

        finding_index = self.finding_index

        id = str(self.id)

        listed_from: None | str
        if isinstance(self.listed_from, datetime.date):
            listed_from = self.listed_from.isoformat()
        else:
            listed_from = self.listed_from

        listed_until: None | str
        if isinstance(self.listed_until, datetime.date):
            listed_until = self.listed_until.isoformat()
        else:
            listed_until = self.listed_until

        member_count = self.member_count

        notice: dict[str, Any] | None
        if isinstance(self.notice, IntegrityNotice):
            notice = self.notice.to_dict()
        else:
            notice = self.notice

        period_example: bool | None
        period_example = self.period_example

        period_months: int | None
        period_months = self.period_months

        region_code = self.region_code

        revision = self.revision

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        verification_id = str(self.verification_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "closed_on": closed_on,
                "closing_note": closing_note,
                "closing_reason": closing_reason,
                "created_at": created_at,
                "decided_on": decided_on,
                "explanation": explanation,
                "finding": finding,
                "finding_index": finding_index,
                "id": id,
                "listed_from": listed_from,
                "listed_until": listed_until,
                "member_count": member_count,
                "notice": notice,
                "period_example": period_example,
                "period_months": period_months,
                "region_code": region_code,
                "revision": revision,
                "status": status,
                "updated_at": updated_at,
                "verification_id": verification_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.integrity_explanation import IntegrityExplanation  # noqa: PLC0415
        from ..models.integrity_finding import IntegrityFinding  # noqa: PLC0415
        from ..models.integrity_notice import IntegrityNotice  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_closed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_on_type_0 = datetime.date.fromisoformat(data)

                return closed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        closed_on = _parse_closed_on(d.pop("closed_on"))

        def _parse_closing_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        closing_note = _parse_closing_note(d.pop("closing_note"))

        def _parse_closing_reason(data: object) -> ClosingReason | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closing_reason_type_0 = ClosingReason(data)

                return closing_reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ClosingReason | None, data)

        closing_reason = _parse_closing_reason(d.pop("closing_reason"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_decided_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_on_type_0 = datetime.date.fromisoformat(data)

                return decided_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        decided_on = _parse_decided_on(d.pop("decided_on"))

        def _parse_explanation(data: object) -> IntegrityExplanation | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                explanation_type_0 = IntegrityExplanation.from_dict(data)

                return explanation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IntegrityExplanation | None, data)

        explanation = _parse_explanation(d.pop("explanation"))

        finding = IntegrityFinding.from_dict(d.pop("finding"))

        finding_index = d.pop("finding_index")

        id = UUID(d.pop("id"))

        def _parse_listed_from(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                listed_from_type_0 = datetime.date.fromisoformat(data)

                return listed_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        listed_from = _parse_listed_from(d.pop("listed_from"))

        def _parse_listed_until(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                listed_until_type_0 = datetime.date.fromisoformat(data)

                return listed_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        listed_until = _parse_listed_until(d.pop("listed_until"))

        member_count = d.pop("member_count")

        def _parse_notice(data: object) -> IntegrityNotice | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                notice_type_0 = IntegrityNotice.from_dict(data)

                return notice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IntegrityNotice | None, data)

        notice = _parse_notice(d.pop("notice"))

        def _parse_period_example(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        period_example = _parse_period_example(d.pop("period_example"))

        def _parse_period_months(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        period_months = _parse_period_months(d.pop("period_months"))

        region_code = d.pop("region_code")

        revision = d.pop("revision")

        status = EntryStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        verification_id = UUID(d.pop("verification_id"))

        integrity_entry = cls(
            closed_on=closed_on,
            closing_note=closing_note,
            closing_reason=closing_reason,
            created_at=created_at,
            decided_on=decided_on,
            explanation=explanation,
            finding=finding,
            finding_index=finding_index,
            id=id,
            listed_from=listed_from,
            listed_until=listed_until,
            member_count=member_count,
            notice=notice,
            period_example=period_example,
            period_months=period_months,
            region_code=region_code,
            revision=revision,
            status=status,
            updated_at=updated_at,
            verification_id=verification_id,
        )

        integrity_entry.additional_properties = d
        return integrity_entry

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
