from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.verification_summary_outcome_type_0 import VerificationSummaryOutcomeType0
from ..models.verification_summary_status import VerificationSummaryStatus

T = TypeVar("T", bound="VerificationSummary")


@_attrs_define
class VerificationSummary:
    """One verification as a list shows it: what its report's head says, and nothing
    personal (no members, sources or figures: `href` is the report).

        Attributes:
            accepted_on (datetime.date | None):
            area (str):
            as_of (datetime.date): the assessment date
            authorization_id (str):
            completed_at (datetime.datetime | None): when the current revision of the report was written (its last change);
                null while running
            created_at (datetime.datetime):
            href (str): the report: `GET` it (`getVerification`)
            id (UUID):
            outcome (None | VerificationSummaryOutcomeType0): the current report's outcome; null while running
            policy_id (str):
            policy_version (str):
            purpose (str):
            region_code (str):
            revision (int): the current report's revision (each retry adds 1)
            status (VerificationSummaryStatus): `running` until its first report is written (`getVerification` answers `409
                verification-incomplete` until then); `awaiting_sources` while its report is provisional, an agency having
                promised to answer later
    """

    accepted_on: datetime.date | None
    area: str
    as_of: datetime.date
    authorization_id: str
    completed_at: datetime.datetime | None
    created_at: datetime.datetime
    href: str
    id: UUID
    outcome: None | VerificationSummaryOutcomeType0
    policy_id: str
    policy_version: str
    purpose: str
    region_code: str
    revision: int
    status: VerificationSummaryStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accepted_on: None | str
        if isinstance(self.accepted_on, datetime.date):
            accepted_on = self.accepted_on.isoformat()
        else:
            accepted_on = self.accepted_on

        area = self.area

        as_of = self.as_of.isoformat()

        authorization_id = self.authorization_id

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        created_at = self.created_at.isoformat()

        href = self.href

        id = str(self.id)

        outcome: None | str
        if isinstance(self.outcome, VerificationSummaryOutcomeType0):
            outcome = self.outcome.value
        else:
            outcome = self.outcome

        policy_id = self.policy_id

        policy_version = self.policy_version

        purpose = self.purpose

        region_code = self.region_code

        revision = self.revision

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accepted_on": accepted_on,
                "area": area,
                "as_of": as_of,
                "authorization_id": authorization_id,
                "completed_at": completed_at,
                "created_at": created_at,
                "href": href,
                "id": id,
                "outcome": outcome,
                "policy_id": policy_id,
                "policy_version": policy_version,
                "purpose": purpose,
                "region_code": region_code,
                "revision": revision,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
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

        area = d.pop("area")

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        authorization_id = d.pop("authorization_id")

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        href = d.pop("href")

        id = UUID(d.pop("id"))

        def _parse_outcome(data: object) -> None | VerificationSummaryOutcomeType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_0 = VerificationSummaryOutcomeType0(data)

                return outcome_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | VerificationSummaryOutcomeType0, data)

        outcome = _parse_outcome(d.pop("outcome"))

        policy_id = d.pop("policy_id")

        policy_version = d.pop("policy_version")

        purpose = d.pop("purpose")

        region_code = d.pop("region_code")

        revision = d.pop("revision")

        status = VerificationSummaryStatus(d.pop("status"))

        verification_summary = cls(
            accepted_on=accepted_on,
            area=area,
            as_of=as_of,
            authorization_id=authorization_id,
            completed_at=completed_at,
            created_at=created_at,
            href=href,
            id=id,
            outcome=outcome,
            policy_id=policy_id,
            policy_version=policy_version,
            purpose=purpose,
            region_code=region_code,
            revision=revision,
            status=status,
        )

        verification_summary.additional_properties = d
        return verification_summary

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
