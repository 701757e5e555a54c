"""The faster spaCy pipeline (``polybius.nlp.speed``) in float32 annotates like the stock one.

The 8-bit encoders (the default) are tested against it in ``test_nlp_quantize.py``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from thinc.api import Model, NumpyOps
from thinc.layers.hashembed import forward as hashembed_forward
from thinc.layers.layernorm import forward as layernorm_forward
from thinc.layers.maxout import forward as maxout_forward

from polybius import ingest, nlp
from polybius.model import Article
from polybius.nlp.layers import (
    best_pieces,
    hashembed_inference,
    layernorm_inference,
    maxout_inference,
    model_nodes,
)
from polybius.nlp.speed import CachedAttributeRuler, LemmaMemo
from polybius.scale.synthetic import paragraphs, synthesize

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "articles"
GOLD = ROOT.parent / "shared" / "data" / "plover_gsr" / "dev.jsonl"
# Words the model's multi-token attribute-ruler patterns look for ("gonna", "let's", "y'all", ...)
# and an expletive "there is": each such pattern, and the single-token ones, must fire.
CONTRACTIONS = (
    "We are gonna win, y'all. Let's go. There is hope and there were doubts. C'mon, I ain't sure "
    "they're right; we gotta leave now. Y' all know it. Ain't nobody gonna stop us."
)


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


def fp32() -> Language:
    """The faster pipeline with float32 encoders (``nlp.load`` caches it)."""
    return nlp.load(precision="fp32")


@cache
def stock() -> Language:
    """The model as ``spacy.load`` gives it (loaded once for this module)."""
    return spacy.load(nlp.model_name())


def assert_same_as_stock(texts: list[str]) -> int:
    """Parse ``texts`` with both pipelines, assert identical annotations; returns the tokens."""
    tokens = 0
    for expected, got in zip(
        stock().pipe(texts),
        nlp.parse_many((ingest.article_from_text(t) for t in texts), nlp=fp32()),
        strict=True,
    ):
        assert [annotations(t) for t in got.doc] == [annotations(t) for t in expected]
        tokens += len(expected)
    return tokens


def test_fast_pipeline_gives_the_stock_pipelines_annotations() -> None:
    records = ingest.read([str(SAMPLES), str(GOLD)])
    texts = [r.text for r in records if isinstance(r, Article)]
    fast = fp32()
    assert isinstance(fast.get_pipe("attribute_ruler"), CachedAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), LemmaMemo)
    assert fast.pipe_names == stock().pipe_names
    assert assert_same_as_stock(texts + [CONTRACTIONS]) > 10_000


def test_fast_pipeline_matches_stock_on_the_synthetic_bench_corpus() -> None:
    sources = [r for r in ingest.read([str(SAMPLES)]) if isinstance(r, Article)]
    rows = synthesize(paragraphs(sources), 40, words=600, seed=1)
    assert assert_same_as_stock([row["text"] for row in rows]) > 20_000


def test_multi_token_patterns_fire_as_in_the_stock_ruler() -> None:
    doc = fp32()(CONTRACTIONS)
    lemmas = {(t.lower_, t.lemma_) for t in doc}
    assert {("gon", "go"), ("na", "to"), ("'s", "us"), ("ai", "be"), ("c'm", "come")} <= lemmas
    assert {("got", "get"), ("ta", "to"), ("y'", "you")} <= lemmas
    assert [t.pos_ for t in doc if t.lower_ in {"is", "were"}] == ["VERB", "VERB"]  # expletive


def ruler_pair(patterns: list[dict[str, object]]) -> tuple[AttributeRuler, CachedAttributeRuler]:
    vocab = fp32().vocab
    plain, cached = AttributeRuler(vocab), CachedAttributeRuler(vocab)
    plain.add_patterns(patterns)
    cached.add_patterns(patterns)
    return plain, cached


def ruled(ruler: AttributeRuler, text: str) -> list[tuple[object, ...]]:
    """Annotations after running the model up to the attribute ruler, then ``ruler``."""
    fast = fp32()
    doc: Doc = ruler(fast(text, disable=["attribute_ruler", "lemmatizer", "ner"]))
    return [(t.pos_, str(t.morph), t.lemma_, t.tag_) for t in doc]


def test_later_rules_win_over_earlier_ones_of_any_length() -> None:
    patterns = fast_patterns() + [
        {"patterns": [[{"LOWER": "the"}, {"TAG": "NN"}]], "attrs": {"POS": "PROPN"}, "index": 1},
        {"patterns": [[{"LOWER": "town"}]], "attrs": {"LEMMA": "city", "MORPH": "Number=Plur"}},
        {"patterns": [[{"LOWER": "rebels"}, {"LOWER": "stormed"}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"LOWER": "rebels"}]], "attrs": {"POS": "NOUN"}},
    ]
    plain, cached = ruler_pair(patterns)
    text = "Rebels stormed the town, and the rebels held the town."
    got = ruled(cached, text)
    assert got == ruled(plain, text)
    assert got[3] == ("PROPN", "Number=Plur", "city", "NN")
    assert got[0][0] == "NOUN"


def test_patterns_with_operators_run_as_in_the_stock_ruler() -> None:
    patterns = fast_patterns() + [
        {
            "patterns": [[{"TAG": "DT"}, {"TAG": "JJ", "OP": "*"}, {"TAG": "NN"}]],
            "attrs": {"POS": "X"},
        }
    ]
    plain, cached = ruler_pair(patterns)
    text = "Rebels stormed the old walled town and the capital."
    assert ruled(cached, text) == ruled(plain, text)
    assert [p for p, *_ in ruled(cached, text)].count("X") == 2


def fast_patterns() -> list[dict[str, object]]:
    return fp32().get_pipe("attribute_ruler").patterns


def test_memoised_attribute_ruler_honours_patterns_added_later() -> None:
    doc = fp32()("Rebels stormed the town.")
    ruler = CachedAttributeRuler(doc.vocab)
    ruler.add_patterns(fast_patterns())
    ruler(doc)
    assert doc[1].pos_ == "VERB"
    ruler.add([[{"LOWER": "stormed"}]], {"POS": "NOUN"})
    ruler(doc)
    assert doc[1].pos_ == "NOUN"
    ruler.clear()
    doc = fp32().make_doc("Rebels stormed the town.")
    ruler(doc)
    assert doc[1].pos_ == ""


def layers_with(forward: object) -> list[Model]:
    return [node for node in model_nodes(fp32()) if node._func is forward]


def test_every_maxout_and_layernorm_of_both_encoders_takes_the_inference_forward() -> None:
    # 5 of each in the shared tok2vec, 5 in the NER's own
    assert len(layers_with(maxout_inference)) == len(layers_with(layernorm_inference)) == 10
    assert not layers_with(maxout_forward) and not layers_with(layernorm_forward)


def test_hash_embeddings_take_the_inference_forward_with_thincs_sums_bit_for_bit() -> None:
    # 6 tables (NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE) in the shared tok2vec, 4 in the NER's
    layers = layers_with(hashembed_inference)
    assert len(layers) == 10 and not layers_with(hashembed_forward)
    ids = numpy.array([7, 3, 7, 2**63 + 5, 3, 7, 0], dtype="uint64")
    for layer in layers:
        expected, _ = hashembed_forward(layer, ids, False)
        got, backprop = hashembed_inference(layer, ids, False)
        assert got.dtype == expected.dtype and numpy.array_equal(got, expected)
    assert backprop(numpy.ones_like(got)).shape == ids.shape
    assert hashembed_inference(layers[0], ids[:0], False)[0].shape == (0, got.shape[1])


def test_layernorm_inference_is_bit_identical_to_thincs_forward() -> None:
    layer = layers_with(layernorm_inference)[2]
    rng = numpy.random.default_rng(2)
    X = (rng.standard_normal((60, layer.get_dim("nI"))) * 3 + 1).astype("float32")
    expected, _ = layernorm_forward(layer, X, False)
    got, backprop = layernorm_inference(layer, X, False)
    assert got.dtype == expected.dtype and numpy.array_equal(got, expected)
    d_y = rng.standard_normal(got.shape).astype("float32")
    assert numpy.array_equal(backprop(d_y), layernorm_forward(layer, X, True)[1](d_y))


def test_maxout_inference_is_bit_identical_to_thincs_forward_and_its_tie_rule() -> None:
    layer = layers_with(maxout_inference)[1]
    rng = numpy.random.default_rng(0)
    X = rng.standard_normal((50, layer.get_dim("nI"))).astype("float32")
    expected, _ = maxout_forward(layer, X, False)
    got, backprop = maxout_inference(layer, X, False)
    assert got.dtype == expected.dtype and got.flags.c_contiguous
    assert numpy.array_equal(got, expected)
    d_best = rng.standard_normal(got.shape).astype("float32")
    assert numpy.array_equal(backprop(d_best), maxout_forward(layer, X, True)[1](d_best))


def test_best_piece_keeps_thincs_choice_between_signed_zeros_and_around_nan() -> None:
    ops = NumpyOps()
    rng = numpy.random.default_rng(1)
    Z = rng.standard_normal((20, 4, 3)).astype("float32")
    assert numpy.array_equal(best_pieces(ops, Z), ops.maxout(Z)[0])
    Z[2, 1] = [-0.0, 0.0, -1.0]  # a tie: thinc keeps the first, -0.0
    Z[5, 3] = [-0.0, -2.0, 0.0]
    assert numpy.array_equal(numpy.signbit(best_pieces(ops, Z)), numpy.signbit(ops.maxout(Z)[0]))
    assert numpy.signbit(best_pieces(ops, Z)[2, 1])
    Z[7, 0] = [1.0, numpy.nan, 0.5]  # thinc's strict > never takes a NaN after a number
    Z[8, 2] = [numpy.nan, 3.0, 0.5]  # ... nor leaves a NaN it started from
    expected = ops.maxout(Z)[0]
    assert numpy.array_equal(best_pieces(ops, Z), expected, equal_nan=True)
    assert expected[7, 0] == 1.0 and numpy.isnan(expected[8, 2])
