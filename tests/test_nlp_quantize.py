"""The 8-bit encoders (``polybius.nlp.quantize``, the default) annotate almost like float32."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest
from spacy.language import Language
from thinc.api import Model
from thinc.layers.chain import forward as chain_forward

from polybius import ingest, nlp
from polybius.model import Article
from polybius.nlp.agreement import agreement
from polybius.nlp.calibrate import calibrate
from polybius.nlp.layers import model_nodes
from polybius.nlp.quantize import (
    RANGES_PATH,
    int8_forward,
    is_maxout_layernorm,
    model_key,
    quantize_maxouts,
    window_stack,
)
from polybius.scale.synthetic import paragraphs, synthesize

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "articles"
GOLD = ROOT.parent / "shared" / "data" / "plover_gsr" / "dev.jsonl"


def int8() -> Language:
    return nlp.load(precision="int8")


def fp32() -> Language:
    return nlp.load(precision="fp32")


def int8_nodes(pipeline: Language) -> list[Model]:
    """The nodes of ``pipeline`` that run in 8 bits."""
    return [n for n in model_nodes(pipeline) if getattr(n._func, "func", None) is int8_forward]


def test_the_default_pipeline_runs_every_maxout_in_eight_bits(monkeypatch) -> None:
    monkeypatch.delenv(nlp.PRECISION_ENV, raising=False)
    assert nlp.load() is int8()
    # each encoder (the shared tok2vec, the NER's own): its embedding's Maxout, and its stack of
    # 4 residual window blocks as one forward; 10 Maxout layers in all
    names = [node.name.split("(")[0] for node in int8_nodes(int8())]
    assert sorted(names) == ["maxout>>layernorm"] * 2 + ["residual"] * 2
    stacks = [node for node in model_nodes(fp32()) if window_stack(node)]
    assert [len(window_stack(node)) for node in stacks] == [4, 4]
    assert sum(map(is_maxout_layernorm, model_nodes(fp32()))) == 10
    assert not int8_nodes(fp32())


def test_eight_bit_annotations_agree_with_float32_on_real_text() -> None:
    records = ingest.read([str(SAMPLES), str(GOLD)])
    texts = [r.text for r in records if isinstance(r, Article)]
    sources = [r for r in ingest.read([str(SAMPLES)]) if isinstance(r, Article)]
    texts += [row["text"] for row in synthesize(paragraphs(sources), 20, words=600, seed=2)]
    scores = agreement(fp32(), int8(), texts)
    assert scores.tokens > 20_000
    assert scores.tag > 0.998 and scores.dep > 0.996 and scores.head > 0.995, scores
    assert scores.entity_precision > 0.99 and scores.entity_recall > 0.99, scores
    assert scores.sentences > 0.98, scores
    # and the two are not the same pipeline in disguise
    assert min(scores.tag, scores.head, scores.entity_recall) < 1.0, scores


def test_a_documents_annotations_do_not_depend_on_its_batch() -> None:
    sources = [r for r in ingest.read([str(SAMPLES)]) if isinstance(r, Article)]
    texts = [row["text"] for row in synthesize(paragraphs(sources), 6, words=600, seed=3)]

    def annotated(batch_size: int) -> list[list[tuple[object, ...]]]:
        docs = int8().pipe(texts, batch_size=batch_size)
        return [[(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc] for doc in docs]

    assert annotated(1) == annotated(3) == annotated(6)


def test_the_stored_input_ranges_are_those_of_the_sample_corpus() -> None:
    texts = [r.text for r in ingest.read([str(SAMPLES)]) if isinstance(r, Article)]
    stored = json.loads(RANGES_PATH.read_text(encoding="utf-8"))[model_key(fp32())]
    measured = calibrate(fp32(), texts)
    assert numpy.allclose(stored, measured, atol=1e-4)
    assert all(low < 0 < high for low, high in measured)


def test_a_model_without_ranges_stays_in_float32_with_a_warning(tmp_path) -> None:
    ranges = tmp_path / "ranges.json"
    ranges.write_text("{}", encoding="utf-8")
    with pytest.warns(UserWarning, match="no int8 input ranges for en_core_web_sm"):
        assert quantize_maxouts(fp32(), ranges) == 0
    assert not int8_nodes(fp32())


def test_eight_bit_pipeline_takes_empty_and_one_word_texts() -> None:
    assert len(int8()("")) == 0
    doc = int8()("Moscow")
    assert [e.label_ for e in doc.ents] == ["GPE"]


def test_a_quantised_layer_trains_with_thincs_own_float32_forward() -> None:
    layer = next(node for node in int8_nodes(int8()) if node.name == "maxout>>layernorm")
    n_in = layer.layers[0].get_dim("nI")
    X = numpy.random.default_rng(0).standard_normal((7, n_in)).astype("float32")
    expected, _ = chain_forward(layer, X, True)
    got, backprop = layer(X, is_train=True)
    assert numpy.array_equal(got, expected)
    assert backprop(numpy.ones_like(got)).shape == X.shape
    quantized, _ = layer(X, is_train=False)
    assert not numpy.array_equal(quantized, expected)
    assert numpy.allclose(quantized, expected, atol=0.1 * numpy.abs(expected).max())


def test_an_unknown_precision_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setenv(nlp.PRECISION_ENV, "int4")
    with pytest.raises(ValueError, match="POLYBIUS_PRECISION='int4': expected one of int8, fp32"):
        nlp.load()
