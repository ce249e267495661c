from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from verification.kit.money import Money


class PublicNotice(BaseModel):
    """What the 公示 of an approved household may show, and nothing else: no ID
    numbers, no incomes, no assets, no sources."""

    head_of_household: str = Field(
        description="the masked name of the head of household (韦*强); for a single-person "
        "household (单人户), of the member assessed alone"
    )
    region_code: str = Field(description="6-digit administrative division")
    household_size: int = Field(description="the number of people the allowance covers")
    monthly_allowance: Money = Field(description="the suggested monthly allowance, yuan")
    policy_id: str
    verified_on: dt.date = Field(description="the assessment date")
