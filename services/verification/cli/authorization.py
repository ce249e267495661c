"""``verification authorization``: signed authorizations (授权核对委托书) for testing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from verification.consent.record import ConsentRecord

authorization_app = typer.Typer(
    help="Authorizations (授权核对委托书): sign a request body with an issuing office's key; "
    "an authorization's consent-use record; the household's revocation.",
    no_args_is_help=True,
)


@authorization_app.command("sign")
def sign_authorization(
    key: Annotated[Path, typer.Option(help="issuer private key file from 'keys create-issuer'")],
    scenario: Annotated[
        str | None, typer.Option(help="a scenario household of the mock agencies")
    ] = None,
    payload: Annotated[
        Path | None, typer.Option(help="a JSON payload file to sign instead")
    ] = None,
) -> None:
    """Print a request body with a signed authorization (for a scenario or a payload file)."""
    from verification.authorization.signing import IssuerKeyPair
    from verification.demo import scenario_request

    pair = IssuerKeyPair.from_json(key.read_text())
    if scenario:
        try:
            body = scenario_request(pair, scenario)
        except KeyError:
            raise typer.BadParameter(f"no scenario household {scenario!r}") from None
    elif payload:
        body = {"authorization": pair.sign(json.loads(payload.read_text()))}
    else:
        raise typer.BadParameter("give --scenario or --payload")
    print(json.dumps(body, indent=2))


@authorization_app.command("sign-obligor")
def sign_obligor_consent(  # noqa: PLR0917
    key: Annotated[Path, typer.Option(help="issuer private key file from 'keys create-issuer'")],
    household: Annotated[
        Path,
        typer.Option(
            help="the household's request body ('authorization sign' printed it): the consent "
            "supports its authorization and is added to its 'obligors'"
        ),
    ],
    obligor: Annotated[
        Path | None,
        typer.Option(
            help='a JSON file {"id_number", "name", "relation"}: the obligor, who has signed '
            "the consent (relation: parent, adult_child, spouse_apart, grandparent, "
            "grandchild, sibling)"
        ),
    ] = None,
    payload: Annotated[
        Path | None, typer.Option(help="a JSON consent payload file to sign instead")
    ] = None,
    household_size: Annotated[
        int, typer.Option(min=1, max=30, help="the obligor's own household, as declared")
    ] = 1,
    scopes: Annotated[
        str | None,
        typer.Option(help="comma-separated scopes the obligor allows (default: every source)"),
    ] = None,
    valid_days: Annotated[int, typer.Option(min=1, help="days the consent is valid")] = 365,
) -> None:
    """Print the household's request body with a support obligor's signed consent
    (义务人授权核对同意书) added to its 'obligors' (docs/integrators/signing-authorizations.md,
    "Support obligors")."""
    import datetime as dt

    from verification.authorization.signing import IssuerKeyPair, obligor_consent_payload

    pair = IssuerKeyPair.from_json(key.read_text())
    body = json.loads(household.read_text())
    if not isinstance(body, dict) or not isinstance(body.get("authorization"), str):
        raise typer.BadParameter("--household: not a request body with an 'authorization'")
    if payload:
        claims = json.loads(payload.read_text())
    elif obligor:
        person = json.loads(obligor.read_text())
        claims = obligor_consent_payload(
            issuer=pair.issuer,
            supports_authorization_id=_authorization_id(body["authorization"]),
            obligor={**person, "consented": True},
            now=dt.datetime.now(dt.UTC),
            valid_days=valid_days,
            scopes=[s.strip() for s in scopes.split(",") if s.strip()] if scopes else None,
        )
    else:
        raise typer.BadParameter("give --obligor or --payload")
    entry = {"authorization": pair.sign(claims), "household_size": household_size}
    body["obligors"] = [*body.get("obligors", []), entry]
    print(json.dumps(body, indent=2))


def _authorization_id(jws: str) -> str:
    """The ``authorization_id`` of a compact JWS's payload (read, not verified: the service
    verifies both signatures)."""
    import base64

    try:
        segment = jws.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
        return str(claims["authorization_id"])
    except (IndexError, ValueError, KeyError, TypeError):
        raise typer.BadParameter("--household: its authorization is not a JWS") from None


@authorization_app.command("uses")
def uses_command(
    authorization_id: Annotated[str, typer.Argument(help="the authorization's authorization_id")],
    as_json: Annotated[
        bool, typer.Option("--json", help="the record as the API serves it, on standard output")
    ] = False,
    lang: Annotated[str, typer.Option(help="zh-CN (default) or en")] = "zh-CN",
) -> None:
    """The consent-use record of an authorization (授权使用记录): every use — when (Beijing
    time), for which purpose, by which client, each agency's outcome — and its revocation; no
    data values.  The read is audited (``consent_record_read``, actor ``cli``)."""
    from verification.audit.log import append_events
    from verification.cli.common import database_call, settings_with_database
    from verification.consent.repository import authorization
    from verification.consent.uses import consent_record
    from verification.consent.view import record_view
    from verification.db import utcnow
    from verification.messages.locale import Locale
    from verification.problems import NotFound

    try:
        locale = Locale(lang)
    except ValueError:
        raise typer.BadParameter(f"{lang!r}: give zh-CN or en") from None
    settings = settings_with_database()

    async def read(session: AsyncSession) -> ConsentRecord:
        found = await authorization(session, authorization_id)
        if found is None:
            raise NotFound("no authorization with this id")
        record = await consent_record(session, found, sandbox=False)
        await append_events(
            session,
            [
                {
                    "action": "consent_record_read",
                    "actor": "cli",
                    "authorization_id": authorization_id,
                    "uses": len(record.uses),
                }
            ],
        )
        return record

    view = record_view(database_call(read), locale, settings.timezone, utcnow())
    if as_json:
        typer.echo(view.model_dump_json(indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"授权使用记录 {view.authorization_id}（{view.status_text}）")
    for column in ("时间（北京时间）", "用途", "使用系统", "查询部门及答复"):
        table.add_column(column)
    for use in view.uses:
        agencies = "；".join(f"{a.name}：{a.outcome_text}" for a in use.agencies)
        table.add_row(use.at_beijing, use.purpose_text, use.client, agencies)
    console = Console(soft_wrap=True)
    console.print(table)
    if view.revocation is not None:
        revoked = view.revocation
        console.print(
            f"已撤回：{revoked.withdrawn_on.isoformat()}（{revoked.reason_text}），"
            f"登记于 {revoked.recorded_at_beijing}"
        )


@authorization_app.command("revoke")
def revoke_command(
    authorization_id: Annotated[str, typer.Argument(help="the authorization's authorization_id")],
    reason: Annotated[
        str,
        typer.Option(help="why: household_withdrew, application_withdrawn, moved_away or other"),
    ],
    withdrawn_on: Annotated[
        str | None,
        typer.Option(help="the Beijing date the household withdrew (YYYY-MM-DD); default today"),
    ] = None,
) -> None:
    """Record that the household withdrew its authorization (撤回授权): every later use —
    retry, batch review, a new verification with the same signed authorization — is refused
    (authorization-revoked), queued batch items under it are skipped, awaited agency answers
    are no longer collected (the next poll of the running service completes the
    verifications that waited for them), enrolled households under it are left out of due
    batches until re-authorized.  Audited (``authorization_revoked``, actor ``cli``)."""
    import datetime as dt

    from pydantic import TypeAdapter, ValidationError

    from verification.audit.log import append_events
    from verification.cli.common import database_call, settings_with_database
    from verification.consent.revoke import check_date, record_revocation
    from verification.consent.schemas import REVOCATION_REASONS
    from verification.db import utcnow
    from verification.kit.business_date import business_date
    from verification.kit.rfc3339 import Rfc3339Date

    if reason not in REVOCATION_REASONS:
        raise typer.BadParameter(f"--reason: one of {', '.join(REVOCATION_REASONS)}")
    settings = settings_with_database()
    now = utcnow()
    today = business_date(now, settings.timezone)
    try:
        day = TypeAdapter(Rfc3339Date).validate_python(withdrawn_on) if withdrawn_on else today
    except ValidationError:
        raise typer.BadParameter(f"{withdrawn_on!r} is not a date (YYYY-MM-DD)") from None

    async def record(session: AsyncSession) -> dt.date:
        check_date(authorization_id, day, today)
        answer, event = await record_revocation(
            session,
            authorization_id,
            reason=reason,  # type: ignore[arg-type]  # checked above
            withdrawn_on=day,
            now=now,
        )
        await append_events(session, [{**event, "actor": "cli"}])
        return answer.withdrawn_on

    recorded = database_call(record)
    typer.echo(f"revoked {authorization_id} (withdrawn on {recorded.isoformat()}, {reason})")
