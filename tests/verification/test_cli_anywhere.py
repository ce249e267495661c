"""`verification …` from another directory: a clear line, or scripts/verification (#15, item 17).

The default database is `./var/verification.db`, relative to the current
directory.  Run elsewhere, a command used to end in a SQLAlchemy traceback (or
create an empty database file and then fail on a missing table).  Now it says
what is wrong in one line and exits 1; `scripts/verification` runs the CLI from
any directory on the checkout's own state, without activating the venv.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from verification.settings import REPO_ROOT

VERIFICATION = Path(sys.executable).parent / "verification"
WRAPPER = REPO_ROOT / "scripts" / "verification"


def _env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")}
    return env | {f"VERIFICATION_{k.upper()}": v for k, v in settings.items()}


def _run(
    args: list[str], cwd: Path, env: dict[str, str], command: Path = VERIFICATION
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(command), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _assert_one_line_error(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "sqlalche.me" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for text in expected:
        assert text in lines[0], lines[0]


@pytest.mark.parametrize(
    "args", [["clients", "list"], ["audit", "check"], ["keys", "revoke", "k1", "--reason", "x"]]
)
def test_a_command_run_from_another_directory_says_so_in_one_line(
    tmp_path: Path, args: list[str]
) -> None:
    result = _run(args, tmp_path, _env())
    _assert_one_line_error(
        result, f"no database at {tmp_path}/var/verification.db", "scripts/verification"
    )
    (tmp_path / "var").mkdir()  # a var/ without the database: still nothing is created
    _assert_one_line_error(_run(args, tmp_path, _env()), "no database at")
    assert list((tmp_path / "var").iterdir()) == []


def test_an_unmigrated_or_unreachable_database_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "verification.db").touch()
    result = _run(["clients", "list"], tmp_path, _env())
    _assert_one_line_error(result, "no such table", "verification migrate")
    unreachable = _env(database_url="postgresql+asyncpg://someone:secret@127.0.0.1:9/x")
    result = _run(["clients", "list"], tmp_path, unreachable)
    _assert_one_line_error(result, "cannot use postgresql+asyncpg://someone:***@127.0.0.1:9/x")
    assert "secret" not in result.stderr


def test_invalid_settings_are_one_line(tmp_path: Path) -> None:
    result = _run(["clients", "list"], tmp_path, _env(port="not-a-port"))
    _assert_one_line_error(result, "invalid VERIFICATION_* settings: port")


def test_the_wrapper_runs_from_any_directory_without_an_activated_venv(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    state = tmp_path / "state"
    # no venv on PATH: the wrapper finds the checkout's own
    env = _env(data_dir=str(state)) | {
        "PATH": os.pathsep.join(
            p for p in os.environ["PATH"].split(os.pathsep) if not p.startswith(str(REPO_ROOT))
        )
    }
    migrated = _run(["migrate"], elsewhere, env, command=WRAPPER)
    assert migrated.returncode == 0, migrated.stderr
    assert (state / "verification.db").exists()
    created = _run(
        ["clients", "create", "--name", "ops", "--role", "admin"], elsewhere, env, command=WRAPPER
    )
    assert created.returncode == 0, created.stderr
    listed = _run(["clients", "list"], elsewhere, env, command=WRAPPER)
    assert listed.returncode == 0 and "ops" in listed.stdout, listed.stderr
    # file arguments stay relative to the caller's directory
    issued = _run(
        ["keys", "create-issuer", "--issuer", "450109002", "--name", "某街道", "--out", "k.json"],
        elsewhere,
        env,
        command=WRAPPER,
    )
    assert issued.returncode == 0, issued.stderr
    assert (elsewhere / "k.json").exists()
    assert not (elsewhere / "var").exists()
