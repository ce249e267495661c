"""``verification authorization``: signed authorizations (授权核对委托书) for testing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

authorization_app = typer.Typer(
    help="Authorizations (授权核对委托书): sign a request body with an issuing office's key.",
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
