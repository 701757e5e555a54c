"""Actor resolution on real text: the seed page (read by path) and phrases in context."""

from __future__ import annotations

from pathlib import Path

import pytest

from coding_support import resolve_text
from polybius import actors
from polybius.model import Mention

SEED = Path(__file__).resolve().parents[2] / "shared" / "data" / "seed" / "scraped_news_page.txt"
SEED_PUBLISHED = "2023-02-27"


def by_text(mentions: list[Mention], text: str) -> list[Mention]:
    return [m for m in mentions if m.text == text]


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[Mention]]:
    text = SEED.read_text(encoding="utf-8")
    return text, resolve_text(text, SEED_PUBLISHED)


def test_offsets_are_sorted_non_overlapping_and_match_text(seed):
    text, mentions = seed
    assert mentions
    for m in mentions:
        assert text[m.start : m.end] == m.text
    for a, b in zip(mentions, mentions[1:], strict=False):
        assert a.end <= b.start


@pytest.mark.parametrize(
    "text,code,name",
    [
        ("Lukashenko", "BLRGOV", "Alexander Lukashenko"),
        ("President Xi Jinping", "CHNGOV", "Xi Jinping"),
        ("Xi Jinping", "CHNGOV", "Xi Jinping"),
        ("Putin", "RUSGOV", "Vladimir Putin"),
        ("Russian President Vladimir Putin", "RUSGOV", "Vladimir Putin"),
        ("Ukrainian President Volodymyr Zelensky", "UKRGOV", "Volodymyr Zelensky"),
        ("Beijing", "CHNGOV", None),
        ("China's Foreign Ministry", "CHNGOV", None),
        ("Western leaders", "WSTGOV", None),
        ("the European Union", "IGOEUREEC", "European Union"),
        ("Russian troops", "RUSMIL", None),
        ("SCO", "IGOASASCO", "Shanghai Cooperation Organization"),
    ],
)
def test_seed_page_actors(seed, text, code, name):
    _, mentions = seed
    found = by_text(mentions, text)
    assert found, f"{text!r} not found as one mention"
    for m in found:
        assert m.actor.code == code
        if name:
            assert m.actor.name == name


def test_seed_page_coreference(seed):
    _, mentions = seed
    he = [m for m in mentions if m.text == "he"]
    assert [m.actor.name for m in he] == [
        "Alexander Lukashenko",
        "Xi Jinping",
        "Alexander Lukashenko",
    ]
    pair = by_text(mentions, "these two leaders")[0]
    assert {a.name for a in pair.members} == {"Alexander Lukashenko", "Xi Jinping"}
    assert pair.antecedent
    country = by_text(mentions, "the country")
    assert [m.actor.country for m in country] == ["CHN", "BLR"]
    assert by_text(mentions, "the government")[0].actor.code == "BLRGOV"
    assert by_text(mentions, "his country")[0].actor.country == "BLR"
    assert all(m.why for m in mentions)


@pytest.mark.parametrize(
    "phrase,date,code,name",
    [
        ("the Belarusian leader", "2023-02-27", "BLRGOV", "Alexander Lukashenko"),
        ("the Russian president", "2010-06-01", "RUSGOV", "Dmitry Medvedev"),
        ("the Russian president", "2015-06-01", "RUSGOV", "Vladimir Putin"),
        ("the British prime minister", "2020-01-01", "GBRGOV", "Boris Johnson"),
        ("the US secretary of state", "2022-05-01", "USAGOV", "Antony Blinken"),
        ("President Alexander Lukashenko", "2023-02-27", "BLRGOV", "Alexander Lukashenko"),
        ("Belarusian opposition leader Sviatlana Tsikhanouskaya", None, "BLROPP", None),
        ("Iraqi police", None, "IRQCOP", None),
        ("the Sudanese government", None, "SDNGOV", None),
        ("Kremlin", None, "RUSGOV", None),
        ("Downing Street", None, "GBRGOV", None),
        ("U.S.", None, "USA", None),
        ("Burma", None, "MMR", None),
        ("Ivory Coast's Supreme Court", None, "CIVJUD", None),
        ("Hamas", None, "PSEREBHMS", "Hamas"),
        ("UN peacekeepers", None, "IGOUNOMIL", None),
    ],
)
def test_lookup(phrase, date, code, name):
    found = actors.lookup(phrase, date)
    assert found is not None
    assert found.actor.code == code
    assert found.why
    if name:
        assert found.actor.name == name


def test_lookup_without_actor_and_bad_date():
    assert actors.lookup("the weather was fine", None) is None
    with pytest.raises(ValueError):
        actors.lookup("China", "27/02/2023")


def test_pro_and_backed_do_not_give_their_country():
    mentions = resolve_text(
        "Iraqi officials said Iranian-backed militias attacked the base. "
        "The US-led coalition and pro-Iranian Hezbollah fighters clashed.",
        None,
    )
    by_text = {m.text: m for m in mentions}
    assert by_text["Iranian-backed militias"].actor.country == "IRQ"
    assert "backer" in by_text["Iranian-backed militias"].why
    assert by_text["US"].actor.country == "USA"
    assert by_text["Iranian Hezbollah fighters"].actor.code == "LBNREBHEZ"


def test_cities_and_unknown_organisations():
    mentions = resolve_text(
        "Turkish authorities imposed a curfew on Cizre. The Ceasefire Violations Committee "
        "said the NPFL had taken over the Liberian city of Greenville.",
        None,
    )
    by_text = {m.text: m for m in mentions}
    assert by_text["Cizre"].actor.code == "TURCVL"
    assert by_text["Greenville"].actor.country == "LBR"
    assert by_text["The Ceasefire Violations Committee"].actor.country == "LBR"


def test_lowercase_words_are_not_names():
    assert not resolve_text("They said us to turkey dinner.", None)


def test_mentions_in_and_actor_for_span():
    text = "Russian troops crossed the border near Kyiv."
    mentions = resolve_text(text, SEED_PUBLISHED)
    assert [m.text for m in actors.mentions_in(mentions, 0, 14)] == ["Russian troops"]
    assert actors.actor_for_span(mentions, 0, 14).actor.code == "RUSMIL"
    assert actors.actor_for_span(mentions, 15, 22) is None
