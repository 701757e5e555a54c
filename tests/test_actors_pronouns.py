"""Pronoun resolution on real parses: when "it" names an actor and when it is expletive.
Sentences written for these tests."""

from __future__ import annotations

from coding_support import resolve_text
from polybius.model import Mention


def pronoun(mentions: list[Mention], word: str) -> list[Mention]:
    return [m for m in mentions if m.text.lower() == word]


def test_it_that_is_ready_to_act_is_the_actor_before_it():
    found = pronoun(resolve_text("Japan said it was ready to provide assistance to Nepal."), "it")
    assert [m.actor.country for m in found] == ["JPN"]


def test_it_before_an_adjective_of_likelihood_is_expletive():
    found = resolve_text("Japan said it was likely that Nepal would ask for aid.")
    assert pronoun(found, "it") == []
