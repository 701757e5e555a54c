"""The records round-trip through JSON unchanged."""

import dataclasses
import json

import pytest

from polybius.model import Article, Event, EventActor, Failure, Location, stable_id


def test_event_round_trips_through_json() -> None:
    event = Event(
        id=Event.make_id("a1", 2, "CONSULT", "BLRGOV", "CHN"),
        article_id="a1",
        published="2023-02-27",
        plover="CONSULT",
        mode="visit",
        source=EventActor("Alexander Lukashenko", "Alexander Lukashenko", "BLRGOV", "BLR", "GOV"),
        target=EventActor("China", "China", "CHN", "CHN"),
        location=Location("China", "CHN", 35.0, 105.0),
        spans={"source": (0, 20), "trigger": (48, 53)},
    )
    again = Event.from_dict(json.loads(json.dumps(event.to_dict())))
    assert again == event
    assert again.spans["source"] == (0, 20)


def test_null_target_and_unknown_keys() -> None:
    data = Event(
        id="x",
        article_id="a",
        published=None,
        plover="PROTEST",
        source=EventActor("protesters", "protesters", sector="CVL"),
    ).to_dict()
    data["added_in_a_later_version"] = 1
    event = Event.from_dict(data)
    assert event.target is None and event.source.sector == "CVL"


def test_stable_ids_are_stable_and_distinct() -> None:
    assert stable_id("a", 1) == stable_id("a", 1)
    assert stable_id("a", 1) != stable_id("a1")
    assert Event.make_id("a", 0, "AID", "USA", None) != Event.make_id("a", 0, "AID", "USA", "UKR")


def test_article_and_failure() -> None:
    article = Article(id="x", text="t", duplicates=("u1", "u2"))
    assert Article.from_dict(article.to_dict()) == article
    assert str(Failure("f.txt", "empty file")) == "f.txt: empty file"


def test_replace_copies_with_changes_like_dataclasses_replace() -> None:
    event = Event(
        id="e1",
        article_id="a1",
        published="2024-03-01",
        plover="PROTEST",
        source=EventActor("farmers", "farmers", "AGR"),
        spans={"trigger": (8, 17)},
    )
    changed = event.replace(date="2024-02-28", date_precision="day", date_text="on Wednesday")
    assert changed == dataclasses.replace(
        event, date="2024-02-28", date_precision="day", date_text="on Wednesday"
    )
    assert type(changed) is Event and changed is not event
    assert event.date is None and event.date_text == ""  # the original is untouched
    with pytest.raises(TypeError, match="no field colour"):
        event.replace(colour="red")
