"""Request and response shapes of the batch API."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from verification.kit.money import Money
from verification.kit.rfc3339 import Rfc3339Date
from verification.paging import Page
from verification.reports.model import MessageView

MAX_EXPLICIT = 10_000
SELECTIONS = ("household_ids", "due")
# the largest body POST /v1/batches takes: MAX_EXPLICIT household ids with room for any
# usual JSON layout (indented, one per line: about 44 bytes each); other routes keep
# VERIFICATION_MAX_BODY_BYTES
MAX_BODY_BYTES = 640 * 1024

ItemState = Literal["pending", "running", "done", "failed", "skipped", "cancelled"]
Recommendation = Literal["continue", "increase", "decrease", "stop"]


class DueSelection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: Rfc3339Date | None = Field(
        default=None, description="default: today in the deployment's time zone"
    )
    region: str | None = Field(
        default=None, pattern=r"^[0-9]{2,6}$", description="region-code prefix"
    )


def _exactly_one_selection(schema: dict[str, Any]) -> None:
    """The JSON schema as the model validates: each member, when given, is not null, and
    exactly one of the two is given."""
    for name in SELECTIONS:
        member = schema["properties"][name]
        (given,) = [option for option in member.pop("anyOf") if option.get("type") != "null"]
        member.pop("default", None)
        member.update(given)
    schema["oneOf"] = [{"required": [name]} for name in SELECTIONS]


class CreateBatch(BaseModel):
    """Either explicit households or everything due; exactly one of the two."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_exactly_one_selection)

    household_ids: list[uuid.UUID] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_EXPLICIT,
        description=f"active households of the calling client (at most {MAX_EXPLICIT:,})",
    )
    due: DueSelection | None = Field(
        default=None, description="every active household due for review by `as_of`"
    )

    @field_validator(*SELECTIONS, mode="before")
    @classmethod
    def _given_is_not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("leave the member out instead of sending null")
        return value

    @model_validator(mode="after")
    def _one_selection(self) -> CreateBatch:
        if (self.household_ids is None) == (self.due is None):
            raise ValueError("give exactly one of household_ids and due")
        return self


class BatchCounts(BaseModel):
    pending: int = 0
    running: int = 0
    done: int = 0
    failed: int = 0
    skipped: int = 0
    cancelled: int = 0


class BatchLeftOut(BaseModel):
    authorization_revoked: int = Field(
        description="due households waiting for a new authorization: withdrawn "
        "(`authorization_status: revoked`)"
    )
    authorization_expired: int = Field(
        description="due households waiting for a new authorization: past its validity "
        "when the batch was made (`authorization_status: expired`)"
    )


class BatchView(BaseModel):
    id: uuid.UUID
    status: Literal["running", "completed", "cancelled"] = Field(
        description="`completed` once every item ended (recorded with the `batch.completed` "
        "event, a moment after the last item's end); `cancelled` when cancelled (items "
        "already running still finish)"
    )
    selection: Literal["households", "due"]
    as_of: dt.date | None
    region_prefix: str | None
    total: int
    counts: BatchCounts
    left_out: BatchLeftOut = Field(
        description='"everything due" (`due`): the due households it left out, not in '
        "`total`, until each is re-authorized (`reauthorized_by`); 0 for named households"
    )
    recommendations: dict[Recommendation, int] = Field(description="done items by recommendation")
    rate_per_second: float | None = Field(
        description="items finished per second over the last minute (or since the start)"
    )
    eta_seconds: float | None = Field(description="at that rate; null when unknown or done")
    created_at: dt.datetime
    finished_at: dt.datetime | None
    cancelled_at: dt.datetime | None


class Change(BaseModel):
    subject: str
    previous: str
    current: str
    member_index: int | None = None


class BatchItemView(BaseModel):
    household_id: uuid.UUID
    state: ItemState
    attempts: int
    verification_id: uuid.UUID | None = Field(description="the review's verification")
    recommendation: Recommendation | None
    reasons: list[MessageView] = Field(
        description="why this recommendation: stable codes with parameters, and their text "
        "in the requested language (zh-CN unless `lang=en` / `Accept-Language: en`)"
    )
    changes: list[Change]
    new_allowance: Money | None = Field(description="suggested monthly allowance, yuan")
    graduation: bool = Field(description="continued under the 渐退 period")
    error: str | None = Field(
        description="problem code of a failed or skipped item: `expired`, `revoked-key`, "
        "`gave-up`, `household-ended`, `person-in-other-household`, `authorization-revoked` "
        "(skipped: the household withdrew its authorization)"
    )
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class BatchItems(BaseModel):
    items: list[BatchItemView]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null: done")


class BatchPage(Page):
    items: list[BatchView] = Field(description="oldest first, by (`created_at`, `id`)")
