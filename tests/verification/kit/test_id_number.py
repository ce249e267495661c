from __future__ import annotations

import pytest

from verification.kit.id_number import check_character, id_number_problem, is_valid


@pytest.mark.parametrize(
    "number",
    ["450102198003120111", "45010219770909052X", "11010519491231002X", "440524188001010014"],
)
def test_valid_numbers(number: str) -> None:
    assert is_valid(number)


def test_check_character_follows_gb_11643() -> None:
    # GB 11643 weights over 11010519491231002 sum to 167; 167 % 11 = 2 → "X"
    assert check_character("11010519491231002") == "X"


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("450102198003120112", "check digit"),
        ("45010219800312011", "17 digits"),
        ("4501021980031201AA", "17 digits"),
        ("450102198002300111", "birth date"),
    ],
)
def test_invalid_numbers_say_why(number: str, problem: str) -> None:
    assert problem in (id_number_problem(number) or "")


def test_lower_case_x_is_accepted() -> None:
    assert is_valid("45010219770909052x")


def test_full_width_digits_are_not_an_id_number() -> None:
    """A number written in full-width digits (４５０１…) would get another blind index than the
    same person's ASCII number, so one person could be enrolled twice: it is refused."""
    ascii_number = "450102198003120111"
    full_width = ascii_number.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    assert full_width != ascii_number
    assert not is_valid(full_width)
    assert "17 digits" in (id_number_problem(full_width) or "")
