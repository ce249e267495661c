from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.category import Category
from ..models.household_authorization_status import HouseholdAuthorizationStatus
from ..models.household_status import HouseholdStatus

T = TypeVar("T", bound="Household")


@_attrs_define
class Household:
    """
    Attributes:
        area (str):
        authorization_expires_at (datetime.datetime | None): when the authorization its reviews use expires (its `exp`);
            past it, `authorization_status` is `expired`
        authorization_id (str):
        authorization_status (HouseholdAuthorizationStatus): `revoked`: the household withdrew the authorization its
            reviews use (撤回授权) — it needs a new one: scheduled and "everything due" batches leave it out (a batch naming it
            skips it, `authorization-revoked`) until it is re-authorized (`reauthorized_by`); `expired`: that authorization
            is past its validity (`authorization_expires_at`, the moment the answer was made) — it needs a new one as well:
            left out of those batches the same way (a batch naming it fails it, `expired`) until re-authorized
        authorization_withdrawn_on (datetime.date | None): the Beijing date the household withdrew that authorization
        category (Category): The household category that sets how often it is reviewed.
        created_at (datetime.datetime):
        end_reason (None | str):
        ended_on (datetime.date | None):
        enrolled_on (datetime.date):
        graduation_started_on (datetime.date | None): when a review found it lifted out by income; the 渐退 period runs
            from here
        id (UUID):
        last_reviewed_on (datetime.date):
        last_verification_id (UUID): the verification of its last review
        monthly_allowance (str):
        next_review_on (datetime.date):
        recheck_due_on (datetime.date | None): a household check due before the regular review (`next_review_on` is
            brought forward to it): within `review.recheck_after_death_months` of a member's death (2022 通知 一（三）); cleared
            by the next review
        recheck_reason (Literal['member_deceased'] | None): why `recheck_due_on` is set
        region_code (str):
        status (HouseholdStatus):
        updated_at (datetime.datetime):
        verification_id (UUID): the verification it was enrolled from
    """

    area: str
    authorization_expires_at: datetime.datetime | None
    authorization_id: str
    authorization_status: HouseholdAuthorizationStatus
    authorization_withdrawn_on: datetime.date | None
    category: Category
    created_at: datetime.datetime
    end_reason: None | str
    ended_on: datetime.date | None
    enrolled_on: datetime.date
    graduation_started_on: datetime.date | None
    id: UUID
    last_reviewed_on: datetime.date
    last_verification_id: UUID
    monthly_allowance: str
    next_review_on: datetime.date
    recheck_due_on: datetime.date | None
    recheck_reason: Literal["member_deceased"] | None
    region_code: str
    status: HouseholdStatus
    updated_at: datetime.datetime
    verification_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        area = self.area

        authorization_expires_at: None | str
        if isinstance(self.authorization_expires_at, datetime.datetime):
            authorization_expires_at = self.authorization_expires_at.isoformat()
        else:
            authorization_expires_at = self.authorization_expires_at

        authorization_id = self.authorization_id

        authorization_status = self.authorization_status.value

        authorization_withdrawn_on: None | str
        if isinstance(self.authorization_withdrawn_on, datetime.date):
            authorization_withdrawn_on = self.authorization_withdrawn_on.isoformat()
        else:
            authorization_withdrawn_on = self.authorization_withdrawn_on

        category = self.category.value

        created_at = self.created_at.isoformat()

        end_reason: None | str
        end_reason = self.end_reason

        ended_on: None | str
        if isinstance(self.ended_on, datetime.date):
            ended_on = self.ended_on.isoformat()
        else:
            ended_on = self.ended_on

        enrolled_on = self.enrolled_on.isoformat()

        graduation_started_on: None | str
        if isinstance(self.graduation_started_on, datetime.date):
            graduation_started_on = self.graduation_started_on.isoformat()
        else:
            graduation_started_on = self.graduation_started_on

        id = str(self.id)

        last_reviewed_on = self.last_reviewed_on.isoformat()

        last_verification_id = str(self.last_verification_id)

        monthly_allowance = self.monthly_allowance

        next_review_on = self.next_review_on.isoformat()

        recheck_due_on: None | str
        if isinstance(self.recheck_due_on, datetime.date):
            recheck_due_on = self.recheck_due_on.isoformat()
        else:
            recheck_due_on = self.recheck_due_on

        recheck_reason: Literal["member_deceased"] | None
        recheck_reason = self.recheck_reason

        region_code = self.region_code

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        verification_id = str(self.verification_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "area": area,
                "authorization_expires_at": authorization_expires_at,
                "authorization_id": authorization_id,
                "authorization_status": authorization_status,
                "authorization_withdrawn_on": authorization_withdrawn_on,
                "category": category,
                "created_at": created_at,
                "end_reason": end_reason,
                "ended_on": ended_on,
                "enrolled_on": enrolled_on,
                "graduation_started_on": graduation_started_on,
                "id": id,
                "last_reviewed_on": last_reviewed_on,
                "last_verification_id": last_verification_id,
                "monthly_allowance": monthly_allowance,
                "next_review_on": next_review_on,
                "recheck_due_on": recheck_due_on,
                "recheck_reason": recheck_reason,
                "region_code": region_code,
                "status": status,
                "updated_at": updated_at,
                "verification_id": verification_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        area = d.pop("area")

        def _parse_authorization_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                authorization_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return authorization_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        authorization_expires_at = _parse_authorization_expires_at(d.pop("authorization_expires_at"))

        authorization_id = d.pop("authorization_id")

        authorization_status = HouseholdAuthorizationStatus(d.pop("authorization_status"))

        def _parse_authorization_withdrawn_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                authorization_withdrawn_on_type_0 = datetime.date.fromisoformat(data)

                return authorization_withdrawn_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        authorization_withdrawn_on = _parse_authorization_withdrawn_on(d.pop("authorization_withdrawn_on"))

        category = Category(d.pop("category"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_end_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        end_reason = _parse_end_reason(d.pop("end_reason"))

        def _parse_ended_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_on_type_0 = datetime.date.fromisoformat(data)

                return ended_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ended_on = _parse_ended_on(d.pop("ended_on"))

        enrolled_on = datetime.date.fromisoformat(d.pop("enrolled_on"))

        def _parse_graduation_started_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                graduation_started_on_type_0 = datetime.date.fromisoformat(data)

                return graduation_started_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        graduation_started_on = _parse_graduation_started_on(d.pop("graduation_started_on"))

        id = UUID(d.pop("id"))

        last_reviewed_on = datetime.date.fromisoformat(d.pop("last_reviewed_on"))

        last_verification_id = UUID(d.pop("last_verification_id"))

        monthly_allowance = d.pop("monthly_allowance")

        next_review_on = datetime.date.fromisoformat(d.pop("next_review_on"))

        def _parse_recheck_due_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                recheck_due_on_type_0 = datetime.date.fromisoformat(data)

                return recheck_due_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        recheck_due_on = _parse_recheck_due_on(d.pop("recheck_due_on"))

        def _parse_recheck_reason(data: object) -> Literal["member_deceased"] | None:
            if data is None:
                return data
            recheck_reason_type_0 = cast(Literal["member_deceased"], data)
            if recheck_reason_type_0 != "member_deceased":
                raise ValueError(
                    f"recheck_reason_type_0 must match const 'member_deceased', got '{recheck_reason_type_0}'"
                )
            return recheck_reason_type_0
            return cast(Literal["member_deceased"] | None, data)

        recheck_reason = _parse_recheck_reason(d.pop("recheck_reason"))

        region_code = d.pop("region_code")

        status = HouseholdStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        verification_id = UUID(d.pop("verification_id"))

        household = cls(
            area=area,
            authorization_expires_at=authorization_expires_at,
            authorization_id=authorization_id,
            authorization_status=authorization_status,
            authorization_withdrawn_on=authorization_withdrawn_on,
            category=category,
            created_at=created_at,
            end_reason=end_reason,
            ended_on=ended_on,
            enrolled_on=enrolled_on,
            graduation_started_on=graduation_started_on,
            id=id,
            last_reviewed_on=last_reviewed_on,
            last_verification_id=last_verification_id,
            monthly_allowance=monthly_allowance,
            next_review_on=next_review_on,
            recheck_due_on=recheck_due_on,
            recheck_reason=recheck_reason,
            region_code=region_code,
            status=status,
            updated_at=updated_at,
            verification_id=verification_id,
        )

        household.additional_properties = d
        return household

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
