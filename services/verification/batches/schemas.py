"""Request and response shapes of the batch API."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from verification.kit.money import Money
from verification.verifications.schemas import MessageView

MAX_EXPLICIT = 10_000

ItemState = Literal["pending", "running", "done", "failed", "skipped", "cancelled"]
Recommendation = Literal["continue", "increase", "decrease", "stop"]


class DueSelection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: dt.date | None = Field(default=None, description="default: today (UTC)")
    region: str | None = Field(default=None, pattern=r"^\d{2,6}$", description="region-code prefix")


class CreateBatch(BaseModel):
    """Either explicit households or everything due; exactly one of the two."""

    model_config = ConfigDict(extra="forbid")

    household_ids: list[uuid.UUID] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_EXPLICIT,
        description="active households of the calling client",
    )
    due: DueSelection | None = Field(
        default=None, description="every active household due for review by `as_of`"
    )

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


class BatchView(BaseModel):
    id: uuid.UUID
    status: Literal["running", "completed", "cancelled"] = Field(
        description="`completed` once no item is pending or running; `cancelled` when "
        "cancelled (items already running still finish)"
    )
    selection: Literal["households", "due"]
    as_of: dt.date | None
    region_prefix: str | None
    total: int
    counts: BatchCounts
    recommendations: dict[str, int] = Field(description="done items by recommendation")
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
    error: str | None = Field(description="problem code of a failed or skipped item")
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class BatchItems(BaseModel):
    items: list[BatchItemView]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null: done")
