"""The pure sampling: the frame's digest, the seed, the stratified draw, the rate."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.policies.layered.resolution import resolve
from verification.spot_checks import sampling
from verification.spot_checks.policy_rate import (
    DEFAULT_RATE,
    RateBelowMinimumError,
    sampling_rate,
)
from verification.spot_checks.sampling import Unit

ROOT = hashlib.sha256(b"a checkpoint's root").digest()


def _units(n: int, region: str = "450102", outcome: str = "eligible", seed: int = 0) -> list[Unit]:
    return [Unit(uuid.UUID(int=(seed << 64) + i + 1), region, outcome) for i in range(n)]


def test_the_frame_digest_is_sha256_of_the_documented_text() -> None:
    units = [
        Unit(uuid.UUID("00000000-0000-0000-0000-000000000002"), "450103", "ineligible"),
        Unit(uuid.UUID("00000000-0000-0000-0000-000000000001"), "450102", "eligible"),
    ]
    text = (
        "spot-check-frame v1\n"
        "00000000-0000-0000-0000-000000000001\t450102\teligible\n"
        "00000000-0000-0000-0000-000000000002\t450103\tineligible\n"
    )
    assert sampling.frame_text(units) == text.encode()
    assert sampling.frame_digest(units) == hashlib.sha256(text.encode()).digest()
    # the order units are given in does not matter; their content does
    assert sampling.frame_digest(reversed(units)) == sampling.frame_digest(units)


def test_a_swapped_household_or_a_changed_stratum_changes_the_digest() -> None:
    units = _units(10)
    digest = sampling.frame_digest(units)
    swapped = [*units[:-1], Unit(uuid.uuid4(), "450102", "eligible")]
    assert sampling.frame_digest(swapped) != digest
    restratified = [*units[:-1], Unit(units[-1].id, "450102", "ineligible")]
    assert sampling.frame_digest(restratified) != digest
    assert sampling.frame_digest(units[:-1]) != digest
    with pytest.raises(ValueError, match="once"):
        sampling.frame_digest([*units, units[0]])


def test_the_seed_is_the_documented_hash_and_depends_on_each_input() -> None:
    digest = sampling.frame_digest(_units(3))
    expected = hashlib.sha256(b"spot-check v1\n" + ROOT + (42).to_bytes(8, "big") + digest).digest()
    assert sampling.seed(ROOT, 42, digest) == expected
    assert sampling.seed(ROOT, 43, digest) != expected
    assert sampling.seed(hashlib.sha256(b"x").digest(), 42, digest) != expected
    assert sampling.seed(ROOT, 42, hashlib.sha256(b"y").digest()) != expected


@pytest.mark.parametrize(
    ("rate", "n", "k"),
    [
        ("0.30", 10, 3),
        ("0.30", 11, 4),  # rounded up: never fewer than the rate
        ("0.30", 1, 1),
        ("0.30", 0, 0),
        ("0.30", 3, 1),
        ("0.30", 20, 6),  # exact decimal arithmetic: 0.30 × 20 is 6, not 6.000…1 → 7
        ("0.35", 20, 7),
        ("1", 7, 7),
        ("0.0001", 5, 1),
    ],
)
def test_the_sample_size_is_the_ceiling_of_rate_times_n(rate: str, n: int, k: int) -> None:
    assert sampling.sample_size(Decimal(rate), n) == k


def test_a_rate_outside_zero_to_one_is_refused() -> None:
    for rate in ("0", "-0.1", "1.01"):
        with pytest.raises(ValueError, match="rate"):
            sampling.sample_size(Decimal(rate), 10)


def test_the_draw_is_deterministic_and_stratified() -> None:
    units = (
        _units(10, "450102", "eligible", 1)
        + _units(7, "450102", "ineligible", 2)
        + _units(4, "450103", "eligible", 3)
    )
    seed = sampling.seed(ROOT, 100, sampling.frame_digest(units))
    drawn = sampling.draw(units, Decimal("0.30"), seed)
    assert drawn == sampling.draw(list(reversed(units)), Decimal("0.30"), seed)
    by_stratum: dict[tuple[str, str], int] = {}
    for unit in drawn:
        by_stratum[unit.stratum] = by_stratum.get(unit.stratum, 0) + 1
    assert by_stratum == {
        ("450102", "eligible"): 3,
        ("450102", "ineligible"): 3,
        ("450103", "eligible"): 2,
    }
    # within a stratum: the units of smallest SHA-256(seed ‖ id)
    eligible = [u for u in units if u.stratum == ("450102", "eligible")]
    smallest = sorted(eligible, key=lambda u: hashlib.sha256(seed + str(u.id).encode()).digest())
    assert [u for u in drawn if u.stratum == ("450102", "eligible")] == smallest[:3]
    other_seed = sampling.seed(ROOT, 101, sampling.frame_digest(units))
    assert sampling.draw(units, Decimal("0.30"), other_seed) != drawn


@given(
    st.lists(st.sampled_from(["450102", "450103", "450105"]), min_size=1, max_size=60),
    st.decimals(min_value=Decimal("0.01"), max_value=1, places=2),
    st.binary(min_size=32, max_size=32),
)
def test_every_stratum_gets_its_share_and_nothing_else(
    regions: list[str], rate: Decimal, seed: bytes
) -> None:
    units = [Unit(uuid.UUID(int=i + 1), region, "eligible") for i, region in enumerate(regions)]
    drawn = sampling.draw(units, rate, seed)
    assert len(set(drawn)) == len(drawn) and set(drawn) <= set(units)
    for region in set(regions):
        n = regions.count(region)
        assert sum(u.region == region for u in drawn) == math.ceil(rate * n)


def test_rate_text() -> None:
    assert sampling.rate_text(Decimal("0.3")) == "0.30"
    assert sampling.rate_text(Decimal("0.3000")) == "0.30"
    assert sampling.rate_text(Decimal("0.335")) == "0.335"
    assert sampling.rate_text(Decimal("1")) == "1.00"


def test_a_unit_has_a_county_code_and_a_known_outcome() -> None:
    with pytest.raises(ValueError, match="six-digit"):
        Unit(uuid.uuid4(), "4501", "eligible")
    with pytest.raises(ValueError, match="outcome"):
        Unit(uuid.uuid4(), "450102", "approved")


# ------------------------------------------------------------------- the policy's rate

LAYERS = LayerSet.from_dir(default_layers_dir())


@pytest.mark.parametrize(
    ("region", "on", "citation"),
    [
        ("450102", dt.date(2018, 6, 30), "桂政办发〔2016〕9号"),  # Guangxi, seed 000
        ("150102", dt.date(2015, 6, 30), "二（二）4"),  # Inner Mongolia's 2013 notice
    ],
)
def test_the_policy_rate_is_the_seeds_30_percent_with_its_citation(
    region: str, on: dt.date, citation: str
) -> None:
    rate = sampling_rate(resolve(LAYERS, region, on), None)
    assert rate.rate == rate.minimum == Decimal("0.30")
    assert rate.basis == "policy"
    assert rate.citation is not None and citation in rate.citation


def test_where_no_layer_states_a_rate_the_service_samples_30_percent() -> None:
    # the 2021 measures leave it to local government; no layer states one since
    rate = sampling_rate(resolve(LAYERS, "450102", dt.date(2026, 6, 30)), None)
    assert (rate.rate, rate.basis, rate.citation) == (DEFAULT_RATE, "service_default", None)
    assert rate.policy == "gx-nanning@2026-06-30"


def test_a_higher_rate_may_be_asked_a_lower_one_not() -> None:
    effective = resolve(LAYERS, "450102", dt.date(2018, 6, 30))
    asked = sampling_rate(effective, Decimal("0.5"))
    assert (asked.rate, asked.basis, asked.minimum) == (
        Decimal("0.5"),
        "requested",
        Decimal("0.30"),
    )
    with pytest.raises(RateBelowMinimumError) as refused:
        sampling_rate(effective, Decimal("0.29"))
    assert refused.value.minimum == Decimal("0.30")
