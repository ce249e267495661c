"""Every quote in the layer files is the words of its text.

A quote of an entry whose document was read from a seed text (``seed = "000"``) must appear
in that seed (``shared/seeds/000_*.txt``); the national documents' quotes are held against the
reference summary of the national rules (``shared/reference/national-rules.md``) where it
quotes the same words.  Both live in ``shared/`` beside the checkout (or beside a folder
holding it), not in the repository: a clone without it skips these tests, saying why.

Normalisation, and why: whitespace is dropped (the seeds are transcriptions with line breaks
and spaces inside sentences) and the text is NFKC-normalised, so full-width and half-width
punctuation compare equal (seed 002 writes ``,`` where the quote writes ``，``: the same
comma in another width; NFKC changes no Chinese character).  An ellipsis ``…`` in a quote
marks words left out: the parts around it must appear in that order.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.settings import REPO_ROOT

SHARED = next(
    (d / "shared" for d in REPO_ROOT.parents if (d / "shared" / "seeds").is_dir()),
    REPO_ROOT.parent / "shared",
)
SEEDS = SHARED / "seeds"
REFERENCE = SHARED / "reference" / "national-rules.md"

# the national quotes whose words the reference summary also quotes: (parameter, document)
# → the words as the reference gives them (an ellipsis: words left out there)
REFERENCE_WORDS: dict[tuple[str, str], str] = {
    ("income.employment_cost_deducted_from", "banfa-2021"): "扣除必要的就业成本",
    ("income.excluded.social_assistance", "banfa-2021"): "政府发放的各类社会救助款物",
    ("income.excluded.basic_pension", "banfa-2021"): "“十四五”期间",
    ("income.rigid_expense_deductible", "banfa-2021"): "可按规定适当扣减",
    ("edge.income_multiple", "banfa-2021"): "家庭人均收入低于当地最低生活保障标准1.5倍",
    ("publication.fields", "banfa-2021"): "不得公开无关信息",
    ("verification.requires_authorization", "zanxing"): "请求、委托…代为查询、核对",
    ("allowance.method", "zanxing"): "按照…差额，按月发给",
    ("graduation.months", "tongzhi-2022"): "原则上不超过6个月",
    ("single_person.support_exemptable", "tongzhi-2022"): "可以视情适当豁免",
    ("verification.answer_other_province_requests", "tongzhi-2022"): "其他省份发来的核对请求",
}


def normalized(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def without_quote_marks(text: str) -> str:
    """The reference writes ‘十四五’ or '十四五' where the texts write “十四五”."""
    return re.sub(r"[“”‘’\"']", "", text)


def contains_in_order(text: str, quote: str) -> bool:
    """``quote``'s parts around each ellipsis appear in ``text`` in that order."""
    at = 0
    for part in (normalized(p) for p in re.split(r"…+", quote)):
        if not part:
            continue
        found = text.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def _quotes() -> list[tuple[str, str, str, str]]:
    """(layer, parameter, document id, quote) of every quoted entry of the shipped layers."""
    layers = LayerSet.from_dir(default_layers_dir())
    found = []
    for layer in layers.layers.values():
        for key, entries in layer.params.items():
            for entry in entries:
                citation = entry.citation
                if citation.quote and citation.document:
                    found.append((layer.id, key, citation.document, citation.quote))
    return found


def _seed_documents() -> dict[str, str]:
    """document id → seed number, over every layer (documents are inherited)."""
    layers = LayerSet.from_dir(default_layers_dir())
    return {
        doc.id: doc.seed
        for layer in layers.layers.values()
        for doc in layer.documents.values()
        if doc.seed is not None
    }


def _needs_shared() -> None:
    if not SEEDS.is_dir() or not REFERENCE.is_file():
        pytest.skip(
            f"the seed texts and the national reference are not beside this checkout "
            f"({SHARED}): a fresh clone lacks shared/, so the quotes cannot be checked here"
        )


def test_the_normalisation_keeps_the_words() -> None:
    assert contains_in_order(normalized("对生活困难,\n 靠家庭供养"), "对生活困难，靠家庭供养")
    assert contains_in_order(normalized("甲乙丙丁戊"), "甲乙…丁")
    assert not contains_in_order(normalized("甲乙丙丁戊"), "丁…甲乙")
    assert not contains_in_order(normalized("原则上不超过6个月"), "原则上不超过六个月")


def test_every_seed_quote_is_verbatim_in_its_seed() -> None:
    _needs_shared()
    seeds = _seed_documents()
    texts: dict[str, str] = {}
    checked = 0
    for layer, key, document, quote in _quotes():
        seed = seeds.get(document)
        if seed is None:
            continue
        if seed not in texts:
            (path,) = sorted(SEEDS.glob(f"{seed}_*.txt"))  # 000_<digest>.txt
            texts[seed] = normalized(path.read_text(encoding="utf-8"))
        assert contains_in_order(texts[seed], quote), (
            f"{layer}: {key}: the quote is not in seed {seed}: {quote}"
        )
        checked += 1
    # every layer file that reads a seed quotes it (gx 000 and 002, ln-fuxin 001, gd 004, nm 003)
    assert set(texts) == {"000", "001", "002", "003", "004"}
    assert checked >= 20


def test_national_quotes_agree_with_the_reference_where_it_quotes_them() -> None:
    _needs_shared()
    reference = without_quote_marks(normalized(REFERENCE.read_text(encoding="utf-8")))
    quotes = {(key, document): quote for layer, key, document, quote in _quotes() if layer == "cn"}
    for (key, document), words in REFERENCE_WORDS.items():
        assert contains_in_order(reference, without_quote_marks(words)), (key, words)
        quote = quotes.get((key, document))
        assert quote is not None, f"cn: {key} no longer quotes {document}"
        assert contains_in_order(normalized(quote), words), (
            f"cn: {key}: the quote does not have the reference's words {words}: {quote}"
        )
