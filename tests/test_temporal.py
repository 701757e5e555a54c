"""Time expressions: detection, news-convention resolution, event dating, rules files, CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path

import pytest
from spacy.matcher import Matcher
from spacy.util import filter_spans
from typer.testing import CliRunner

from polybius import nlp
from polybius.cli import app
from polybius.model import Article, Event, EventActor
from polybius.temporal import RulesError, find_dates, load_rules, resolve_dates
from polybius.temporal.detect import detector, sentence_bounds
from polybius.temporal.gold import read_gold
from polybius.temporal.intervals import Interval

GOLD = Path(__file__).resolve().parents[1] / "bench" / "data" / "temporal" / "gold.jsonl"


def dates(text: str, published: str | None) -> list[tuple[str, str, str]]:
    return [(r.text, r.date, r.precision) for r in find_dates(text, published)]


def event_on(text: str, published: str | None, trigger: str, **fields: object) -> Event:
    """The event on the last occurrence of ``trigger`` in ``text``, dated by resolve_dates."""
    parsed = nlp.parse(Article(id="a", text=text, published=published))
    start = text.rindex(trigger)
    index = parsed.sentence_index(start)
    sentence = parsed.spans[index]
    offset = start - sentence.start_char
    event = Event(
        id="e",
        article_id="a",
        published=published,
        plover="CONSULT",
        source=EventActor("x", "x"),
        sentence_index=index,
        spans={"trigger": (offset, offset + len(trigger))},
        **fields,  # type: ignore[arg-type]
    )
    [dated] = resolve_dates([event], parsed)
    return dated


# --- resolution conventions --------------------------------------------------------------


def test_bare_weekday_in_a_past_report_includes_the_publication_day():
    # 2023-02-24 is a Friday.
    assert dates("The minister said Friday that talks had failed.", "2023-02-24") == [
        ("Friday", "2023-02-24", "day")
    ]
    assert dates("The minister resigned on Thursday.", "2023-02-24") == [
        ("on Thursday", "2023-02-23", "day")
    ]


def test_bare_weekday_in_a_future_clause_is_the_next_one_after_publication():
    assert dates("Parliament will vote on Friday.", "2023-02-24") == [
        ("on Friday", "2023-03-03", "day")
    ]
    assert dates("The envoy is scheduled to arrive on Tuesday.", "2023-02-24") == [
        ("on Tuesday", "2023-02-28", "day")
    ]
    assert dates("Talks are expected to resume today.", "2023-02-24") == [
        ("today", "2023-02-24", "day")
    ]


def test_last_and_next_weekday_and_year_boundaries():
    # Monday 2 January 2023: "last Friday" is in the old year, "next month" after 15 Dec in the new.
    assert dates("Troops withdrew last Friday.", "2023-01-02") == [
        ("last Friday", "2022-12-30", "day")
    ]
    assert dates("Prices will rise next month.", "2022-12-15") == [
        ("next month", "2023-01-01", "month")
    ]
    assert dates("The decree was signed yesterday.", "2023-01-01") == [
        ("yesterday", "2022-12-31", "day")
    ]


def test_months_seasons_quarters_ago_and_absolute_forms():
    published = "2023-02-27"
    text = (
        "The summit was held last September. Elections will take place in June. "
        "The rebels seized the town in June. Profits fell in the fourth quarter. "
        "The offensive stalled last summer. The initiative began a decade ago. "
        "The vote was held on Feb. 14, and the treaty dated 2021-05-03 expired on "
        "14 February 2023."
    )
    assert dates(text, published) == [
        ("last September", "2022-09-01", "month"),
        ("June", "2023-06-01", "month"),
        ("June", "2022-06-01", "month"),
        ("the fourth quarter", "2022-01-01", "year"),
        ("last summer", "2022-01-01", "year"),
        ("a decade ago", "2013-01-01", "year"),
        ("on Feb. 14", "2023-02-14", "day"),
        ("2021-05-03", "2021-05-03", "day"),
        ("on 14 February 2023", "2023-02-14", "day"),
    ]


def test_week_spans_take_the_month_holding_most_of_their_days():
    # Last week from Monday 2 Jan 2023 is Dec 26 - Jan 1: December.
    assert dates("Lawmakers met last week.", "2023-01-02") == [("last week", "2022-12-01", "month")]


def test_offsets_index_the_text_and_words_that_only_look_like_dates_are_skipped():
    text = "The Sunday Times said the two sides may meet on Tuesday, after a march in May."
    refs = find_dates(text, "2023-02-27")
    assert [text[r.start : r.end] for r in refs] == [r.text for r in refs]
    assert [r.text for r in refs] == ["on Tuesday", "May"]


def test_without_a_publication_date_only_expressions_naming_their_year_resolve():
    text = "The accord signed on March 3, 2021 collapsed last week."
    assert dates(text, None) == [("on March 3, 2021", "2021-03-03", "day")]
    assert dates(text, "not a date") == [("on March 3, 2021", "2021-03-03", "day")]


def test_interval_value_rule():
    day = dt.date
    assert Interval(day(2023, 2, 1), day(2023, 2, 1)).value() == (day(2023, 2, 1), "day")
    assert Interval(day(2023, 2, 6), day(2023, 2, 12)).value() == (day(2023, 2, 1), "month")
    assert Interval(day(2022, 12, 26), day(2023, 1, 1)).value() == (day(2022, 12, 1), "month")
    assert Interval(day(2022, 6, 1), day(2022, 8, 31)).value() == (day(2022, 1, 1), "year")
    assert Interval(day(2022, 12, 1), day(2023, 2, 28)).value() == (day(2023, 1, 1), "year")


# --- which expression dates an event -------------------------------------------------------


def test_the_trigger_clause_wins_over_the_reporting_clause():
    text = "The ministry said on Monday that Lukashenko will travel to Beijing on Tuesday."
    travel = event_on(text, "2023-02-27", "travel", modality="future")
    said = event_on(text, "2023-02-27", "said")
    assert (travel.date, travel.date_precision, travel.date_text) == (
        "2023-02-28",
        "day",
        "on Tuesday",
    )
    assert (said.date, said.date_precision) == ("2023-02-27", "day")


def test_relative_clauses_bounds_and_datelines_do_not_date_the_event():
    relative = event_on(
        "Kallas, who took office on Sunday, condemned the crackdown.", "2024-12-02", "condemned"
    )
    assert (relative.date, relative.date_precision) == ("2024-12-02", "publication")
    bound = event_on(
        "The ministers will meet before the end of the year.",
        "2022-12-15",
        "meet",
        modality="future",
    )
    assert bound.date_precision == "publication"
    dateline = event_on(
        "GENEVA, March 14 (Wire) - Armenia and Azerbaijan agreed on Wednesday to free detainees.",
        "2024-03-14",
        "agreed",
    )
    assert (dateline.date, dateline.date_text) == ("2024-03-13", "on Wednesday")


def test_since_dates_a_positive_event_but_not_a_negated_one():
    arrested = event_on("Police have arrested 40 people since Friday.", "2023-10-03", "arrested")
    assert (arrested.date, arrested.date_precision) == ("2023-09-29", "day")
    visited = event_on(
        "The president has not visited the region since 2019.",
        "2023-10-03",
        "visited",
        negated=True,
    )
    assert visited.date_precision == "publication"


def test_carry_within_a_paragraph_for_past_and_future_clauses_only():
    context = "Brazil proposed a regional summit last Friday. "
    carried = event_on(context + "It published a five-point plan.", "2023-02-27", "published")
    assert (carried.date, carried.date_text) == ("2023-02-24", "last Friday")
    perfect = event_on(context + "Western leaders have criticised it.", "2023-02-27", "criticised")
    assert perfect.date_precision == "publication"
    new_paragraph = event_on(
        "Brazil proposed a regional summit last Friday.\n\nIt published a five-point plan.",
        "2023-02-27",
        "published",
    )
    assert new_paragraph.date_precision == "publication"
    reaction = event_on(
        "Brazil called on Thursday for a recount. Maduro rejected the request.",
        "2024-08-03",
        "rejected",
    )
    assert reaction.date_precision == "publication"
    future = event_on(
        "Lukashenko will leave for China on Tuesday. He said on Monday the trip was planned. "
        "He will meet Chinese officials.",
        "2023-02-27",
        "meet",
        modality="future",
    )
    assert (future.date, future.date_text) == ("2023-02-28", "on Tuesday")
    today = event_on(
        "Today the minister met union leaders. They discussed pensions.", "2023-10-03", "discussed"
    )
    assert today.date_precision == "publication"


def test_event_without_any_expression_keeps_the_publication_date():
    event = event_on("The delegation arrived for talks.", "2023-02-27", "arrived")
    assert (event.date, event.date_precision, event.date_text) == (
        "2023-02-27",
        "publication",
        "",
    )
    undated = event_on("The delegation arrived last Friday.", None, "arrived")
    assert (undated.date, undated.date_precision) == (None, "publication")


def test_resolve_dates_of_no_events_is_empty_and_events_keep_their_order():
    parsed = nlp.parse(Article(id="a", text="Troops withdrew on Monday.", published="2023-02-27"))
    assert resolve_dates([], parsed) == []


# --- detection machinery ---------------------------------------------------------------------


def test_windowed_matching_finds_what_a_whole_document_matcher_finds():
    """The anchored windows lose nothing: compare with one Matcher over every token."""
    rules = load_rules()
    language = nlp.load()
    whole = Matcher(language.vocab)
    for group in rules.groups:
        whole.add(group.key, [list(p) for p in group.patterns])
    sentences = [row.sentence for row in read_gold(GOLD)]
    for doc in language.pipe(sentences):
        expected = {(s.start, s.end) for s in filter_spans(whole(doc, as_spans=True))}
        found = detector(doc.vocab, rules)(doc, sentence_bounds(doc))
        prefixes = rules.lexicon.span_prefixes
        trimmed = set()
        for match in found:
            start = match.span.start
            while doc[start].lower_ in prefixes.get(match.label, ()) and start < match.span.end:
                start += 1
            trimmed.add((start, match.span.end))
        assert trimmed == expected, doc.text


def test_sentence_bounds_agree_with_doc_sents():
    doc = nlp.load()("One sentence here. Another one there!\n\nA third paragraph.")
    assert sentence_bounds(doc) == [(s.start, s.end) for s in doc.sents]


# --- rules files ---------------------------------------------------------------------------


def test_a_user_rules_file_extends_the_lexicon(tmp_path, monkeypatch):
    extra = tmp_path / "rules.yaml"
    extra.write_text("lexicon:\n  counts:\n    dozen: 12\n", encoding="utf-8")
    rules = load_rules(extra)
    refs = find_dates("The war began a dozen years ago.", "2023-02-27", rules=rules)
    assert [(r.text, r.date, r.precision) for r in refs] == [
        ("dozen years ago", "2011-01-01", "year")
    ]
    monkeypatch.setenv("POLYBIUS_TEMPORAL_RULES", str(extra))
    assert load_rules() is rules


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("lexicon:\n  colours: {red: 1}\n", "unknown lexicon table 'colours'"),
        ("groups:\n  - label: X\n    patterns: [[{LOWER: the}]]\n", "has no anchor token"),
        ("groups:\n  - label: X\n    patterns: [[$nothing]]\n", "unknown token '$nothing'"),
        ("lexicon: [1, 2\n", "not valid YAML"),
    ],
)
def test_bad_rules_files_are_refused_with_a_clear_message(tmp_path, content, message):
    extra = tmp_path / "rules.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(RulesError, match=re.escape(message)):
        load_rules(extra)


def test_a_missing_rules_file_is_refused(tmp_path):
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "absent.yaml")


# --- polybius when ---------------------------------------------------------------------------


def test_when_prints_spans_values_and_precisions_as_json():
    text = "Brazil proposed a regional summit last Friday and Lula will visit on Tuesday."
    result = CliRunner().invoke(app, ["when", text, "--published", "2023-02-27", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows == [
        {"date": "2023-02-24", "precision": "day", "text": "last Friday", "start": 34, "end": 45},
        {"date": "2023-02-28", "precision": "day", "text": "on Tuesday", "start": 66, "end": 76},
    ]
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)


def test_when_reads_a_file_and_reports_a_missing_one(tmp_path):
    page = tmp_path / "story.txt"
    page.write_text(
        textwrap.dedent("""\
        Parliament passed the budget on Friday.

        The opposition walked out in protest.
        """),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["when", str(page), "--published", "2023-10-03"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "span\ttext\tdate\tprecision",
        "29-38\ton Friday\t2023-09-29\tday",
    ]
    missing = CliRunner().invoke(app, ["when", str(tmp_path / "absent.txt")])
    assert missing.exit_code == 1
    assert "absent.txt: no such file" in missing.stderr
    wrong_date = CliRunner().invoke(app, ["when", "text", "--published", "27/02/2023"])
    assert wrong_date.exit_code != 0


def test_present_perfect_takes_no_definite_past_day_but_keeps_since():
    # Wednesday 2021-03-31: a strike called in the perfect is a strike to come.
    assert dates("The opposition has called a general strike on Monday.", "2021-03-31") == [
        ("on Monday", "2021-04-05", "day")
    ]
    assert dates("Families have fled south since Wednesday.", "2021-03-31") == [
        ("Wednesday", "2021-03-31", "day")
    ]


def test_participles_modifying_nouns_take_their_clause_tense_and_noun_years_date_nothing():
    strike = event_on(
        "Students will join a general strike called for Friday.",
        "2023-10-03",
        "join",
        modality="future",
    )
    assert (strike.date, strike.date_text) == ("2023-10-06", "Friday")
    accord = event_on(
        "The government suspended a 2018 military agreement.", "2023-10-03", "suspended"
    )
    assert (accord.date, accord.date_precision) == ("2023-10-03", "publication")


def test_a_publication_time_is_reduced_to_its_date():
    event = event_on("The delegation arrived for talks.", "2024-03-14T09:30:00Z", "arrived")
    assert (event.date, event.date_precision) == ("2024-03-14", "publication")
