"""住房公积金 housing provident fund: ``ret/msg/acct``, amounts as yuan strings.

One account per person.  No account is HTTP 200 ``ret`` 1 ``无此账户``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from mock_sources.records import two_places
from mock_sources.scenarios import records_for

router = APIRouter(prefix="/provident-fund", tags=["provident_fund"])


@router.get("/accounts/{id_number}")
async def get_account(id_number: str) -> dict[str, Any]:
    records = records_for(id_number)
    account = records.provident_fund if records is not None else None
    if account is None:
        return {"ret": 1, "msg": "无此账户", "acct": None}
    return {
        "ret": 0,
        "msg": "ok",
        "acct": {
            "grzh": account.account_number,
            "zt": account.state.value,
            "jcjs": two_places(account.contribution_base),
            "yjce": two_places(account.monthly_deposit),
            "ye": two_places(account.balance),
        },
    }
