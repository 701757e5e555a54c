"""Argument attachment on real parses: where the coder finds a target (or the trigger's object)
when spaCy's parse puts it somewhere unexpected. Sentences written for these tests."""

from __future__ import annotations

from coding_support import dyads
from polybius import pipeline
from polybius.model import Event


def coded(text: str, published: str = "2024-05-06") -> list[Event]:
    """The asserted events of ``text`` through the real pipeline."""
    return pipeline.code_text(text, published=published).asserted()


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


def test_security_forces_arriving_in_a_country_are_deployed_aid():
    found = coded("Rwandan troops arrived in Mozambique on Friday to help fight insurgents.")
    assert dyads(found) == {("AID", "RWA", "MOZ")}
    assert found[0].mode == "peacekeeping"


def test_talks_on_the_partners_soil_are_a_visit_elsewhere_a_joint_meeting():
    visit = coded("Kenya's president held talks in Addis Ababa with Ethiopia's prime minister.")
    assert dyads(visit) == {("CONSULT", "KEN", "ETH")}
    assert visit[0].mode == "visit"
    joint = coded("Kenya's president held talks with Ethiopia's prime minister.")
    assert dyads(joint) == {("CONSULT", "KEN", ""), ("CONSULT", "ETH", "")}


def test_a_place_of_its_own_country_that_a_force_leaves_is_not_a_target():
    found = coded(
        "Malian rebels seized the northern town of Anefis in May. "
        "On Sunday the rebels said their fighters had withdrawn from the town."
    )
    retreats = [e for e in found if e.plover == "RETREAT"]
    assert dyads(retreats) == {("RETREAT", "MLI", "")}


def test_what_is_offered_is_not_the_target_of_the_offer():
    assert dyads(coded("Chile and Peru have offered firefighters.")) == {
        ("AGREE", "CHL", ""),
        ("AGREE", "PER", ""),
    }
    assert dyads(coded("Chile has offered firefighters to Bolivia.")) == {("AGREE", "CHL", "BOL")}


def test_condemning_named_acts_targets_the_latest_actor_of_that_kind():
    found = coded(
        "Boko Haram fighters attacked a military base in Nigeria on Sunday. "
        "Cameroon closed its border with Nigeria on Monday. "
        "The United States condemned the attacks."
    )
    condemned = [e for e in found if e.plover == "ACCUSE"]
    assert dyads(condemned) == {("ACCUSE", "USA", "NGA")}  # not Cameroon, the latest actor


def test_condemning_force_against_someone_targets_them():
    found = coded("Canada condemned the use of tear gas against Serbian students.")
    assert dyads(found) == {("ACCUSE", "CAN", "SRB")}


def test_a_request_not_answered_is_the_owners_request_of_the_one_who_did_not_answer():
    found = coded("Iran has not responded to a request by the IAEA to inspect the site.")
    assert dyads(found) == {("REQUEST", "IGO", "IRN")}
    assert not found[0].negated  # "has not responded" denies the answer, not the request
    calls = coded("Belgrade has not replied to repeated calls from Brussels to recognise Kosovo.")
    assert ("REQUEST", "IGO", "SRB") in dyads(calls)


def test_a_call_that_nobody_is_asked_to_answer_is_no_request():
    assert [e for e in coded("The president made a call to his Russian counterpart.")] == []


def test_a_threatened_act_naming_only_the_source_leaves_the_target_to_the_condition():
    # "to expand its campaign": "its" is Ethiopia itself, so the target is whoever must comply
    found = coded("Ethiopia threatened to expand its campaign unless Egypt stopped arming rebels.")
    assert dyads(found) == {("THREATEN", "ETH", "EGY")}


def test_a_demand_that_a_protest_is_held_for_is_the_protests_target():
    strike = coded(
        "Georgian students began a hunger strike to demand the resignation of Prime Minister "
        "Irakli Kobakhidze."
    )
    assert dyads(strike) == {("PROTEST", "GEO", "GEO")}
    assert strike[0].target is not None and strike[0].target.sector == "GOV"
    blockade = coded(
        "Thousands of Serbian farmers blocked roads near Belgrade demanding that the government "
        "raise subsidies."
    )
    assert dyads(blockade) == {("PROTEST", "SRB", "SRB")}
    # without a protest, the demand is an event of its own
    demand = coded("Georgian students demanded the resignation of Irakli Kobakhidze.")
    assert dyads(demand) == {("REQUEST", "GEO", "GEO")}


def test_handing_a_weapon_system_to_a_state_is_military_aid():
    found = coded("The Netherlands handed Ukraine a second air defence battery.")
    assert dyads(found) == {("AID", "NLD", "UKR")}
    assert found[0].mode == "military"


def test_saying_another_state_violated_a_truce_is_an_accusation():
    found = coded("Egypt said Israel had violated the ceasefire agreement.")
    assert ("ACCUSE", "EGY", "ISR") in dyads(found)


def test_dropping_a_complaint_is_a_concession_not_a_withdrawal():
    found = coded("Chile withdrew its complaint against Bolivia at the world court.")
    assert dyads(found) == {("CONCEDE", "CHL", "BOL")}


def test_stepping_up_patrols_is_a_show_of_police_force():
    found = coded("Georgian police stepped up patrols in central Tbilisi on Friday.")
    assert dyads(found) == {("MOBILIZE", "GEO", "")}
    assert found[0].mode == "police"
