"""Every command of ``verification`` says what it does.

Walks the typer app (every group, every command, every option and argument) rather than a
list, so a new command without a help text fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from verification.cli import app
from verification.settings import Settings


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


def test_the_offline_audit_commands_read_no_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``audit verify`` and ``audit verify-receipt`` run where the service's settings are
    not: patched on the class, since each command module imports ``Settings`` itself."""

    def no_settings(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an offline command read the service's settings")

    monkeypatch.setattr(Settings, "__init__", no_settings)
    for name in ("export.ndjson", "checkpoint.txt", "key.txt", "receipt.tlog-proof"):
        (tmp_path / name).write_text("not what it should be\n", encoding="utf-8")
    runner = CliRunner()
    key = ["--key", str(tmp_path / "key.txt")]
    leaf = ["--leaf-hash", "ab" * 32]
    checkpoint = ["--checkpoint", str(tmp_path / "checkpoint.txt")]
    verify = runner.invoke(
        app, ["audit", "verify", str(tmp_path / "export.ndjson"), *checkpoint, *key]
    )
    receipt = runner.invoke(
        app,
        ["audit", "verify-receipt", str(tmp_path / "receipt.tlog-proof"), *key, *leaf],
    )
    for result in (verify, receipt):
        assert result.exit_code == 1, result.output
        assert isinstance(result.exception, SystemExit), result.exception
