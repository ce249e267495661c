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
