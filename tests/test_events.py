"""The event coder on real parses and real actor resolution: constructions, records, data files."""

from __future__ import annotations

from pathlib import Path

import pytest

from coding_support import dyads
from polybius import events, nlp, pipeline
from polybius.events.frames import FrameError, load_frames
from polybius.events.ontology import load_ontology, validate
from polybius.model import Event

SEED = Path(__file__).resolve().parents[2] / "shared" / "data" / "seed" / "scraped_news_page.txt"


def coded(text: str, published: str = "2024-05-06") -> list[Event]:
    """Every event of ``text`` (negated ones included) through the real pipeline."""
    return pipeline.code_text(text, published=published).events


def only(found: list[Event], plover: str) -> list[Event]:
    return [e for e in found if e.plover == plover]


# --- the ontology -------------------------------------------------------------------------------


def test_ontology_tables_are_consistent_and_complete():
    ontology = load_ontology()
    assert validate(ontology) == []
    assert len(ontology.types) == 16
    assert ontology.code_for("SANCTION", "economic").code == "163"
    assert ontology.code_for("SANCTION", "economic").quad_class == 4
    assert ontology.code_for("CONSULT", "visit").quad_class == 1
    assert ontology.code_for("CONSULT", "visit").goldstein == pytest.approx(1.9)
    assert ontology.code_for("AID").quad_class == 2
    assert ontology.code_for("ACCUSE", "investigate").quad_class == 3


def test_every_frame_codes_to_a_known_cameo_code():
    ontology = load_ontology()
    frames = load_frames(ontology)
    assert len({f.id for f in frames}) == len(frames) > 100
    for frame in frames:
        code = ontology.code_for(frame.plover, frame.mode, frame.cameo)
        assert code.plover == frame.plover, frame.id


def test_user_frames_extend_the_coder(tmp_path):
    extra = tmp_path / "frames.yaml"
    extra.write_text(
        "frames:\n- {id: shun-user, verb: [shun], plover: REJECT, target: [dobj]}\n",
        encoding="utf-8",
    )
    parsed = nlp.parse(pipeline.ingest.article_from_text("France shunned Italy on Monday."))
    from polybius import actors

    mentions = actors.resolve(parsed)
    coder = events.coder_for(parsed.doc.vocab, [extra])
    found = coder.code(parsed, mentions)
    assert ("REJECT", "FRA", "ITA") in dyads(found)
    assert any("shun-user" in e.why for e in found)


def test_a_malformed_frame_file_names_file_and_frame(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("frames:\n- {id: oops, verb: [snub], plover: SNUB}\n", encoding="utf-8")
    with pytest.raises(FrameError, match="bad.yaml.*oops.*SNUB"):
        load_frames(load_ontology(), [bad])


def test_unquoted_yaml_booleans_are_refused(tmp_path):
    bad = tmp_path / "bool.yaml"
    bad.write_text("frames:\n- {id: lean-on, verb: [lean], prep: [on], plover: REQUEST}\n")
    with pytest.raises(FrameError, match="lean-on.*quote"):
        load_frames(load_ontology(), [bad])


# --- constructions ------------------------------------------------------------------------------


def test_active_and_passive_voice_give_the_same_dyad():
    active = coded("The United States imposed sanctions on Belarus on Monday.")
    passive = coded("Sanctions were imposed on Belarus by the United States on Monday.")
    assert ("SANCTION", "USA", "BLR") in dyads(active)
    assert ("SANCTION", "USA", "BLR") in dyads(passive)


def test_compound_subject_gives_one_record_per_actor():
    found = coded("Brazil and Argentina agreed on Tuesday to a ceasefire.")
    assert {("AGREE", "BRA", ""), ("AGREE", "ARG", "")} <= dyads(found)


def test_a_pair_parsed_after_a_dateline_still_gives_one_record_per_member():
    found = coded(
        "OSLO, Norway — Finnish President Alexander Stubb and Swedish Prime Minister Ulf"
        " Kristersson agreed on Monday to build a joint air defence network.",
        published="2025-03-03",
    )
    agree = only(found, "AGREE")
    assert {e.source.country for e in agree} == {"FIN", "SWE"}
    assert all(e.source.code for e in agree)


def test_no_actor_is_its_own_target():
    found = coded("Georgian Prime Minister Irakli Kobakhidze praised the government on Monday.")
    assert "SUPPORT" in {e.plover for e in found}
    assert all(e.target is None or e.target.code != e.source.code for e in found)


def test_a_target_counted_out_of_a_crowd_is_still_the_target():
    found = coded("Kenyan police fired tear gas at hundreds of opposition supporters on Monday.")
    assert ("COERCE", "KEN", "KEN") in dyads(found)


def test_an_actor_noun_modifying_the_object_is_its_owner():
    found = coded("Gunmen attacked a police station in Kaduna on Sunday.")
    assert [e.target.sector for e in only(found, "ASSAULT") if e.target] == ["COP"]


def test_verb_with_preposition_and_light_verbs():
    talks = dyads(coded("France held talks with Germany on Friday."))
    assert {("CONSULT", "FRA", ""), ("CONSULT", "DEU", "")} <= talks  # both took part
    found = coded("Egypt called for talks between Israel and Hamas.")
    assert "REQUEST" in {e.plover for e in found}
    assert "CONSULT" not in {e.plover for e in found}


def test_nominal_event_takes_its_possessor_as_source():
    found = coded("Alexander Lukashenko's visit to China is his first since 2019.")
    assert ("CONSULT", "BLR", "CHN") in dyads(found)


def test_clausal_complement_is_governed_by_its_verb():
    found = coded("Poland and Lithuania agreed to upgrade their military ties.")
    assert {e.plover for e in found} == {"AGREE"}


def test_promise_of_violence_is_a_threat():
    found = coded("The rebel commander vowed to attack Nigerian army bases.")
    assert "THREATEN" in {e.plover for e in found}
    assert "AGREE" not in {e.plover for e in found}


def test_reported_speech_gives_an_accusation_and_a_reported_act():
    found = coded("China said the United States is pouring weapons into Ukraine.")
    assert ("ACCUSE", "CHN", "USA") in dyads(found)
    embedded = [e for e in found if e.source.country == "USA"]
    assert embedded and all(e.modality == "reported" for e in embedded)


def test_negated_act_is_flagged_and_refusal_becomes_reject():
    found = coded(
        "Narendra Modi has not been able to talk with Shehbaz Sharif since the border clashes."
    )
    consult = only(found, "CONSULT")
    assert consult and all(e.negated for e in consult)
    assert ("REJECT", "BRA", "") in dyads(coded("Brazil did not accept the proposal."))


def test_hypothetical_and_future_modality():
    feared = coded("There were concerns that Azerbaijan might strike Armenia again.")
    assert [e.modality for e in only(feared, "ASSAULT")] == ["hypothetical"]
    scheduled = coded("Erdogan is scheduled to fly to Japan on a two-day visit on Friday.")
    visit = [e for e in only(scheduled, "CONSULT") if e.target and e.target.country == "JPN"]
    assert visit and visit[0].modality == "future" and visit[0].mode == "visit"


def test_conditional_acts_are_not_coded_as_events():
    found = coded("Iran threatened to close the strait unless Washington lifted its sanctions.")
    assert "THREATEN" in {e.plover for e in found}
    assert not only(found, "RETREAT")


def test_a_wire_dateline_is_not_the_subject():
    found = coded(
        "GENEVA, March 14 (Wire) - Armenia and Azerbaijan agreed on Wednesday to a truce."
    )
    assert {("AGREE", "ARM", ""), ("AGREE", "AZE", "")} <= dyads(found)
    assert all(e.source.country != "CHE" for e in found)


def test_condemning_an_act_targets_its_author():
    found = coded(
        "North Korea fired a ballistic missile toward Japan on Thursday. "
        "South Korea condemned the launch."
    )
    assert ("ACCUSE", "KOR", "PRK") in dyads(found)


# --- the records --------------------------------------------------------------------------------


def test_evidence_sentence_is_stripped_and_spans_index_it():
    found = coded(
        "Egyptian police arrested 12 protesters in Cairo on Monday.  \n\n"
        "Jordan condemned the arrests.\n\n"
    )
    assert found
    for event in found:
        assert event.sentence == event.sentence.strip()
        start, end = event.spans["source"]
        assert event.sentence[start:end] in ("Egyptian police", "Jordan")
    arrest = only(found, "COERCE")[0]
    start, end = arrest.spans["trigger"]
    assert arrest.sentence[start:end] == "arrested"


def test_records_are_complete_consistent_and_stable():
    text = "Egyptian police arrested 12 protesters in Cairo on Monday."
    first, second = coded(text), coded(text)
    assert [e.id for e in first] == [e.id for e in second]
    ontology = load_ontology()
    (event,) = only(first, "COERCE")
    assert event.mode == "arrest" and event.cameo == "173"
    assert event.quad_class == ontology.cameo["173"].quad_class == 4
    assert event.goldstein == ontology.cameo["173"].goldstein
    assert event.sentence == text and event.sentence_index == 0
    for role in ("source", "trigger"):
        start, end = event.spans[role]
        assert event.sentence[start:end]
    start, end = event.spans["trigger"]
    assert event.sentence[start:end] == "arrested"
    assert 0 < event.confidence <= 1 and "frame arrest" in event.why
    target = (event.target.code or event.target.name) if event.target else None
    assert event.id == Event.make_id(event.article_id, 0, "COERCE", event.source.code, target)


# --- the seed page ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_events() -> list[Event]:
    (result,) = list(pipeline.code_sources([str(SEED)], published="2023-02-27"))
    assert isinstance(result, pipeline.CodedArticle)
    return result.events


def test_seed_page_visit_sanctions_and_consultations(seed_events):
    visits = [
        e
        for e in seed_events
        if e.plover == "CONSULT"
        and e.source.country == "BLR"
        and e.target is not None
        and e.target.country == "CHN"
        and not e.negated
    ]
    assert any(e.mode == "visit" and e.modality == "future" for e in visits)
    found = dyads(seed_events)
    assert ("SANCTION", "USA", "BLR") in found
    assert {("CONSULT", "CHN", "RUS"), ("CONSULT", "RUS", "CHN")} & found


def test_seed_page_request_accusation_and_no_consultation_with_ukraine(seed_events):
    assert any(e.plover == "REQUEST" and e.source.country == "CHN" for e in seed_events)
    found = dyads(seed_events)
    assert ("ACCUSE", "CHN", "USA") in found or ("ACCUSE", "WST", "CHN") in found
    assert ("CONSULT", "CHN", "UKR") not in found
    assert ("CONSULT", "CHN", "UKR") in dyads(seed_events, include_negated=True)


def test_a_visit_in_a_temporal_adjunct_is_the_main_subjects_unless_it_names_its_own():
    own = coded("After a visit to Tehran last week, Iraq's prime minister said trade would grow.")
    assert ("CONSULT", "IRQ", "IRN") in dyads(own)
    named = coded("Before a visit by Erdogan to Baghdad, Iraqi officials said the border was calm.")
    assert ("CONSULT", "TUR", "IRQ") in dyads(named)
    assert ("CONSULT", "IRQ", "IRQ") not in dyads(named)
