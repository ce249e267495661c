"""``verification policy show``: the effective layered policy for a region and a date."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from pydantic import TypeAdapter, ValidationError
from rich.console import Console
from rich.table import Table

from verification.kit.business_date import business_date
from verification.kit.rfc3339 import Rfc3339Date
from verification.policies.effective import (
    EffectivePolicyView,
    EntryView,
    ParameterView,
    effective_policy,
    valid_region,
)
from verification.policies.layered.loading import LayerFileError, LayerSet, default_layers_dir
from verification.settings import Settings

policy_app = typer.Typer(
    help="The layered national policy (分级政策参数): the values in force for a region on a date.",
    no_args_is_help=True,
)
errors = Console(stderr=True, soft_wrap=True)

_STATUS = {
    "in_force": "[green]现行[/green]",
    "left_to_local": "[yellow]由地方规定[/yellow]",
    "lapsed": "[red]已失效[/red]",
    "unset": "[dim]未规定[/dim]",
}


_DATE = TypeAdapter(Rfc3339Date)


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return _DATE.validate_python(text)
    except ValidationError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from None


@policy_app.command("show")
def show(
    region: Annotated[str, typer.Argument(help="region code, 2 to 12 digits (e.g. 450102)")],
    on: Annotated[
        str | None,
        typer.Option(help="the date (YYYY-MM-DD); default: today in the deployment's time zone"),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="print the JSON of GET /v1/policies/effective")
    ] = False,
) -> None:
    """Every parameter in force for REGION on a date: value, state, layer, period, citation."""
    if not valid_region(region):
        raise typer.BadParameter(f"{region!r} is not a region code of 2 to 12 digits")
    settings = Settings()
    day = _date(on) or business_date(dt.datetime.now(dt.UTC), settings.timezone)
    try:
        layers = LayerSet.from_dir(settings.layers_dir or default_layers_dir())
    except LayerFileError as exc:
        errors.print(f"[red]layer files:[/red] {exc}")
        raise typer.Exit(1) from None
    view = effective_policy(layers, region, day)
    if as_json:
        print(json.dumps(view.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    Console().print(_table(view))


def _table(view: EffectivePolicyView) -> Table:
    chain = " → ".join(f"{layer.name}（{layer.id}）" for layer in view.layers)
    table = Table(title=f"{view.region} {view.on.isoformat()}：{chain}", show_lines=False)
    table.add_column("parameter", no_wrap=True)
    table.add_column("value")
    table.add_column("state", no_wrap=True)
    table.add_column("from layer", no_wrap=True)
    table.add_column("valid", no_wrap=True)
    table.add_column("citation")
    for param in view.parameters:
        source = param.source
        table.add_row(
            f"{param.key}\n[dim]{param.label}[/dim]",
            _value(param),
            _STATUS[param.status.value]
            + (f"\n{param.lapsed_on.isoformat()}" if param.lapsed_on else ""),
            source.layer if source else "",
            _period(source),
            _citation(source),
        )
    return table


def _value(param: ParameterView) -> str:
    value = param.value
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return ", ".join(
            " ".join(f"{k}={v}" for k, v in item.items()) if isinstance(item, dict) else item
            for item in value
        )
    return str(value)


def _period(source: EntryView | None) -> str:
    if source is None:
        return ""
    until = source.valid_until.isoformat() if source.valid_until else "…"
    return f"{source.valid_from.isoformat()} – {until}"


def _citation(source: EntryView | None) -> str:
    if source is None:
        return ""
    if source.left_to_local:
        return f"由地方规定：{source.reason}（{source.citation.text}）"
    return source.citation.text
