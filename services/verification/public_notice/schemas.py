from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from verification.kit.money import Money
from verification.policies.layered.params import PublishedField


class Published(BaseModel):
    """What is published, and nothing else: exactly the fields of `publication.fields` in
    force (办法 第二十四条: the applicant's name, the number of members and the amount; "不得
    公开无关信息"). A field the rule does not list is absent."""

    model_config = ConfigDict(extra="forbid")

    applicant_name: str | None = Field(
        default=None,
        description="the masked name of the applicant (韦*强): the head of household, or for "
        "a single-person household (单人户) the member assessed alone",
    )
    household_size: int | None = Field(
        default=None, description="the number of people the allowance covers"
    )
    household_members: list[str] | None = Field(
        default=None, description="the members' masked names (older regional rules only)"
    )
    income: Money | None = Field(
        default=None,
        description="the household's monthly income, yuan (older regional rules only)",
    )
    allowance_amount: Money | None = Field(
        default=None, description="the suggested monthly allowance, yuan"
    )


class NoticePeriod(BaseModel):
    """The 公示 period (办法 第十九条第一款: 公示期为7天), in Beijing dates, both included."""

    days: int = Field(description="`publicity.notice_days` in force on `starts_on`")
    starts_on: dt.date
    ends_on: dt.date = Field(description="the last day of the notice: starts_on + days − 1")
    basis: str = Field(description="the article (Chinese)")


class PublicNotice(BaseModel):
    """The 公示 of an eligible household: the published content, which fields the rule in
    force lists (and its article), and the notice period. No ID numbers, no incomes (unless
    an older rule lists them), no assets, no sources, no identifiers of the service."""

    published: Published
    fields: list[PublishedField] = Field(description="`publication.fields` in force")
    fields_basis: str = Field(description="the article that lists them (Chinese)")
    notice_period: NoticePeriod | None = Field(
        description="null only if no notice period is in force on the date"
    )
