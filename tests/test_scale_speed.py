"""The faster spaCy pipeline (``polybius.nlp.speed``) annotates exactly like the stock one."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.tokens import Token

from polybius import ingest, nlp
from polybius.model import Article
from polybius.nlp.speed import CachedAttributeRuler, LemmaMemo

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "data" / "plover_gsr" / "dev.jsonl"


def annotations(token: Token) -> tuple[object, ...]:
    return (
        token.tag_,
        token.pos_,
        str(token.morph),
        token.lemma_,
        token.dep_,
        token.head.i,
        token.ent_iob_,
        token.ent_type_,
        token.is_sent_start,
    )


def test_fast_pipeline_gives_the_stock_pipelines_annotations() -> None:
    records = ingest.read([str(ROOT / "samples" / "articles"), str(GOLD)])
    texts = [r.text for r in records if isinstance(r, Article)]
    stock = spacy.load(nlp.model_name())
    fast = nlp.load()
    assert isinstance(fast.get_pipe("attribute_ruler"), CachedAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), LemmaMemo)
    assert fast.pipe_names == stock.pipe_names
    tokens = 0
    for expected, got in zip(
        stock.pipe(texts), nlp.parse_many(ingest.article_from_text(t) for t in texts), strict=True
    ):
        assert [annotations(t) for t in got.doc] == [annotations(t) for t in expected]
        tokens += len(expected)
    assert tokens > 10_000


def test_memoised_attribute_ruler_honours_patterns_added_later() -> None:
    fast = nlp.load().get_pipe("attribute_ruler")
    doc = nlp.load()("Rebels stormed the town.")
    ruler = CachedAttributeRuler(doc.vocab)
    ruler.add_patterns(fast.patterns)
    ruler(doc)
    assert doc[1].pos_ == "VERB"
    ruler.add([[{"LOWER": "stormed"}]], {"POS": "NOUN"})
    ruler(doc)
    assert doc[1].pos_ == "NOUN"
