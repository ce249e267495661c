"""公安 public security: identity verification, codes in a ``code/msg/data`` envelope.

Errors are answered with HTTP 200 and a code, as the agency does: ``1004``
for a person it does not hold, ``9001`` for a body that is not a JSON object
with string ``sfzhm`` and ``xm``, or whose ``sfzhm`` is not a valid ID number.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request

from mock_sources.records import is_valid_id_number
from mock_sources.scenarios import records_for

router = APIRouter(prefix="/hukou", tags=["hukou"])

_NOT_FOUND = {"code": "1004", "msg": "查无此人", "data": None}
_BAD_REQUEST = {"code": "9001", "msg": "参数错误", "data": None}


@router.post("/api/v2/person/verify")
async def verify_person(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except ValueError:
        return _BAD_REQUEST
    if not isinstance(body, dict):
        return _BAD_REQUEST
    id_number, name = body.get("sfzhm"), body.get("xm")
    if not (isinstance(id_number, str) and isinstance(name, str)):
        return _BAD_REQUEST
    if not is_valid_id_number(id_number):
        return _BAD_REQUEST
    records = records_for(id_number)
    entry = records.hukou if records is not None else None
    if entry is None:
        return _NOT_FOUND
    return {
        "code": "0000",
        "msg": "成功",
        "data": {
            "rybh": entry.record_ref,
            "hjzt": entry.status.value,
            "swrq": entry.date_of_death.isoformat() if entry.date_of_death else None,
            "hjdz_xzqh": entry.region,
            "xm_match": "1" if entry.name_matches(name) else "0",
        },
    }
