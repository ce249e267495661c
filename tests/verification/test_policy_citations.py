"""Every policy value cites its own region's text (document, clause, quote) or is marked as an
example; the loader refuses a file that does not."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from verification.policies.catalog import PolicyFileError, default_policies_dir, load_policy
from verification.policies.model import Policy
from verification.settings import REPO_ROOT

SHIPPED = sorted(default_policies_dir().glob("*.toml"))
DESCRIPTION = {"id", "version", "name", "region_prefix", "valid_from", "valid_until"}
DESCRIPTION |= {"example", "source", "documents", "citations"}
# the seed texts the shipped files were written from: shared/seeds beside the checkout (or
# beside a folder holding it), not in it
SEEDS = next(
    (d / "shared" / "seeds" for d in REPO_ROOT.parents if (d / "shared" / "seeds").is_dir()),
    REPO_ROOT.parent / "shared" / "seeds",
)
REGION_NAMES = {"45": "广西", "2109": "阜新", "44": "广东"}


def _raw_leaves(value: Any, path: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if path or key not in DESCRIPTION:
                yield from _raw_leaves(item, f"{path}{key}.")
    else:
        yield path.removesuffix(".")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_value_of_a_shipped_policy_cites_its_region_or_is_an_example(path: Path) -> None:
    policy = load_policy(path)
    values = policy.parameters()
    # every value the file sets is one the check covers (defaults in force are covered too)
    written = set(_raw_leaves(tomllib.loads(path.read_text(encoding="utf-8"))))
    assert written <= set(values), written - set(values)
    assert len(values) >= 26
    for value_path in values:
        citation = policy.citations.get(value_path)
        assert citation is not None, f"{path.name}: {value_path} has no citation"
        if citation.document is None:
            assert citation.example and citation.note, f"{path.name}: {value_path}"
            continue
        document = policy.documents[citation.document]
        assert policy.region_prefix.startswith(document.region), f"{path.name}: {value_path}"
        assert citation.clause and citation.quote
    examples = [p for p, c in policy.citations.items() if c.example]
    assert policy.example is bool(examples)


def _normalized(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _seed_texts() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed texts are not beside the checkout ({SEEDS})")
    return {p.name: _normalized(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*"))}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_quote_is_verbatim_in_a_text_of_the_policy_s_own_region(path: Path) -> None:
    seeds = _seed_texts()
    policy = load_policy(path)
    for value_path, citation in policy.citations.items():
        if citation.document is None:
            continue
        assert citation.quote is not None
        document = policy.documents[citation.document]
        mark = _normalized(document.number or document.title)
        holding = [name for name, text in seeds.items() if mark in text]
        assert holding, f"{path.name}: no seed text is {document.number or document.title}"
        assert any(_normalized(citation.quote) in seeds[name] for name in holding), (
            f"{path.name}: {value_path}: the quote is not in {document.number or document.title}"
        )
        assert all(REGION_NAMES[document.region] in seeds[name] for name in holding)


def test_guangxi_reviews_follow_guangxi_texts() -> None:
    """桂政办发〔2016〕9号 二（四）4: 三无人员 yearly, households whose income has no fixed
    source twice a year — not the Inner Mongolia pattern (urban monthly, rural quarterly)."""
    policy = load_policy(default_policies_dir() / "gx-2016.toml")
    intervals = policy.review_intervals_months
    assert (intervals.three_no, intervals.variable_urban, intervals.variable_rural) == (12, 6, 6)
    cited = {p: c for p, c in policy.citations.items() if p.startswith("review_intervals")}
    three_no, urban, rural = (
        cited[f"review_intervals_months.{k}"]
        for k in ("three_no", "variable_urban", "variable_rural")
    )
    assert three_no.document == urban.document == rural.document == "gzbf-2016-9"
    assert policy.documents["gzbf-2016-9"].number == "桂政办发〔2016〕9号"
    assert three_no.quote is not None and "每年核查1次" in three_no.quote
    assert urban.quote is not None and "每年核查2次" in urban.quote
    assert not (three_no.example or urban.example or rural.example)
    # the categories Guangxi's texts do not name are examples
    assert cited["review_intervals_months.stable"].example
    assert cited["review_intervals_months.illness_disability_stable"].example


def _without_line(starting: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        lines = text.splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith(starting)]
        assert len(kept) == len(lines) - 1, starting
        return "".join(kept)

    return edit


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_without_line("lookback_months = {"), "without a citation of the region's text"),
        (
            lambda t: t.replace(
                'region = "45"\n\n[documents.gxmzt', 'region = "44"\n\n[documents.gxmzt'
            ),
            "gzbf-2016-9 is a text of region 44, not of this policy's region 45",
        ),
        (
            lambda t: t.replace(
                "[citations]\n", '[citations]\n"assets.max_cars" = { example = true, note = "x" }\n'
            ),
            "citations name no value of the policy: assets.max_cars",
        ),
        (lambda t: t.replace("example = true\nsource", "example = false\nsource"), "example"),
        (
            _without_line('quote = "2016年全区农村低保平均保障标准达到每人每年2500元"'),
            "needs the clause and the quote",
        ),
        (
            lambda t: t.replace(
                'lookback_months = { example = true, note = "the Guangxi texts set no look-back '
                'period" }',
                "lookback_months = { example = true }",
            ),
            "needs a note",
        ),
        (
            lambda t: t.replace(
                'document = "gzbf-2016-9"\nclause = "二（二）1"',
                'document = "x"\nclause = "二（二）1"',
            ),
            "no document 'x'",
        ),
        (
            lambda t: t.replace(
                'region = "45"\n\n[documents.gxmzt', 'region = "4"\n\n[documents.gxmzt'
            ),
            "documents.gzbf-2016-9.region",
        ),
    ],
)
def test_a_file_without_its_bases_is_refused_on_load(
    tmp_path: Path, edit: Callable[[str], str], message: str
) -> None:
    text = (default_policies_dir() / "gx-2016.toml").read_text(encoding="utf-8")
    changed = edit(text)
    assert changed != text
    path = tmp_path / "gx-edited.toml"
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(PolicyFileError, match=r"gx-edited\.toml") as refused:
        load_policy(path)
    assert message in str(refused.value)


def test_a_policy_file_with_a_value_of_another_region_is_refused(tmp_path: Path) -> None:
    """Guangxi citing the Fuxin text for its employment cost: refused, naming the value."""
    gx = (default_policies_dir() / "gx-2016.toml").read_text(encoding="utf-8")
    fuxin = tomllib.loads(
        (default_policies_dir() / "ln-fuxin-2017.toml").read_text(encoding="utf-8")
    )
    document = fuxin["documents"]["fzbf-2017-30"]
    borrowed = gx.replace(
        '"income.employment_cost_monthly" = { example = true, note = "the Guangxi texts provide '
        'no employment-cost deduction" }\n',
        "",
    ) + (
        "\n[documents.fzbf-2017-30]\n"
        f'number = "{document["number"]}"\ntitle = "{document["title"]}"\n'
        f'issued_on = {document["issued_on"].isoformat()}\nregion = "2109"\n'
        '\n[citations."income.employment_cost_monthly"]\ndocument = "fzbf-2017-30"\n'
        'clause = "二（二）"\nquote = "合理扣减必要的就业成本"\n'
    )
    path = tmp_path / "gx-borrowed.toml"
    path.write_text(borrowed, encoding="utf-8")
    with pytest.raises(PolicyFileError, match=r"income\.employment_cost_monthly: fzbf-2017-30"):
        load_policy(path)


async def test_the_policies_api_shows_each_value_s_basis(api) -> None:
    response = await api.http.get("/v1/policies", headers=api.auth())
    assert response.status_code == 200
    gx = {p["id"]: p for p in response.json()["policies"]}["gx-2016"]
    assert gx["documents"]["gzbf-2016-9"]["number"] == "桂政办发〔2016〕9号"
    three_no = gx["citations"]["review_intervals_months.three_no"]
    assert (three_no["document"], three_no["clause"], three_no["example"]) == (
        "gzbf-2016-9",
        "二（四）4",
        False,
    )
    urban = gx["citations"]["standards.urban.annual_per_person"]
    assert urban["example"] is True and urban["document"] is None
    assert set(gx["citations"]) == set(
        Policy.model_validate(gx_file()).parameters()  # every value, as loaded
    )


def gx_file() -> dict[str, Any]:
    return tomllib.loads((default_policies_dir() / "gx-2016.toml").read_text(encoding="utf-8"))
