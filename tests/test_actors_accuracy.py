"""Actor resolution measured on gold data (read by path), and coreference rules on real text."""

from __future__ import annotations

import json
from pathlib import Path

from polybius import actors, nlp
from polybius.actors.accuracy import score_gold
from polybius.model import Article

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "plover_gsr" / "dev.jsonl"
SAMPLES = ROOT / "samples" / "gold.jsonl"


def test_plover_gold_countries_and_sectors():
    score, _ = score_gold(DEV)
    assert score.country_total >= 290
    assert score.country_right / score.country_total >= 0.90
    assert score.sector_right / score.sector_total >= 0.80


def test_sample_corpus_actors_and_coreference():
    everything, coreferent = score_gold(SAMPLES, "sentence")
    assert everything.country_right / everything.country_total >= 0.85
    assert coreferent.country_total >= 20
    assert coreferent.country_right / coreferent.country_total >= 0.70


def test_mentions_are_ordered_spans_of_the_text_on_every_sample():
    rows = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line]
    articles = [Article(id=r["id"], text=r["text"], published=r.get("published")) for r in rows]
    for parsed in nlp.parse_many(articles):
        found = actors.resolve(parsed)
        sentences = parsed.sentences
        for m in found:
            assert parsed.article.text[m.start : m.end] == m.text
            assert sentences[m.sentence_index].start <= m.start < sentences[m.sentence_index].end
            assert m.why
        for a, b in zip(found, found[1:], strict=False):
            assert a.end <= b.start


def mentions(text: str, published: str = "2024-03-14"):
    return actors.resolve(nlp.parse(Article(id="t", text=text, published=published)))


def test_pairs_and_their():
    found = mentions(
        "Armenian Foreign Minister Ararat Mirzoyan and his Azerbaijani counterpart Jeyhun "
        "Bayramov met in Geneva. The two ministers agreed that both sides would free detainees, "
        "and their governments will meet again."
    )
    by_text = {m.text: m for m in found}
    assert {a.country for a in by_text["The two ministers"].members} == {"ARM", "AZE"}
    assert {a.country for a in by_text["both sides"].members} == {"ARM", "AZE"}
    assert {a.code for a in by_text["their governments"].members} == {"ARMGOV", "AZEGOV"}


def test_repeated_surname_and_reported_speech():
    found = mentions(
        "Wall Street Journal reporter Evan Gershkovich was detained in Yekaterinburg. "
        "Gershkovich denied the charges. Defence Minister Wladyslaw Kosiniak-Kamysz of Poland "
        "said the army had sent soldiers to the border."
    )
    by_text = {m.text: m for m in found}
    assert by_text["Wall Street Journal reporter Evan Gershkovich"].actor.code == "USAJRN"
    assert by_text["Gershkovich"].actor.code == "USAJRN"
    assert by_text["Gershkovich"].antecedent
    assert by_text["the army"].actor.code == "POLMIL"


def test_former_office_holder_and_backers():
    found = mentions(
        "Supporters of former President Ahmed Ben Bella clashed with pro-Iranian Hezbollah "
        "fighters. Ethnic Albanians in south Serbia accused the police of abuses.",
        "2000-01-01",
    )
    by_text = {m.text: m for m in found}
    assert by_text["Supporters of former President Ahmed Ben Bella"].actor.code == "DZAOPP"
    hezbollah = [m for m in found if "Hezbollah" in m.text]
    assert [m.actor.country for m in hezbollah] == ["LBN"]
    assert "backer" in hezbollah[0].why
    assert by_text["Albanians"].actor.code == "SRBCVL"
