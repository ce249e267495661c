"""The shapes of the webhook routes' requests and answers."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from verification.webhooks.addresses import MAX_URL_LENGTH

EventTypeName = Literal[
    "verification.completed",
    "verification.revised",
    "verification.overdue",
    "batch.completed",
    "cross_list.compared",
    "appeal.overdue",
]
Url = Annotated[str, StringConstraints(min_length=8, max_length=MAX_URL_LENGTH)]
EventTypes = Annotated[list[EventTypeName], Field(min_length=1, max_length=16)]
Description = Annotated[str, StringConstraints(max_length=200)]

_EXAMPLE_URL = "https://case-system.example.cn/hooks/verification"


class CreateEndpoint(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": _EXAMPLE_URL,
                    "event_types": ["verification.completed", "verification.revised"],
                    "description": "区县案件系统",
                }
            ]
        },
    )

    url: Url = Field(
        description="where events are POSTed: https (plain http only to the loopback "
        "interface in demo mode)"
    )
    event_types: EventTypes = Field(description="the event types to receive (no duplicates)")
    description: Description | None = None


class UpdateEndpoint(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"enabled": True}, {"event_types": ["batch.completed"]}]},
    )

    url: Url | None = None
    event_types: EventTypes | None = None
    description: Description | None = None
    enabled: bool | None = Field(
        default=None,
        description="false stops deliveries (they wait); true resumes them, also after the "
        "service disabled the endpoint because its deliveries kept failing",
    )


class SecretView(BaseModel):
    """A signing secret, without its value (which is shown once)."""

    id: uuid.UUID
    created_at: dt.datetime
    expires_at: dt.datetime | None = Field(
        description="when it stops signing (a rotated-out secret); null: current"
    )


class EndpointView(BaseModel):
    id: uuid.UUID
    url: str
    event_types: list[str]
    description: str | None
    status: Literal["enabled", "disabled"]
    disabled_reason: Literal["deliveries-failing", "client"] | None = Field(
        description="`deliveries-failing`: the service gave up a delivery after its retry "
        "schedule and disabled the endpoint; `client`: disabled by the client"
    )
    disabled_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    secrets: list[SecretView] = Field(description="the secrets deliveries are signed with")


class CreatedEndpoint(EndpointView):
    secret: str = Field(
        description="the signing secret (`whsec_…`), shown this once: store it now",
        examples=["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
    )


class EndpointList(BaseModel):
    items: list[EndpointView]


class RotatedSecret(BaseModel):
    endpoint_id: uuid.UUID
    secret: str = Field(description="the new signing secret (`whsec_…`), shown this once")
    previous_expires_at: dt.datetime | None = Field(
        description="until when the previous secrets keep signing beside the new one"
    )


class AttemptView(BaseModel):
    attempted_at: dt.datetime
    status_code: int | None = Field(description="the endpoint's HTTP status; null: no answer")
    error: str | None = Field(
        description="why there was no answer: `timeout`, `connection`, `address-not-allowed` "
        "(in production, the host name resolved only to private, loopback or reserved "
        "addresses), `request-failed`"
    )
    latency_ms: int


class DeliveryView(BaseModel):
    id: int
    event_id: uuid.UUID = Field(description="the `webhook-id` header: the same on every retry")
    event_type: str
    resource: str = Field(description="what the event is about (`verification:<id>`); in order")
    status: Literal["pending", "succeeded", "failed"]
    attempts: int
    next_attempt_at: dt.datetime | None = Field(description="null once it ended")
    created_at: dt.datetime
    finished_at: dt.datetime | None
    redelivery_of: int | None
    attempt_log: list[AttemptView]


class DeliveryList(BaseModel):
    items: list[DeliveryView]
    next_cursor: str | None = Field(description="pass as `cursor` for the next (older) page")


class EventTypeView(BaseModel):
    type: str
    resource: str
    description: str
    data: list[str] = Field(description="the fields of the event's `data`")


class EventTypeList(BaseModel):
    items: list[EventTypeView]
    signature_scheme: str = "https://www.standardwebhooks.com"
