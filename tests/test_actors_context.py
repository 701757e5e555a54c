"""Countries taken from context on real parses: when the context must not give one.
Sentences written for these tests."""

from __future__ import annotations

from coding_support import resolve_text
from polybius.model import Mention


def country_of(mentions: list[Mention], text: str) -> list[str]:
    return [m.actor.country for m in mentions if m.text == text]


def test_a_foreign_actor_gets_no_country_from_the_sentence_around_it():
    found = resolve_text("Bolivia's president accused foreign intelligence agencies of plotting.")
    assert country_of(found, "intelligence agencies") == [""]


def test_outside_as_a_preposition_does_not_make_an_actor_foreign():
    found = resolve_text("Bolivian farmers protested outside parliament on Monday.")
    assert country_of(found, "Bolivian farmers") == ["BOL"]
    assert country_of(found, "parliament") != [""]


def test_an_unknown_government_body_belongs_to_the_home_country():
    found = resolve_text(
        "The Philippines said a Chinese vessel had rammed one of its supply boats near the shoal. "
        "The Department of Foreign Affairs summoned the Chinese ambassador on Sunday."
    )
    assert country_of(found, "The Department of Foreign Affairs") == ["PHL"]
