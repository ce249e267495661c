from __future__ import annotations

from verification.kit.masking import mask_id_number, mask_name, mask_text


def test_id_numbers_keep_region_and_last_four() -> None:
    assert mask_id_number("45010219770909052X") == "450102********052X"


def test_names() -> None:
    assert mask_name("韦国强") == "韦*强"
    assert mask_name("韦丽") == "韦*"
    assert mask_name("欧阳小明") == "欧**明"


def test_text_masks_ids_and_account_numbers_anywhere() -> None:
    text = "GET /tax?nsrsbh=450102198003120111&x=1 card 6222021234567890123 id 45010219770909052x"
    masked = mask_text(text)
    assert "450102198003120111" not in masked
    assert "450102********0111" in masked
    assert "6222021234567890123" not in masked and "6222****0123" in masked
    assert "450102********052x" in masked


def test_short_numbers_are_left_alone() -> None:
    assert mask_text("amount 300000 seq 12") == "amount 300000 seq 12"
