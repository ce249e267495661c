"""公安 wire format: ``POST api/v2/person/verify`` and its ``code``/``msg``/``data`` envelope."""

from __future__ import annotations

from typing import Annotated, Final, Literal

from pydantic import StringConstraints

from connectors.sdk.evidence import Evidence, IdentityFact, PersonStatus, RecordRef
from connectors.sdk.wire import IsoDate, Reference, WireModel

SCOPE: Final = "hukou"
VERIFY_PATH: Final = "api/v2/person/verify"
CODE_OK: Final = "0000"
CODE_NO_SUCH_PERSON: Final = "1004"

_STATUS: Final = {
    "正常": PersonStatus.ACTIVE,
    "死亡": PersonStatus.DECEASED,
    "迁出": PersonStatus.MOVED_OUT,
}


class VerifyRequest(WireModel):
    sfzhm: str
    xm: str


class Person(WireModel):
    rybh: Reference
    hjzt: Literal["正常", "死亡", "迁出"]
    swrq: IsoDate | None = None
    hjdz_xzqh: Annotated[str, StringConstraints(pattern=r"^\d{6}$")]
    xm_match: Literal["0", "1"]


class VerifyReply(WireModel):
    code: Annotated[str, StringConstraints(max_length=16)]
    data: Person | None = None


def to_evidence(person: Person) -> Evidence:
    return Evidence(
        identity=IdentityFact(
            status=_STATUS[person.hjzt],
            name_matches=person.xm_match == "1",
            registered_region=person.hjdz_xzqh,
            date_of_death=person.swrq,
            ref=RecordRef(SCOPE, person.rybh),
        )
    )
