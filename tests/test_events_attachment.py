"""Argument attachment on real parses: where the coder finds a target (or the trigger's object)
when spaCy's parse puts it somewhere unexpected. Sentences written for these tests."""

from __future__ import annotations

from polybius import pipeline
from polybius.model import Event


def coded(text: str, published: str = "2024-05-06") -> list[Event]:
    """The asserted events of ``text`` through the real pipeline."""
    return pipeline.code_text(text, published=published).asserted()


def dyads(found: list[Event]) -> set[tuple[str, str, str]]:
    return {(e.plover, e.source.country, e.target.country if e.target else "") for e in found}


def test_a_coordinated_preposition_gives_the_place_target():
    # "in the suburbs and in the city of Lviv": the second "in" hangs from the first
    found = coded("Russian drones struck power stations in the suburbs and in the city of Lviv.")
    assert ("ASSAULT", "RUS", "UKR") in dyads(found)


def test_a_quantity_phrase_passes_its_prepositions_on():
    found = coded("The World Bank disbursed 300 million dollars of emergency loans for Pakistan.")
    assert ("AID", "IGO", "PAK") in dyads(found)


def test_the_passive_subject_of_a_warning_is_its_target():
    found = coded("Azerbaijan's defence minister warned that Armenian saboteurs would be punished.")
    assert ("THREATEN", "AZE", "ARM") in dyads(found)


def test_an_actor_compound_on_an_object_tagged_as_a_verb_is_the_owner():
    # spaCy tags "calls" as a verb (ccomp) here; "opposition" still owns the rejected calls
    found = coded("The prime minister of Serbia dismissed opposition calls for early elections.")
    rejected = [e for e in found if e.plover == "REJECT"]
    assert rejected and rejected[0].target is not None
    assert rejected[0].target.sector == "OPP"


def test_a_finite_verb_after_an_accusation_is_a_new_act():
    # "accused X of spying ... and expelled": "expelled" is not part of the accusation
    found = coded(
        "Algeria accused Morocco of spying on its officials and expelled the Moroccan ambassador."
    )
    assert {("ACCUSE", "DZA", "MAR"), ("SANCTION", "DZA", "MAR")} <= dyads(found)


def test_an_object_parsed_as_a_clause_subject_still_binds_the_frame():
    # "expel the French diplomats still working in Niamey": "diplomats" is parsed as the
    # subject of "working"
    found = coded("The junta in Niger could expel the French diplomats still working in Niamey.")
    expelled = [e for e in found if e.plover == "SANCTION"]
    assert dyads(expelled) == {("SANCTION", "NER", "FRA")}
    assert expelled[0].modality == "hypothetical"


def test_a_deployment_aimed_at_an_actor_takes_it_as_target():
    found = coded("Japan said it had dispatched naval and air forces to track the Chinese ships.")
    assert ("MOBILIZE", "JPN", "CHN") in dyads(found)


def test_welcoming_sanctions_is_support():
    found = coded("The Lithuanian foreign minister welcomed the new sanctions.")
    assert ("SUPPORT", "LTU", "") in dyads(found)
    assert not [e for e in found if e.plover == "CONSULT"]


def test_the_recipient_of_a_light_verb_aid_noun_is_the_target():
    found = coded("Japan gave Sri Lanka 40 million dollars of aid.")
    assert ("AID", "JPN", "LKA") in dyads(found)
