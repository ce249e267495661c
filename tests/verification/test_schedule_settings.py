"""The three schedules (reviews due, cross-list comparisons, retention purge) are cron
expressions or empty (off), checked when the settings are read: a typo refuses to start
with a line naming the setting, instead of the periodic run dying at its first turn."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.verification.test_cli_anywhere import _assert_one_line_error, _env
from verification.settings import Settings

SCHEDULES = ("review_schedule", "cross_list_schedule", "retention_schedule")


def test_the_defaults_are_valid_crons() -> None:
    settings = Settings()
    assert all(getattr(settings, name) for name in SCHEDULES)


@pytest.mark.parametrize("name", SCHEDULES)
def test_empty_turns_a_schedule_off_and_spaces_are_trimmed(name: str) -> None:
    assert getattr(Settings(**{name: ""}), name) == ""
    assert getattr(Settings(**{name: "  5 * * * *  "}), name) == "5 * * * *"


@pytest.mark.parametrize("name", SCHEDULES)
@pytest.mark.parametrize("value", ["every night", "30 19 * *", "61 * * * *", "* * * * * * * *"])
def test_a_schedule_that_is_not_a_cron_is_refused(name: str, value: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Settings(**{name: value})
    assert [error["loc"] for error in raised.value.errors()] == [(name,)]


def test_the_cli_names_the_bad_schedule_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "verification"), "retention", "purge", "--dry-run"],
        cwd=tmp_path,
        env=_env(retention_schedule="every night"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    _assert_one_line_error(result, "invalid VERIFICATION_* settings", "retention_schedule")
