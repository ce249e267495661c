"""Every command of ``verification`` says what it does.

Walks the typer app (every group, every command, every option and argument) rather than a
list, so a new command without a help text fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer.main
from typer.testing import CliRunner

from verification.cli import app


def _walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _walk(sub, (*path, name))


def test_every_group_command_and_parameter_has_a_help_text() -> None:
    found = list(_walk(typer.main.get_command(app)))
    assert len(found) > 30  # the walk reaches every group's commands
    missing = []
    for path, command in found:
        if not (command.help or "").strip():
            missing.append(" ".join(path) or "verification")
        for param in command.params:
            if param.name in {"help", "install_completion", "show_completion"}:
                continue
            if not (getattr(param, "help", None) or "").strip():
                missing.append(f"{' '.join(path)} {param.name}")
    assert missing == []


def test_the_keys_group_says_it_holds_data_keys_too() -> None:
    keys = typer.main.get_command(app).commands["keys"]  # type: ignore[attr-defined]
    assert "data-encryption" in (keys.help or "")
    assert {"rotate-data-key", "reencrypt", "retire-data-key", "data-keys"} <= set(keys.commands)
    assert {"create-issuer", "register", "rotate", "revoke", "init"} <= set(keys.commands)


def test_each_help_is_shown() -> None:
    runner = CliRunner()
    for path, _command in _walk(typer.main.get_command(app)):
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage" in result.output
