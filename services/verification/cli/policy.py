"""``verification policy show``: the effective layered policy for a region and a date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import TypeAdapter, ValidationError
from rich.console import Console
from rich.table import Table

from verification.kit.business_date import business_date
from verification.kit.rfc3339 import Rfc3339Date
from verification.messages.render import label
from verification.policies.effective import (
    EffectivePolicyView,
    EntryView,
    ParameterView,
    effective_policy,
    valid_region,
)
from verification.policies.layered.loading import LayerFileError, LayerSet, default_layers_dir
from verification.settings import Settings

if TYPE_CHECKING:
    from verification.what_if.endpoints import WhatIfResult

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


@policy_app.command("what-if")
def what_if(
    draft: Annotated[
        Path,
        typer.Option(
            help="a layer file (TOML, docs/policy-model.md) replacing the layer of its id",
            exists=True,
            dir_okay=False,
        ),
    ],
    region: Annotated[str, typer.Option(help="region-code prefix, 2 to 6 digits (e.g. 4501)")],
    client: Annotated[
        str, typer.Option(help="the case system whose enrolled households are replayed (id)")
    ],
    on: Annotated[
        str | None,
        typer.Option(
            help="the date both policies are resolved on (YYYY-MM-DD); default: today in the "
            "deployment's time zone"
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="print the JSON of POST /v1/policies/what-if")
    ] = False,
) -> None:
    """Replay the CLIENT's enrolled households of REGION under a draft policy: who would
    change outcome or allowance, and by how much (stored answers only; no agency is asked)."""
    import asyncio
    import uuid

    from verification.cli.common import settings_with_database
    from verification.clients.service import get_client
    from verification.problems import DomainError
    from verification.runtime import Runtime
    from verification.what_if import run
    from verification.what_if.endpoints import WhatIfResult

    if not (region.isascii() and region.isdigit() and 2 <= len(region) <= 6):
        raise typer.BadParameter(f"{region!r} is not a region prefix of 2 to 6 digits")
    try:
        client_id = uuid.UUID(client)
    except ValueError:
        raise typer.BadParameter(f"{client!r} is not a client id") from None
    day = _date(on)
    text = draft.read_text(encoding="utf-8")
    settings = settings_with_database()

    async def _run() -> WhatIfResult:
        runtime = Runtime.build(settings)
        try:
            async with runtime.read_session_factory() as session:
                caller = await get_client(session, client_id)
            layer, result = await run.what_if(
                runtime,
                caller,
                draft_text=text,
                region_prefix=region,
                on=day,
                request_id=f"cli-{uuid.uuid4().hex}",
            )
            return WhatIfResult.of(result, region, layer)
        finally:
            await runtime.aclose()

    try:
        result = asyncio.run(_run())
    except DomainError as refusal:
        errors.print(f"[red]refused ({refusal.instance_code}): {refusal.detail}[/red]")
        raise typer.Exit(1) from None
    if as_json:
        print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    out = Console()
    out.print(_totals(result))
    out.print(_changed(result))


_CHANGES = {
    "unchanged": "不变",
    "becomes_eligible": "[green]变为符合[/green]",
    "becomes_ineligible": "[red]变为不符合[/red]",
    "outcome_changed": "[yellow]结论改变[/yellow]",
    "increase": "[green]增发[/green]",
    "decrease": "[red]减发[/red]",
}


def _totals(result: WhatIfResult) -> Table:
    totals = result.totals
    table = Table(
        title=f"政策草案测算（{result.draft_layer}，区划 {result.region}，{result.on}）",
        show_header=False,
    )
    table.add_column("项目")
    table.add_column("数值", justify="right")
    for item, value in (
        ("在册户", totals.households),
        ("不变", totals.unchanged),
        ("变为符合", totals.becomes_eligible),
        ("变为不符合", totals.becomes_ineligible),
        ("结论改变（其他）", totals.outcome_changed),
        ("增发", totals.increase),
        ("减发", totals.decrease),
        ("月保障金合计（现行）", totals.allowance_before),
        ("月保障金合计（草案）", totals.allowance_after),
        ("差额", totals.difference),
    ):
        table.add_row(item, str(value))
    return table


def _changed(result: WhatIfResult) -> Table:
    table = Table(title="结论或保障金改变的家庭")
    for column in (
        "家庭",
        "成员（脱敏）",
        "结论：现行 → 草案",
        "月保障金：现行 → 草案",
        "差额",
        "变化",
    ):
        table.add_column(column)
    for row in result.households:
        if row.change == "unchanged":
            continue
        table.add_row(
            str(row.household_id),
            "\n".join(row.members_masked),
            f"{label('outcome', row.outcome_before)} → {label('outcome', row.outcome_after)}",
            f"{row.allowance_before or '—'} → {row.allowance_after or '—'}",
            str(row.difference),
            _CHANGES[row.change.value],
        )
    return table
