"""A family's link to the consent-use record of its authorization (ADR 0021).

The case system asks for a link (``create_link``) and hands it to the family.  The link
carries an unguessable token (256 random bits); only its SHA-256 is stored.  It is valid
``consent_link_hours`` after it is made; its first opening starts a window of
``consent_link_window_minutes`` within which the family may reload the page; after that
the link is spent.  "One-time" is thus one sitting, not one request: a page that broke on
the first load would otherwise be lost.  Every opening is audited
(``consent_record_opened``, with the link's reference: the first 16 hex digits of the hash);
a refused one too (``consent_link_refused``), and the answer does not tell an expired link
from an unknown or spent one.  The page shows the record and nothing else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from verification.audit.log import record_to, stream_for
from verification.authorization.models import ConsentLink
from verification.clients.models import ApiClient
from verification.consent import repository
from verification.consent.record import ConsentRecord
from verification.consent.uses import consent_record, readable
from verification.db import utcnow
from verification.problems import NotFound
from verification.runtime import Runtime

PATH = "/family/v1/consent/"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_link(
    rt: Runtime,
    client: ApiClient,
    authorization_id: str,
    request_id: str,
    *,
    base_url: str,
    now: dt.datetime | None = None,
) -> tuple[str, ConsentLink]:
    """A new link to the record of ``authorization_id`` (one ``client`` used); the URL (the
    only place its token appears) and the stored link."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    hashed = token_hash(token)
    link = ConsentLink(
        token_hash=hashed,
        authorization_id=authorization_id,
        client_id=client.id,
        created_at=now,
        expires_at=now + dt.timedelta(hours=rt.settings.consent_link_hours),
        openings=0,
    )
    async with rt.transaction() as session:
        await readable(session, client, authorization_id)
        repository.add_link(session, link)
        await rt.audit.append(
            session,
            [
                {
                    "action": "consent_link_created",
                    "client_id": str(client.id),
                    "request_id": request_id,
                    "authorization_id": authorization_id,
                    "link": hashed[:16],
                    "expires_at": link.expires_at.isoformat(),
                }
            ],
        )
    return base_url.rstrip("/") + PATH + token, link


class LinkInvalid(NotFound):
    """The link is unknown, expired or spent: the answer does not say which."""

    code = "consent-link-invalid"


async def open_link(
    rt: Runtime, token: str, request_id: str, *, now: dt.datetime | None = None
) -> ConsentRecord:
    """The record a family's link opens; the opening is audited.  ``LinkInvalid`` (audited
    as ``consent_link_refused``) when the link is unknown, expired or spent."""
    now = now or utcnow()
    hashed = token_hash(token)
    async with rt.transaction() as session:
        link = await repository.link_for_update(session, hashed)
        usable = (
            link is not None
            and now < link.expires_at
            and (link.open_until is None or now < link.open_until)
        )
        if link is None or not usable:
            await rt.audit.append(
                session,
                [{"action": "consent_link_refused", "request_id": request_id, "link": hashed[:16]}],
            )
            refused = True
        else:
            refused = False
            if link.first_opened_at is None:
                link.first_opened_at = now
                link.open_until = now + dt.timedelta(
                    minutes=rt.settings.consent_link_window_minutes
                )
            link.openings += 1
            found = await repository.authorization(session, link.authorization_id)
            assert found is not None
            client = await session.get(ApiClient, link.client_id)
            sandbox = bool(client and client.sandbox)
            # a sandbox client's link: its opening is in the sandbox's log, as its uses are
            record_to(stream_for(sandbox=sandbox))
            record = await consent_record(session, found, sandbox=sandbox)
            await rt.audit.append(
                session,
                [
                    {
                        "action": "consent_record_opened",
                        "client_id": str(link.client_id),
                        "request_id": request_id,
                        "authorization_id": link.authorization_id,
                        "link": hashed[:16],
                        "opening": link.openings,
                    }
                ],
            )
    if refused:  # after the commit: the refusal's audit entry is stored
        raise LinkInvalid("this link is not valid", audit_action="")
    return record
