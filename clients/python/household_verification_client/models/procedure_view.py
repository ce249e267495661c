from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deadline_view import DeadlineView
    from ..models.death_recheck_view import DeathRecheckView
    from ..models.message_view import MessageView
    from ..models.source_coverage_view import SourceCoverageView


T = TypeVar("T", bound="ProcedureView")


@_attrs_define
class ProcedureView:
    """The procedural rules of the 办法 as they apply to this report.

    Attributes:
        accepted_on (datetime.date | None): the application's acceptance (受理) date: the request's `accepted_on`, else
            the business date the request was received; null for a re-verification
        adverse_notice (MessageView | None): for an outcome other than eligible: the applicant is told and may object
            with evidence for a 复查 (办法 第十八条)
        deadlines (list[DeadlineView]): the working-day limits in force on `accepted_on` (none for a review)
        death_rechecks (list[DeathRecheckView]): each member reported deceased: the household check due, earliest first
        sources (list[SourceCoverageView]): the national source list and which were queried or cannot be
        notes (list[MessageView] | Unset): what could not be computed (a due date beyond the calendar's years)
    """

    accepted_on: datetime.date | None
    adverse_notice: MessageView | None
    deadlines: list[DeadlineView]
    death_rechecks: list[DeathRecheckView]
    sources: list[SourceCoverageView]
    notes: list[MessageView] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.message_view import MessageView  # noqa: PLC0415

        accepted_on: None | str
        if isinstance(self.accepted_on, datetime.date):
            accepted_on = self.accepted_on.isoformat()
        else:
            accepted_on = self.accepted_on

        adverse_notice: dict[str, Any] | None
        if isinstance(self.adverse_notice, MessageView):
            adverse_notice = self.adverse_notice.to_dict()
        else:
            adverse_notice = self.adverse_notice

        deadlines = []
        for deadlines_item_data in self.deadlines:
            deadlines_item = deadlines_item_data.to_dict()
            deadlines.append(deadlines_item)

        death_rechecks = []
        for death_rechecks_item_data in self.death_rechecks:
            death_rechecks_item = death_rechecks_item_data.to_dict()
            death_rechecks.append(death_rechecks_item)

        sources = []
        for sources_item_data in self.sources:
            sources_item = sources_item_data.to_dict()
            sources.append(sources_item)

        notes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.notes, Unset):
            notes = []
            for notes_item_data in self.notes:
                notes_item = notes_item_data.to_dict()
                notes.append(notes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accepted_on": accepted_on,
                "adverse_notice": adverse_notice,
                "deadlines": deadlines,
                "death_rechecks": death_rechecks,
                "sources": sources,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deadline_view import DeadlineView  # noqa: PLC0415
        from ..models.death_recheck_view import DeathRecheckView  # noqa: PLC0415
        from ..models.message_view import MessageView  # noqa: PLC0415
        from ..models.source_coverage_view import SourceCoverageView  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_accepted_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_on_type_0 = datetime.date.fromisoformat(data)

                return accepted_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        accepted_on = _parse_accepted_on(d.pop("accepted_on"))

        def _parse_adverse_notice(data: object) -> MessageView | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                adverse_notice_type_0 = MessageView.from_dict(data)

                return adverse_notice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessageView | None, data)

        adverse_notice = _parse_adverse_notice(d.pop("adverse_notice"))

        deadlines = []
        _deadlines = d.pop("deadlines")
        for deadlines_item_data in _deadlines:
            deadlines_item = DeadlineView.from_dict(deadlines_item_data)

            deadlines.append(deadlines_item)

        death_rechecks = []
        _death_rechecks = d.pop("death_rechecks")
        for death_rechecks_item_data in _death_rechecks:
            death_rechecks_item = DeathRecheckView.from_dict(death_rechecks_item_data)

            death_rechecks.append(death_rechecks_item)

        sources = []
        _sources = d.pop("sources")
        for sources_item_data in _sources:
            sources_item = SourceCoverageView.from_dict(sources_item_data)

            sources.append(sources_item)

        _notes = d.pop("notes", UNSET)
        notes: list[MessageView] | Unset = UNSET
        if _notes is not UNSET:
            notes = []
            for notes_item_data in _notes:
                notes_item = MessageView.from_dict(notes_item_data)

                notes.append(notes_item)

        procedure_view = cls(
            accepted_on=accepted_on,
            adverse_notice=adverse_notice,
            deadlines=deadlines,
            death_rechecks=death_rechecks,
            sources=sources,
            notes=notes,
        )

        procedure_view.additional_properties = d
        return procedure_view

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
