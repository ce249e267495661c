"""The request and response shapes of /v1/spot-checks."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, field_serializer

from verification.spot_checks.sampling import rate_text

Status = Literal["awaiting_checkpoint", "drawn"]
_RATE_PATTERN = r"^(0\.([1-9][0-9]{0,3}|0[1-9][0-9]{0,2}|00[1-9][0-9]?|000[1-9])|1(\.0{1,4})?)$"


def _rate_text(value: object) -> object:
    if not isinstance(value, str):
        # pydantic reports a ValueError as a field error; a TypeError would escape it
        raise ValueError('a rate is a decimal string such as "0.30", not a JSON number')  # noqa: TRY004
    return value


# a decimal string: (0, 1], at most four places
Rate = Annotated[
    Decimal,
    BeforeValidator(_rate_text),
    Field(gt=0, le=1, max_digits=5, decimal_places=4),
    WithJsonSchema({"type": "string", "pattern": _RATE_PATTERN, "examples": ["0.30"]}),
]
VisitOutcome = Literal["consistent", "inconsistent", "not_reachable"]


class CreateSpotCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    region_prefix: Annotated[
        str,
        Field(
            pattern=r"^[0-9]{2,6}$",
            description="the region (区划代码 prefix, 2–6 digits) the frame is drawn from; one "
            "the client may use",
            examples=["4501"],
        ),
    ]
    period_from: Annotated[dt.date, Field(description="first assessment date of the frame")]
    period_to: Annotated[dt.date, Field(description="last assessment date of the frame")]
    rate: Rate | None = Field(
        default=None,
        description="a sampling rate above the policy's minimum (a decimal string in (0, 1], "
        "at most four places); default: the policy's (30 % where no layer states one)",
    )


class Stratum(BaseModel):
    region_code: str
    outcome: str
    frame: int
    drawn: int
    visited: int


class DrawnUnit(BaseModel):
    verification_id: uuid.UUID
    region_code: str
    outcome: str
    rank: int
    visited_on: dt.date | None = None
    visit_outcome: VisitOutcome | None = None
    has_note: bool = False


class SpotCheckView(BaseModel):
    id: uuid.UUID
    status: Status
    region_prefix: str
    period_from: dt.date
    period_to: dt.date
    rate: Decimal
    rate_basis: Literal["policy", "service_default", "requested"]
    rate_citation: str | None
    policy: str
    frame_digest: str
    frame_count: int
    frame_index: int | None = Field(description="the frame event's leaf index, once in the log")
    checkpoint_size: int | None = Field(description="the checkpoint the seed is taken from")
    seed: str | None
    created_at: dt.datetime
    drawn_at: dt.datetime | None
    strata: list[Stratum]
    drawn: list[DrawnUnit]

    @field_serializer("rate")
    def _rate(self, rate: Decimal) -> str:
        return rate_text(rate)


class SpotCheckList(BaseModel):
    items: list[SpotCheckView]


class RecordVisit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verification_id: uuid.UUID
    visited_on: Annotated[dt.date, Field(description="the Beijing date of the visit")]
    outcome: VisitOutcome
    note: Annotated[
        str | None,
        Field(
            default=None,
            max_length=2000,
            description="what the visit found; stored encrypted, never audited",
        ),
    ] = None


class FrameUnit(BaseModel):
    id: uuid.UUID
    region: str
    outcome: str


class FrameEvent(BaseModel):
    index: int = Field(description="the leaf index (seq − 1)")
    body: str = Field(description="the entry's body, byte for byte as the log hashed it")


class SpotCheckExport(BaseModel):
    """What an auditor recomputes the sample from (`verification spot-check verify`)."""

    format: Literal["spot-check-export v1"] = "spot-check-export v1"
    spot_check_id: uuid.UUID
    region_prefix: str
    period_from: dt.date
    period_to: dt.date
    rate: str
    frame_digest: str
    frame: list[FrameUnit]
    frame_event: FrameEvent
    receipt: str = Field(
        description="tlog-proof of the frame event under the seed's checkpoint (its extra "
        "line the event's body)"
    )
    checkpoint: dict[str, Any] = Field(description="the seed's checkpoint: size, root, note")
    log_origin: str
    seed: str
    drawn: list[uuid.UUID]
