"""Uploading a list: checked, turned into blind indexes at once, stored as the next version
of the client's (kind, region prefix) list; the version before is superseded and its
entries deleted.  The ID numbers are never stored, logged, audited or echoed: a refusal
names an invalid entry by its position and a reason code."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from typing import Final

from sqlalchemy.exc import IntegrityError

from verification.clients.models import ApiClient
from verification.cross_lists import repository
from verification.cross_lists.entries import check_entries
from verification.cross_lists.events import list_event
from verification.cross_lists.models import CrossList
from verification.cross_lists.schemas import CrossListView, UploadCrossList
from verification.db import utcnow
from verification.problems import Conflict, Forbidden, InvalidRequest
from verification.runtime import Runtime
from verification.verifications.create import person_ref

SHOWN_INVALID: Final = 100  # invalid entries named in a refusal (all are counted)
DIGEST_PURPOSE: Final = "cross-list-digest"


def _person(runtime: Runtime, number: str, *, sandbox: bool) -> dict[str, str]:
    ref = person_ref(runtime, number, sandbox=sandbox)
    return {"person_index": ref["person"], "person_masked": ref["person_masked"]}


async def upload_list(
    runtime: Runtime, client: ApiClient, body: UploadCrossList, request_id: str
) -> CrossListView:
    refs = {"kind": body.kind.value, "region_prefix": body.region_prefix}
    if not client.may_use_region(body.region_prefix):
        raise Forbidden(
            "this client may not use this region prefix",
            code="region-not-permitted",
            audit=refs,
        )
    checked = check_entries(body.id_numbers)
    if checked.invalid:
        shown = [{"entry": i.entry, "problem": i.problem} for i in checked.invalid[:SHOWN_INVALID]]
        raise InvalidRequest(
            f"{len(checked.invalid)} of {len(body.id_numbers)} entries are not valid ID "
            "numbers (GB 11643); nothing was stored",
            code="invalid-cross-list",
            status=422,
            audit={**refs, "invalid_entries": len(checked.invalid)},
            extra={"invalid_count": len(checked.invalid), "invalid_entries": shown},
        )
    keyring = runtime.keyring
    # a sandbox client's people are the sandbox's (their own blind index), as its members are
    people = [
        {"entry": position, **_person(runtime, number, sandbox=client.sandbox)}
        for position, number in checked.valid
    ]
    digest = hmac.new(
        keyring.derived_key(DIGEST_PURPOSE),
        "\n".join(sorted(str(p["person_index"]) for p in people)).encode(),
        hashlib.sha256,
    ).hexdigest()
    async with runtime.transaction() as session:
        previous = await repository.latest_version(
            session, client.id, body.kind.value, body.region_prefix
        )
        row = CrossList(
            id=uuid.uuid4(),
            client_id=client.id,
            sandbox=client.sandbox,
            kind=body.kind.value,
            region_prefix=body.region_prefix,
            version=previous.version + 1 if previous else 1,
            status="current",
            entry_count=len(people),
            duplicate_count=checked.duplicates,
            digest=digest,
            created_at=utcnow(),
        )
        replaced = previous if previous is not None and previous.status == "current" else None
        if replaced is not None:
            await repository.supersede(session, replaced)
        try:
            await repository.add_list(
                session, row, [{"list_id": row.id, **person} for person in people]
            )
        except IntegrityError:  # another upload of the same list took this version
            raise Conflict(
                "another upload of this list was stored at the same time; upload again",
                code="cross-list-conflict",
                audit=refs,
            ) from None
        event = list_event(
            client.id,
            row,
            request_id,
            "cross_list_uploaded",
            entries=row.entry_count,
            duplicates=row.duplicate_count,
            digest=digest,
            replaces=str(replaced.id) if replaced else None,
        )
        await runtime.audit.append(session, [event])
        view = CrossListView.model_validate(row)
        return view.model_copy(update={"replaces": replaced.id if replaced else None})
