"""Request and response shapes of the enrolled-household API."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from verification.households.scheduling import Category
from verification.kit.money import Money
from verification.paging import Page

# what the monthly_allowance column (NUMERIC(12, 2)) holds
Allowance = Annotated[Money, Field(le=Decimal("9999999999.99"))]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EnrollHousehold(_Body):
    verification_id: uuid.UUID = Field(
        description="a completed verification of the calling client with outcome `eligible`"
    )
    category: Category = Field(description="the category that sets the review interval")
    monthly_allowance: Allowance | None = Field(
        default=None, description="yuan per month; default: the report's suggested allowance"
    )


class UpdateHousehold(_Body):
    category: Category | None = Field(
        default=None, description="a new category reschedules the review from the last one"
    )
    monthly_allowance: Allowance | None = None
    reauthorized_by: uuid.UUID | None = Field(
        default=None,
        description="re-authorization: a completed verification (of this client) of the same "
        "people in the same region under the household's new authorization; its reviews go "
        "on under that authorization, compared with that verification's report "
        "(`authorization_status` back to `active` from `revoked` or `expired`; "
        "`409 household-mismatch` for other people, `409 verification-incomplete` while it "
        "is not completed, `422 authorization-revoked` if that one was withdrawn too, "
        "`422 expired` if it has expired too)",
    )


class EndHousehold(_Body):
    reason: Annotated[str, Field(min_length=1, max_length=500, description="why aid ends")]


class Household(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    verification_id: uuid.UUID = Field(description="the verification it was enrolled from")
    last_verification_id: uuid.UUID = Field(description="the verification of its last review")
    authorization_id: str
    region_code: str
    area: str
    category: Category
    monthly_allowance: Money
    status: Literal["active", "ended"]
    enrolled_on: dt.date
    last_reviewed_on: dt.date
    next_review_on: dt.date
    graduation_started_on: dt.date | None = Field(
        description="when a review found it lifted out by income; the 渐退 period runs from here"
    )
    recheck_due_on: dt.date | None = Field(
        description="a household check due before the regular review (`next_review_on` is "
        "brought forward to it): within `review.recheck_after_death_months` of a member's "
        "death (2022 通知 一（三）); cleared by the next review"
    )
    recheck_reason: Literal["member_deceased"] | None = Field(
        description="why `recheck_due_on` is set"
    )
    ended_on: dt.date | None
    end_reason: str | None
    authorization_status: Literal["active", "revoked", "expired"] = Field(
        description="`revoked`: the household withdrew the authorization its reviews use "
        '(撤回授权) — it needs a new one: scheduled and "everything due" batches leave it out '
        "(a batch naming it skips it, `authorization-revoked`) until it is re-authorized "
        "(`reauthorized_by`); `expired`: that authorization is past its validity "
        "(`authorization_expires_at`, the moment the answer was made) — it needs a new one "
        "as well: left out of those batches the same way (a batch naming it fails it, "
        "`expired`) until re-authorized"
    )
    authorization_withdrawn_on: dt.date | None = Field(
        description="the Beijing date the household withdrew that authorization"
    )
    authorization_expires_at: dt.datetime | None = Field(
        description="when the authorization its reviews use expires (its `exp`); past it, "
        "`authorization_status` is `expired`"
    )
    created_at: dt.datetime
    updated_at: dt.datetime


class DueHouseholds(BaseModel):
    items: list[Household]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null: done")


class HouseholdPage(Page):
    items: list[Household] = Field(description="oldest first, by (`created_at`, `id`)")
