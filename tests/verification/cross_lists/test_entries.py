"""An uploaded list's entries: invalid ones named by position and reason, never by value;
duplicates kept once; list files read with their line numbers."""

from __future__ import annotations

import pytest

from verification.cross_lists.entries import InvalidEntry, check_entries, read_list_file
from verification.kit.id_number import check_character


def _valid(serial: int) -> str:
    first17 = f"44010219800101{serial:03d}"
    return first17 + check_character(first17)


def test_invalid_entries_are_named_by_position_and_reason() -> None:
    good = _valid(1)
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    bad_date = "440102" + "19801345" + "0011"
    bad_date = bad_date[:17] + check_character(bad_date[:17])
    checked = check_entries([good, "12345", wrong_check, bad_date, _valid(2)])
    assert checked.invalid == (
        InvalidEntry(2, "shape"),
        InvalidEntry(3, "check_digit"),
        InvalidEntry(4, "birth_date"),
    )
    assert [position for position, _ in checked.valid] == [1, 5]
    # nothing of a value is kept in a refusal
    assert all(wrong_check not in repr(i) for i in checked.invalid)


def test_duplicates_are_kept_once_and_numbers_normalized() -> None:
    number = _valid(3)
    x = next(n for n in (_valid(s) for s in range(4, 400)) if n.endswith("X"))
    checked = check_entries([number, f" {number} ", x.lower(), x])
    assert checked.valid == ((1, number), (3, x))
    assert checked.duplicates == 2 and checked.invalid == ()


def test_a_csv_file_keeps_its_line_numbers_and_skips_a_header() -> None:
    read = read_list_file(f"身份证号,备注\n{_valid(5)},a\n\n{_valid(6)}\n", json_format=False)
    assert read.values == (_valid(5), _valid(6))
    assert read.lines == (2, 4)


def test_a_json_file_is_an_array_of_strings() -> None:
    read = read_list_file(f'["{_valid(7)}", "x"]', json_format=True)
    assert read.values == (_valid(7), "x") and read.lines == (1, 2)
    with pytest.raises(ValueError, match="array of strings"):
        read_list_file('{"a": 1}', json_format=True)
