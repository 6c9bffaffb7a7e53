"""The rules: each reads one part of an answer, clause by clause, and returns findings.

A rule never reads another part, so a part's findings are cached and an edit to one box
re-scores only that box. Cross-part judgements (hand-off, reflection specificity, principle
fit, scope, timing, caps) are made in ``engine`` from the small per-part summaries here.

Credit needs the candidate as the agent of something that happened: "I traced the failures"
earns, "we traced", "I would trace", "I didn't trace" and "I wanted to trace" do not. Red
flags need the same: "I didn't blame the vendor" is no blame.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from starkit.scoring import _messages as msg
from starkit.scoring._compiled import Compiled
from starkit.scoring.clauses import Clause, Reading, read_many
from starkit.scoring.scorecard import Category, Finding, Severity
from starkit.scoring.text import Hit, sentences, tokens, word_count

#: Points per rule. The dimension bases live in ``engine.BASES``.
POINTS = {
    "first_person_action": 8.0, "first_person_action_max": 32.0,
    "we_language": -10.0, "we_language_max": -30.0, "team_action": 6.0,
    "delegated_fix": -20.0,
    "boundary_stated": 28.0, "personal_task": 28.0, "personal_task_partial": 12.0,
    "handoff": -30.0, "escalation_without_solution": -20.0,
    "manager_asked": -30.0, "pushed_back": 10.0, "blame": -25.0, "blame_max": -50.0,
    "vague_motivation": -15.0,
    "concrete_action": 13.0, "concrete_action_max": 78.0, "validation": 12.0,
    "guessing": -25.0, "unverified": -15.0, "weak_verb": -6.0, "weak_verb_max": -18.0,
    "hypothetical": -12.0, "hypothetical_max": -36.0,
    "number": 15.0, "number_max": 30.0, "baseline_outcome": 30.0, "relative_change": 15.0,
    "business_value": 20.0, "second_order": 20.0, "vague_result": -20.0,
    "vague_result_max": -40.0, "suspicious_precision": -8.0, "implausible": -8.0,
    "reflection_present": 35.0, "generic_reflection": -30.0, "generic_reflection_max": -45.0,
    "filler": -3.0, "filler_max": -15.0, "integrity": -30.0, "wrong_lesson": -35.0,
}

#: Money in a Result beyond which the interviewer will probe the claim, per level.
IMPLAUSIBLE_MONEY = {"SDE1": 1e6, "SDE2": 5e6, "Senior": 5e7}

_HYPO_MODALS = frozenset({"would", "could", "might", "will", "shall", "may"})
#: Telling people about a problem; not doing it, on purpose, is hiding it.
_DISCLOSE = frozenset({"tell", "inform", "notify", "email", "message", "mention", "disclose",
                       "report", "warn", "announce", "call", "text", "alert", "flag", "update",
                       "raise"})
#: A lesson stated as a slogan: "<anything> is very important", "... is key".
_SLOGAN = frozenset({"important", "key", "essential", "crucial", "vital", "everything",
                     "paramount", "critical"})
_RELEASE = frozenset({"ship", "launch", "deploy", "switch on", "turn on", "release", "roll out",
                      "merge", "push", "enable", "flip", "go live", "publish", "send out"})
#: Principles where getting someone else to do the work is the point (coaching, growing).
DEVELOPING_OTHERS = frozenset({"Hire and Develop the Best", "Strive to be Earth's Best Employer"})
#: Where a piece of work is queued for someone else: "raised a ticket", "filed a bug".
_QUEUES = frozenset({"ticket", "issue", "bug", "request", "jira", "backlog"})
_QUEUE_ACTS = frozenset({"raise", "file", "open", "log", "submit", "create"})
#: Sending someone else to the queue: "told her to raise a ticket", "asked him to file a bug".
_SENT_TO_QUEUE = frozenset({"tell", "ask", "advise", "direct", "send", "point"})
#: "added it to their backlog", "put it in Jira" (a test "for the bug" is no queue).
_QUEUE_PLACES = frozenset({"backlog", "jira", "queue"})
#: What is left with someone: "left the fix with them", "left it to the platform team".
_LEFT_WORK = frozenset({"fix", "change", "work", "problem", "issue", "rest", "bug", "job"})
#: Someone else doing the work itself (beyond ``other_fix_acts``).
_OTHERS_DO = frozenset({"build", "change", "replace", "install", "set up", "roll back", "revert",
                        "rewrite", "update", "deploy", "merge", "migrate", "switch", "add",
                        "remove", "ship", "implement", "roll", "put", "move", "write", "create"})
#: Seeing it through after passing it on: "... and I tested their fix", "I checked in daily".
_FOLLOW_THROUGH = frozenset({"check", "verify", "test", "chase", "follow up", "follow",
                             "review", "pair", "help", "confirm", "monitor", "watch", "join",
                             "sit", "retest", "track", "stay", "keep", "re-run",
                             "rerun", "validate", "measure"})
#: What a check looks at: "didn't look at the logs", "spent no time on the data".
_EVIDENCE = frozenset({"log", "data", "datum", "trace", "dashboard", "metric", "record", "backtest",
                       "number", "history", "report", "sample", "code", "query", "graph"})
_SPENDING = frozenset({"spend", "have", "take", "waste", "bother", "get", "find", "be"})
_SKIPPING = frozenset({"skip", "bypass", "waive", "ignore", "drop"})
#: Checks a sentence can name before it skips them.
_CHECKS_NAMED = frozenset({"review", "test", "check", "sign", "approve", "approval", "audit",
                           "verify", "verification", "pilot", "staging", "canary", "sign-off"})
#: Where people read about problems.
_RECORDS = frozenset({"review", "report", "tracker", "update", "status", "postmortem", "note",
                      "summary", "dashboard", "email", "minute", "changelog", "incident",
                      "retro", "retrospective", "writeup", "write-up", "log"})
#: The candidate saying the hunch was the mistake (lemmas): "So I was wrong", "that was my
#: mistake", "my assumption was wrong".
_ADMISSIONS = ("i be wrong", "i have be wrong", "be my mistake", "my mistake be",
               "assumption be wrong", "i be completely wrong", "i be totally wrong",
               "i get it wrong", "i get that wrong")
_EARLIER_ASSUMPTION = re.compile(r"(?i)\b(?:had|'d)\s+(?:wrongly\s+)?(?:assumed|guessed|presumed)")
_PRESENTING = frozenset({"present", "pitch", "sell", "show", "demo", "announce", "report",
                         "submit", "put", "explain", "describe", "pass"})
_OWN_WORK = frozenset({"solution", "idea", "work", "design", "invention", "project", "fix",
                       "prototype", "tool", "system", "own", "initiative", "plan"})
#: Groups a lesson can put the duty on ("other teams need to ...").
_PARTIES_PLURAL = frozenset({"teams", "people", "agencies", "vendors", "departments", "others",
                             "relations", "users", "managers", "engineers", "nurses", "staff",
                             "ops", "operations", "product", "sales", "marketing", "support",
                             "qa", "testers", "clients", "customers", "suppliers"})
_NOT_MINE = frozenset({"not my problem", "not my job", "wasn't my problem", "wasn't my job",
                       "not my team's problem"})
_CLAUSE_RE = re.compile(r"[.,;:!?\n]+")
_PEOPLE = frozenset({"he", "she", "they", "them", "someone", "somebody", "team", "reviewer",
                     "manager", "engineer", "engineers", "lead", "qa", "vendor", "pm", "ops",
                     "owner", "owners", "people", "everyone", "management", "leadership",
                     "colleague", "teammate", "director", "support", "tester", "testers"})
_OURS = frozenset({"our", "my", "we", "us", "me", "i"})
#: People, and the departments they sit in, that a candidate can blame.
_PARTIES = _PEOPLE | frozenset({"product", "billing", "finance", "sales", "marketing", "legal",
                                "operations", "procurement", "hr", "security",
                                "engineering", "design", "infra", "infrastructure", "platform",
                                "contractor", "contractors", "supplier", "agency", "client"})
_NEGATORS = frozenset({"not", "never", "nothing", "no", "nobody", "cannot"})
#: Certainty the candidate reports of themself: "I was quite sure", "I was confident that".
_CERTAIN = frozenset({"sure", "confident", "certain", "convinced", "positive"})
_REVIEWS = frozenset({"review", "approval", "sign", "security", "audit", "compliance", "legal",
                      "privacy", "reviewer"})
#: Verbs that remove something for many reasons ("cut a rule from the exercise"): a bypass
#: only when the sentence names a review, sign-off or safety check ("dropped the rule that
#: changes need two approvals").
_LOOSE_REMOVALS = frozenset({"cut", "drop", "avoid", "mark", "force", "push", "sign", "approve"})
#: Safeguards that are one whatever the sentence (not a "rule", "process" or "test" in general).
_CORE_SAFEGUARDS = _REVIEWS | frozenset({"approver", "approvals", "qa", "validation",
                                         "guardrail", "scan", "canary", "checklist", "alarm"})
_MESSAGE_NOUNS = frozenset({"message", "email", "mail", "slack", "note", "ticket", "issue",
                            "bug", "jira", "request", "dm", "ping", "channel",
                            "thread", "meeting", "standup", "agenda", "backlog", "tracker",
                            "register"})
_CHANGE_NOUNS = frozenset({"pr", "pull", "patch", "fix", "change", "diff", "commit", "cl"})
_SENDING = frozenset({"write", "send", "post", "draft", "leave", "raise", "file", "open", "add",
                      "put", "log", "drop", "mention", "bring"})
_FOLLOW_UP = frozenset({"check in", "follow up", "chase", "check", "ping", "nudge"})
_DOING_THE_CHECK = frozenset({"run", "review", "test", "check", "wait", "get", "ask", "approve",
                              "tell", "inform", "validate", "verify", "go"})


@dataclass(frozen=True, slots=True)
class Act:
    """A clause the candidate did, with its span in the part."""

    start: int
    end: int
    quote: str
    verb: str
    kinds: frozenset[str]
    """Any of concrete, validation, fix, routing, buzz, weak, guess, pushback."""
    sentence: int
    """Index of its sentence in the part."""


@dataclass(frozen=True)
class PartSummary:
    """What the engine needs to know about one part, computed once per text."""

    section: str
    findings: tuple[Finding, ...]
    words: int
    content: frozenset[str]
    fragments: int
    acts: tuple[Act, ...]
    """Everything the candidate did in this part, in order."""
    buzz: int
    """Resume words and buzz verbs, counted once each."""
    others_fixed: tuple[int, int, str] | None
    """Someone else fixed or handled it ("they fixed it", "it got fixed")."""
    has_systemic: bool
    has_learning: bool
    has_boundary: bool
    has_personal_task: bool
    qualifying: tuple[tuple[int, int], ...]
    """Sentences with a real first-person act or a measured figure (and no self-praise):
    only these earn key-phrase and principle credit."""
    scope: frozenset[str]
    """Distinct scope words (teams, org, mechanisms, stakeholders)."""
    outcomes: int
    """Sentences that state a change with both ends ("from 40 a day to 5")."""
    inflated: frozenset[str]
    """Hyperbole a bar raiser will not believe as told ("overnight", "every single team")."""
    sents: tuple[_Sent, ...] = ()
    """The part's sentences, read (for judgements that span parts)."""
    praised: tuple[int, ...] = ()
    """Offsets of self-praise ("this shows my customer obsession"): the sentences that hold
    one are no evidence of what the story is about."""
    checks_first: bool = False
    """The part opens (its first two sentences) with a check, the candidate's or the
    team's: "Then we looked at the data a bit more"."""

    def kinds(self, kind: str) -> list[Act]:
        """The acts of this part that are of ``kind``."""
        return [a for a in self.acts if kind in a.kinds]


def _f(
    section: str, span: tuple[int, int, str], kind: str, severity: Severity,
    dimension: str, points: float, category: Category, message: str,
) -> Finding:
    return Finding(section, span[0], span[1], kind, severity, message, dimension, points,
                   span[2], category)


def _capped(findings: list[Finding], kind: str, each: float, limit: float) -> list[Finding]:
    """Give ``each`` points to findings of one kind until ``limit`` is used up; rest 0."""
    used = 0.0
    out = []
    for f in findings:
        room = limit - used
        p = each if abs(room) >= abs(each) else room
        used += p
        out.append(Finding(f.section, f.start, f.end, kind, f.severity, f.message, f.dimension,
                           p, f.quote, f.category))
    return out


def _unique(matches: list[Hit]) -> list[Hit]:
    """One match per normalised phrase: a repeated phrase counts once."""
    seen: set[str] = set()
    out = []
    for m in matches:
        key = " ".join(m.group(0).lower().split())
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


@dataclass(frozen=True, slots=True)
class _Sent:
    start: int
    end: int
    reading: Reading


def _span(s: _Sent, c: Clause) -> tuple[int, int, str]:
    return (s.start + c.start, s.start + c.end, c.text)


def _hit_clause(sents: list[_Sent], h: Hit) -> Clause | None:
    for s in sents:
        if s.start <= h.start() < s.end:
            return s.reading.clause_at(h.start() - s.start)
    return None


#: Where a verb of its own sits: not a noun the tagger took for one ("the delivery logs").
_VERB_DEPS = frozenset({"ROOT", "conj", "ccomp", "advcl", "xcomp", "parataxis", "relcl"})


def _classify(c: Clause, lex: dict[str, frozenset[str]]) -> frozenset[str]:
    """What kind of act a first-person clause is (empty when it is no act)."""
    v, lemma = c.verb, c.lemma
    kinds: set[str] = set()

    def has(name: str) -> bool:
        return v in lex[name] or lemma in lex[name]

    if has("buzz_acts"):
        return frozenset({"buzz"})
    if has("guess_acts"):
        kinds.add("guess")
    if has("pushback_acts"):
        kinds.add("pushback")
    routing = (has("routing_acts") and (
        lemma in ("escalate", "forward", "ping", "notify", "flag", "cc", "tag", "copy")
        or (lemma in ("raise", "mention") and not set(c.objects) & _CHANGE_NOUNS)
        or v in ("hand off", "hand over", "loop in", "pass on")
        or bool(set(c.objects) & _MESSAGE_NOUNS)
    )) or (lemma in _SENDING and bool(set(c.objects) & _MESSAGE_NOUNS))
    if routing:
        kinds.add("routing")
    if has("weak_acts") and not (lemma == "work" and "through" in c.words):
        kinds.add("weak")
        return frozenset(kinds)
    if _at_evidence(c):
        return frozenset(kinds | {"concrete", "validation"})  # "looked at the logs"
    if v in lex["non_acts"] or (lemma in lex["non_acts"] and v == lemma):
        return frozenset(kinds)
    if not c.complement and not (has("validation_acts") and c.finite and c.dep in _VERB_DEPS
                                 and v not in ("check in", "check back")):
        # a check needs no object said: "put a logger in a box, and measured: ..."
        return frozenset(kinds)
    if lemma in ("count", "regard", "consider") and "as" in c.words and any(
            a == lemma and b in ("it", "that", "this", "them")
            for a, b in pairwise(c.words)):
        return frozenset(kinds)  # "I count it as my call": a view of it, not an act
    kinds.add("concrete")
    if has("validation_acts") and v not in ("check in", "check back"):
        # "I checked in with them every morning" follows up on others; it checks nothing
        kinds.add("validation")
    if has("fix_acts") and not routing:
        kinds.add("fix")
    return frozenset(kinds)


def _at_evidence(c: Clause) -> bool:
    """Looking at the evidence itself: "looked at the data", "went through the logs"."""
    return (c.lemma in ("look", "go", "dig") and bool({"at", "into", "through"} & set(c.words))
            and bool(set(c.objects) & _EVIDENCE))


def _intent(c: Clause, lex: dict[str, frozenset[str]]) -> bool:
    """A plan, a purpose or a participle: "wanted to fix", "to confirm", "covering"."""
    return (c.dep == "xcomp" and c.governor in lex["intent_acts"]) or (
        not c.finite and c.dep != "pcomp"
    )


#: Verbs of thinking at the time ("I thought I could help her"): what follows is the
#: candidate's reasoning then, not a hypothetical answer now.
_THOUGHT = frozenset({"think", "feel", "know", "believe", "figure", "realise", "realize",
                      "hope", "expect", "worry", "fear", "reckon"})


def _past_thought(r: Reading, c: Clause) -> bool:
    """ "I thought I could help her", "I knew we would miss the date": a would or could
    inside what the candidate thought back then."""
    return c.dep == "ccomp" and c.governor in _THOUGHT and any(
        o.lemma == c.governor and o.agent == "self" and o.tense == "past" and not o.modal
        and o.index < c.index for o in r.clauses)


def _reported(c: Clause, lex: dict[str, frozenset[str]]) -> bool:
    return c.dep == "ccomp" and c.governor in lex["communication_acts"]


def _names_me(s: _Sent, c: Clause) -> bool:
    """The instruction was given to the candidate ("asked me", "I was told")."""
    if c.passive:
        return c.subject.lower() in ("i", "me")
    r = s.reading
    words = r.text[c.start:c.end].lower().split()
    return "me" in words


#: Verbs that report a view or a saying: what follows is the speaker's, not the candidate's.
_VIEW = frozenset({"think", "say", "call", "believe", "assume", "claim", "insist", "feel",
                   "decide", "suspect", "write", "tell", "argue", "conclude", "mark", "label",
                   "close", "reply", "answer", "want", "suggest", "complain", "report",
                   "grumble", "moan", "warn", "allege", "accuse", "mention", "email"})
_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them"})
#: Work someone else can do and the candidate can then carry off as their own.
_CONTRIBUTION = frozenset({"find", "spot", "notice", "write", "build", "suggest", "propose",
                           "come", "discover", "design", "create", "draft", "identify",
                           "figure", "solve", "catch", "diagnose", "trace", "prototype",
                           "develop", "invent", "hack"})
#: The candidate carrying it off: presenting it or taking it as their own.
_CARRY_OFF = frozenset({"present", "claim", "demo", "pitch", "announce", "showcase"})
#: What is taken when it is carried off ("I took her findings").
_CARRIED = frozenset({"idea", "finding", "findings", "analysis", "work", "draft", "credit",
                      "script", "runbook", "proposal"})
#: The candidate's own making, which makes what they present their own.
_MAKING = frozenset({"write", "build", "design", "draft", "create", "find", "analyse",
                     "analyze", "prototype", "develop", "prepare", "put"})
#: Words that give credit where it is due.
_CREDITING = frozenset({"credit", "credited", "crediting", "thank", "thanked", "thanks",
                        "acknowledge", "acknowledged", "recognise", "recognised", "recognize",
                        "recognized", "together", "co-presented", "jointly", "nominate",
                        "nominated", "shout-out", "kudos"})
#: Checks a candidate can decide they "didn't need".
_CHECK_NOUNS = frozenset({"pilot", "test", "tests", "testing", "check", "review", "canary",
                          "trial", "validation", "staging", "rehearsal", "dry"})
#: "I'll jump ahead", "I'd say", "I'll be honest": the telling, not a hypothetical act.
_DISCOURSE = frozenset({"jump", "say", "admit", "be", "skip", "start", "explain", "walk",
                        "confess", "add", "fast", "summarise", "summarize", "go"})


#: Nouns for people by their role ("one of the analysts", "a data scientist on my team").
_ROLES = frozenset({"analyst", "scientist", "developer", "designer", "architect", "intern",
                    "contractor", "consultant", "coworker", "co-worker", "peer", "junior",
                    "colleague", "teammate", "engineer", "tester", "reviewer", "admin",
                    "administrator", "specialist", "technician", "member", "nurse",
                    "clerk", "officer", "coordinator", "researcher", "mentee",
                    "hire", "lead", "manager", "director", "vendor", "owner"})
# (not "report", "agent" or "partner": "the report found a gap" is a document, not a person)


#: Capitalised at the start of a sentence, but not names ("One of the dashboards...").
_NOT_NAMES = frozenset({"it", "this", "that", "the", "a", "an", "our", "my", "their", "its",
                        "one", "some", "another", "each", "every", "all", "both", "most",
                        "several", "many", "these", "those", "any", "no",
                        # "Eleven of them were urgent": a count opening a sentence
                        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                        "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred",
                        "half", "dozens", "hundreds", "thousands", "none", "few"})


def _subject_of(r: Reading | None, c: Clause) -> str:
    """The clause's subject as written, or, when it shares its subject with the verb it is
    joined to ("Priya did the breakdown and found..."), that verb's subject."""
    if c.subject or r is None:
        return c.subject
    seen = c
    for _ in range(4):
        if seen.dep != "conj":
            return ""
        gov = [o for o in r.clauses if o.lemma == seen.governor and o.index < seen.index]
        if not gov:
            return ""
        seen = gov[-1]
        if seen.subject:
            return seen.subject
    return ""


def _who(words: list[str]) -> set[str]:
    """A subject's words, lower-cased, without a pronoun that only says which of something:
    "all of them", "11 of them" may be machines or requests; "one of the analysts" is still
    a person."""
    low = [w.lower() for w in words]
    if "of" not in low:
        return set(low)
    cut = low.index("of")
    return set(low[:cut]) | {w for w in low[cut + 1:] if w not in ("them", "they", "those")}


def _someone_else(c: Clause, r: Reading | None = None) -> bool:
    """The clause's agent is another person ("he", "Priya", "one of the analysts"), not a
    thing. With the sentence's reading, a subject shared with a joined verb counts too."""
    if c.agent != "other":
        return False
    words = _subject_of(r, c).split()
    low = _who(words)
    if low & (_PRONOUNS | _PEOPLE) or {w.rstrip("s") for w in low} & _ROLES:
        return True
    return any(w[:1].isupper() and w.lower() not in _NOT_NAMES for w in words[:3])


def _quoted(r: Reading, offset: int) -> bool:
    """The offset sits between quotation marks: a phrase mentioned, not said."""
    before = r.text[:offset]
    return (before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d"))


def _voiced_by_other(r: Reading, c: Clause) -> bool:
    """The clause reports someone else's view: "support thought it was user error"."""
    if c.dep != "ccomp" or c.governor not in _VIEW:
        return False
    return any(o.lemma == c.governor and o.agent in ("other", "nobody") and o.index < c.index
               for o in r.clauses)


#: Hiding phrases that hide only when negated: "I didn't make a big deal of it".
_HIDES_WHEN_NOT = ("big deal", "draw attention", "drawing attention")


def _hides(h: Hit, live: Callable[[Hit], bool], mine: Callable[[Hit], bool]) -> bool:
    """A hiding phrase the candidate says of themself: "hid it" when not negated ("I did not
    try to hide it" is the opposite), "make a big deal" only when it is."""
    if any(p in h.group().lower() for p in _HIDES_WHEN_NOT):
        return not live(h)
    return mine(h)


#: Credit phrases that are about credit only in context ("my concern went in under my name").
_CREDIT_IN_CONTEXT = frozenset({"claimed", "under my name", "my name on it", "got called out"})


def _quiet_on_purpose(text: str, h: Hit) -> bool:
    """ "I kept quiet and let her present the fix", "kept quiet on purpose": making room for
    someone, not hiding a problem (that is "kept quiet about it")."""
    if " ".join(h.group().lower().split()) not in ("kept quiet", "keep quiet"):
        return False
    after = " ".join(text[h.end():h.end() + 30].lower().split())
    return after.startswith(("and let", "on purpose", "so she", "so he", "so they",
                             "and listened", "while she", "while he", "while they"))


def _probable_cause(r: Reading, c: Clause) -> bool:
    """A cause the candidate settles on as probable: "It was probably memory", "Probably the
    partner exported it wrong", "I figured it was probably the database"; not what someone
    else said was probable, what the candidate told someone ("I told her it was probably my
    change"), or what would probably happen."""
    if "probably" not in c.words or c.modal or c.conditional or c.negated or not c.finite:
        return False
    if c.dep == "ROOT" or c.words[0] == "probably":  # "Probably the partner exported it"
        return c.agent != "self" or c.lemma == "be"
    if c.dep != "ccomp":
        return False
    head = next((o for o in r.clauses if o.lemma == c.governor), None)
    # "I figured it was probably...", or a splice read as one: "It was probably the sync,
    # so I moved it"; never what the candidate or anyone said
    return head is not None and head.agent == "self" and head.lemma not in _TELLING


#: Telling someone ("I told her it was probably my change"): a disclosure, not a guess.
_TELLING = _DISCLOSE | frozenset({"say", "explain", "write", "ask", "answer", "reply", "admit"})


def _kept_quiet(c: Clause, lex: dict[str, frozenset[str]]) -> bool:
    """What a negated telling leaves untold: someone who should hear ("didn't tell the
    customers"), or, for announcing and disclosing, anyone at all ("didn't announce the
    change")."""
    return c.lemma in _DISCLOSE and (bool(set(c.objects) & lex["audience"]) or (
        # not "didn't need to announce", "didn't want to just announce a theory"
        c.lemma in ("announce", "disclose") and c.finite and c.dep != "xcomp"))


def _released_without_review(c: Clause) -> bool:
    """ "shipped it that same day, without the review", "deployed it without security's
    sign-off": a release with the review named as left out."""
    words = list(c.words)
    return "without" in words and bool(set(words[words.index("without") + 1:]) & _REVIEWS)


def _platitude(c: Clause) -> bool:
    """A lesson told as a rule for everyone rather than as what the candidate now does:
    "you should always test your code", "we must always check", or communicating with no
    more said than with whom ("communicate well with other teams")."""
    if c.negated:
        return False
    if c.modal in ("should", "must") and "always" in c.words \
            and c.subject.lower() in ("you", "we", ""):
        return True
    if c.lemma != "communicate" or "communicate" not in c.words:
        return False
    after = c.words[c.words.index("communicate") + 1:]
    return not after or after[0] in _NOTHING_SAID


def _rule_for_you(r: Reading, c: Clause) -> bool:
    """A lesson told as what "you" must do: "you need to prioritise", "you have to keep
    your promises", "you can't trust vendor documentation"."""
    if c.subject.lower() != "you" or c.conditional:
        return False
    if c.modal in ("should", "must") or (c.modal == "can" and c.negated):
        return True
    return c.lemma in ("need", "have", "get") and any(
        o.dep == "xcomp" and o.governor == c.lemma and o.index > c.index for o in r.clauses)


#: What follows "communicate" when nothing is said to be communicated ("communicate well
#: with other teams", "communicate early", "communicate more").
_NOTHING_SAID = frozenset({"with", "well", "good", "better", "more", "early", "clearly", "openly",
                           "often", "to", "across", "between", "regularly", "proactively",
                           "effectively", "properly", "and", "clear", "honestly"})


def _a_fixer(c: Clause) -> bool:
    """Someone who can fix things: a person, a team or a name ("they fixed it", "the platform
    team handled it", "Priya sorted it out"), or nobody named ("it got fixed"); not a thing
    misread as fixing ("the press has fixed capacity") nor an order ("Fix the bug.")."""
    if c.passive:
        return True
    if not c.subject:
        return c.agent == "other"  # "they found it and fixed it": the subject carries over
    words = c.subject.split()
    return bool(_who(words) & (_PARTIES | {"they", "he", "she", "someone", "somebody"})) \
        or any(w[:1].isupper() and w.lower() not in ("the", "a", "an", "it", "this", "that")
               for w in words)


def _about_credit(sents: list[_Sent], h: Hit) -> bool:
    """A credit phrase is about credit when it says so itself ("my promotion packet"), or,
    for the ambiguous ones ("under my name", "claimed"), when the sentence, or the one
    before, names someone else's part: "an incident note with my name on it" about one's own
    mistake is owning it."""
    if " ".join(h.group().lower().split()) not in _CREDIT_IN_CONTEXT:
        return True
    for i, s in enumerate(sents):
        if s.start <= h.start() < s.end:
            near = [x.reading for x in sents[max(0, i - 1):i + 1]]
            return any(_someone_else(c) for r in near for c in r.clauses)
    return False


def _passed_on(sents: list[_Sent], lex: dict[str, frozenset[str]]
               ) -> tuple[int, int, str] | None:
    """A piece of the work queued for someone else, who then did it, with nothing the
    candidate did to see it through: "I raised a ticket with the ops team, and they rolled
    my change back", "I left the fix with them. They merged it later that day", "raised a
    ticket with the maker and waited for their answer"."""
    for i, s in enumerate(sents):
        clauses = s.reading.clauses
        nxt = sents[i + 1].reading.clauses if i + 1 < len(sents) else ()
        for t in clauses:
            if not (t.agent == "self" and t.real and t.finite):
                continue
            queued = (t.lemma in _QUEUE_ACTS and bool(set(t.objects) & _QUEUES)) or (
                t.lemma in ("add", "put") and bool(set(t.objects) & _QUEUE_PLACES)) or (
                # "I told her to raise a ticket with support": the caller sent to the queue
                t.lemma in _SENT_TO_QUEUE and any(
                    o.governor == t.lemma and o.dep == "xcomp" and o.index > t.index
                    and o.lemma in _QUEUE_ACTS and bool(set(o.objects) & _QUEUES)
                    for o in clauses))
            # "left the fix with them" says it outright; a ticket needs them to do it after
            left = t.lemma == "leave" and bool(set(t.objects) & _LEFT_WORK) \
                and bool({"with", "to", "for"} & set(t.words))
            if not (queued or left):
                continue
            later = [o for o in clauses if o.index > t.index] + list(nxt)
            if any(o.agent == "self" and o.real and (o.lemma in _FOLLOW_THROUGH
                                                     or o.verb in _FOLLOW_THROUGH)
                   for o in later):
                continue
            if left or any(o.agent == "self" and o.real and o.lemma == "wait" for o in later) \
                    or any(o.agent == "other" and o.real and o.finite and (
                    o.verb in _OTHERS_DO or o.lemma in _OTHERS_DO
                    or o.verb in lex["other_fix_acts"] or o.lemma in lex["other_fix_acts"]
                    or (o.lemma == "do" and o.dep == "relcl"))
                   for o in later):
                return _span(s, t)
    return None


#: Verbs that say nothing done: "Marta was on leave", "Tom said", "Priya wanted".
_NOT_DOING = frozenset({"be", "have", "say", "tell", "ask", "want", "think", "need", "agree",
                        "like", "feel", "seem", "know", "mean", "get"})
#: The candidate claiming the work over the person who did it, after a "but": "but I was the
#: one who took it to leadership", "but the program was my idea", "it was really my project".
_CLAIMED_OVER = re.compile(
    r"(?i)\b(?:I\s+was|I'm|I\s+am)\s+(?:really\s+|actually\s+|still\s+)?the\s+one\s+who\b"
    r"|\b(?:it|this|that|the(?:\s+\w+){1,2})\s+was\s+(?:really\s+|actually\s+|all\s+|still\s+)?"
    r"my\s+(?:idea|project|initiative|baby|win|thing)\b")


def _claimed_over(sents: list[_Sent]) -> tuple[int, int, str] | None:
    """Someone else's work conceded, then claimed with a "but": "Technically Dan shadowed the
    nurses and spotted it, but I was the one who took it to leadership", "Priya did the
    analysis, but it was really my project". The concession may close the sentence before
    ("Priya wrote the model. But I was the one who...")."""
    for i, s in enumerate(sents):
        r = s.reading
        if _credits(r):
            continue
        for but in re.finditer(r"(?i)\bbut\b", r.text):
            m = _CLAIMED_OVER.search(r.text, but.end())
            if m is None:
                continue
            # the concession: this sentence up to the "but", or the one before a "But ..."
            conceded, clauses = r, [c for c in r.clauses if c.start < but.start()]
            if not r.text[:but.start()].strip(" ,.-") and i > 0:
                conceded = sents[i - 1].reading
                clauses = list(conceded.clauses)
            if _credits(conceded):
                continue
            if any(_doer(c, conceded) and c.real and c.finite and not c.negated
                   and c.lemma not in _NOT_DOING for c in clauses):
                return (s.start + m.start(), s.start + m.end(), m.group())
    return None


def _doer(c: Clause, r: Reading) -> bool:
    """Someone else does it, or "Dan was the one who did it": the relative clause's "who"
    is the person its "be" is about."""
    if _someone_else(c, r):
        return True
    return (c.dep == "relcl" and c.subject.lower() in ("who", "that")
            and any(o.lemma == c.governor == "be" and o.index < c.index
                    and _someone_else(o, r) for o in r.clauses))


def _carried_off(sents: list[_Sent]) -> tuple[int, int, str] | None:
    """Someone else found or built it, and the candidate presented or took it, with no word
    of credit to them: "Priya found the reason... I took her findings and presented them"."""
    found = _carry_off([("", s) for s in sents])
    return found[1] if found is not None else None


def carried_off_across(summaries: list[PartSummary]) -> tuple[str, tuple[int, int, str]] | None:
    """``_carried_off`` read across parts, when the colleague's work is told in one part and
    carried off in the next ("Ramon wrote the draft" in the Situation, "I took the idea and
    presented it" in the Action); within one part ``analyse`` has judged it already."""
    return _carry_off([(p.section, s) for p in summaries for s in p.sents])


#: "hacked together", "put together": making something, not sharing it.
_MADE_TOGETHER = frozenset({"hack", "put", "cobble", "throw", "piece", "pull", "patch", "stitch",
                            "bring", "get"})


def _credits(r: Reading) -> bool:
    """The sentence gives someone credit ("credited her", "we presented it together")."""
    for k, lem in enumerate(r.lemmas):
        if lem in _CREDITING and not (
            lem == "together" and k > 0 and (r.lemmas[k - 1] in _MADE_TOGETHER
                                             or (k > 1 and r.lemmas[k - 2] in _MADE_TOGETHER))
        ):
            return True
    return False


def _carry_off(
    sents: list[tuple[str, _Sent]],
) -> tuple[str, tuple[int, int, str]] | None:
    for i, (_, s) in enumerate(sents):
        theirs = [c for c in s.reading.clauses if _someone_else(c, s.reading) and c.real
                  and c.lemma in _CONTRIBUTION and c.finite]
        if not theirs:
            continue
        window = sents[i:i + 3]
        if any(_credits(x.reading) for _, x in window):
            continue
        after = False
        for sec, x in window:
            for c in x.reading.clauses:
                if x is s and c.index <= theirs[0].index:
                    continue
                if c.agent != "self" or not c.real:
                    continue
                if c.lemma in _CARRY_OFF or (c.lemma == "take" and set(c.objects) & _CARRIED):
                    if not after or c.lemma == "take":
                        return sec, _span(x, c)
                elif c.lemma in _MAKING:
                    after = True  # "I wrote a proposal... I presented it": their own work
    return None


_AS_LABEL = re.compile(r"(?i)\bas\s+(?:a\s+|an\s+|the\s+|just\s+|simply\s+)?$")


def _labelled(sents: list[_Sent], h: Hit) -> bool:
    """The phrase is how someone else filed it ("Support had closed these as user error"):
    a report of their call, not the candidate blaming anyone."""
    for s in sents:
        if s.start <= h.start() < s.end:
            if not _AS_LABEL.search(s.reading.text[:h.start() - s.start]):
                return False
            cl = s.reading.clause_at(h.start() - s.start)
            return cl is not None and cl.agent != "self"
    return False


#: Words with which a candidate owns a past mistake.
#: Running something again: a check when it is skipped ("I did not rerun the planner to
#: compare"), but done, as often a batch re-run as a check ("reran the affected claims").
_RERUNS = frozenset({"rerun", "re-run"})
_OWNING = frozenset({"mistake", "fault", "error", "miss", "oversight", "gap", "own"})


def owned_later(later: Sequence[PartSummary], earlier: Sequence[PartSummary] = ()) -> bool:
    """The next part that says anything opens by owning the hunch as a mistake ("I was sure
    it was the vendor's feed." ending the Task, "I was wrong." opening the Action), or the
    part before ends by saying so ("And I got it wrong." closing the Task): a failure story
    told across parts, not a guess acted on. Or the next part opens by checking it ("I was
    pretty sure the probes were bad." ... "Then we looked at the data a bit more")."""
    def admits(sents: Sequence[_Sent]) -> bool:
        return any(p in " ".join(s.reading.lemmas) for s in sents for p in _ADMISSIONS)

    before = next((part for part in reversed(earlier) if part.sents), None)
    if before is not None and admits(before.sents[-2:]):
        return True
    for part in later:
        if part.sents:
            return admits(part.sents[:3]) or part.checks_first
    return False


#: What a candidate says about their own telling: "the main thing", "the lesson", "the story".
_TELLING_NOUNS = frozenset({"thing", "lesson", "learning", "takeaway", "story", "point", "moral",
                            "part"})
#: Words a spoken clause opens with that change nothing ("So, I guess", "Well, I suppose").
_OPENERS = re.compile(r"^(?:(?:so|well|and|but|yeah|um|uh|ok|okay|like|basically|honestly)"
                      r"[\s,]+)+")


def _guess_excused(g: Act, text: str, sents: list[_Sent], acts: list[Act]) -> bool:
    """A guess word that is no guess acted on: a conclusion from checks just made ("all ten
    had no house number... so I was quite sure it was them"), a hunch the candidate owns as
    their mistake ("I was sure it was a race condition... So I was wrong"), one not made
    ("before assuming anything") or a manner of speaking ("I'll give you the lesson first,
    I guess")."""
    if _OPENERS.sub("", g.quote.strip().lower()) in ("i guess", "i suppose") \
            and g.sentence < len(sents):
        # "I'll give you the lesson first, I guess", "So, I guess the main thing I learned
        # is...": nothing guessed, or only what the story is about
        told = [c for c in sents[g.sentence].reading.clauses
                if c.governor in ("guess", "suppose") and c.dep == "ccomp"]
        if all((set(c.subject.lower().split()) | set(c.objects)) & _TELLING_NOUNS
               for c in told):
            return True
    if _EARLIER_ASSUMPTION.search(g.quote):
        return True  # "I had assumed one unit": the cause found, told as the old mistake
    if text[max(0, g.start - 12):g.start].lower().rstrip().endswith(("before", "without")):
        return True
    for k in range(max(0, g.sentence - 1), min(len(sents), g.sentence + 4)):
        said = " ".join(sents[k].reading.lemmas)
        if any(p in said for p in _ADMISSIONS):
            return True
    return False


def _skipped_check(r: Reading, c: Clause, lex: dict[str, frozenset[str]]) -> bool:
    """The check itself was skipped, told in the ways a hurried candidate tells it: "I did
    not spend time on the logs", "didn't have time to look at the data", "Didn't trace
    them" (no subject), "No time to dig through logs". ("I never checked" is the rule in
    ``analyse``.)"""
    def checking(o: Clause) -> bool:
        return o.lemma in lex["validation_acts"] or (
            o.lemma in ("look", "go") and bool(set(o.objects) & _EVIDENCE))

    if c.modal or c.conditional:
        return False
    mine = c.agent == "self" or (c.agent == "none" and not c.subject and c.finite)
    if mine and c.negated:
        if c.agent == "none" and checking(c):
            return True
        if c.lemma in ("look", "go") and set(c.objects) & _EVIDENCE:
            return True
        if c.lemma in _SPENDING and ("time" in c.objects or c.lemma == "bother"):
            inner = [o for o in r.clauses
                     if o.governor == c.lemma and o.index > c.index and not o.finite]
            return bool(set(c.objects) & _EVIDENCE) or any(checking(o) for o in inner)
        return False
    # "No time to dig through the logs": the check right after "no time"
    after = [k + 1 for k, (a, b) in enumerate(pairwise(r.lemmas)) if (a, b) == ("no", "time")]
    return not c.finite and checking(c) and any(0 < c.index - k <= 2 for k in after)


def _skips_named_check(r: Reading, c: Clause) -> bool:
    """ "skipped that", "skipped it": the check it skips is named earlier in the sentence
    ("it is supposed to go to the pharmacist lead to review the wording, but she was out,
    so I skipped that"). A check the candidate has just done is no check skipped: in "I
    checked our attendance data, and the seven-day one made no difference, so I dropped it"
    the thing dropped is what the check was about."""
    return (c.lemma in _SKIPPING and not c.objects and not c.negated
            and bool({"that", "it", "this"} & set(c.words))
            and any(o.index < c.index and (o.lemma in _CHECKS_NAMED
                                           or set(o.objects) & _CHECKS_NAMED)
                    and not (o.agent == "self" and o.finite and not o.negated
                             and not o.modal and o.lemma in _CHECKS_NAMED)
                    for o in r.clauses))


def _kept_off_record(c: Clause) -> bool:
    """Leaving a problem out of where people would read it: "which I left out of the
    review", "kept it off the tracker"."""
    return (c.lemma in ("leave", "keep") and not c.negated
            and bool({"out", "off"} & set(c.words)) and bool(set(c.objects) & _RECORDS))


def _own_indifference(sents: list[_Sent], h: Hit) -> bool:
    """ "I didn't care who got the credit": what the candidate did not care about is no
    fault put on anyone."""
    cl = _hit_clause(sents, h)
    return cl is not None and cl.lemma == "care" and cl.agent == "self"


def _put_on_others(c: Clause) -> bool:
    """ "that one was really on product", "it was on them": the fault placed on others."""
    if not (c.lemma == "be" and c.agent == "other" and not c.negated and "on" in c.words
            and c.subject.lower() in ("that", "it", "this", "that one", "this one", "which")):
        return False
    words = list(c.words)
    if "be" not in words or words.index("be") > words.index("on"):
        return False  # "on paper it was a big success"
    after = set(words[words.index("on") + 1:])
    return bool(after & (_PARTIES | {"they", "he", "she"})) and not after & _OURS


def _presented_as_mine(c: Clause) -> bool:
    """ "I presented it to management as my solution": someone's work shown as the
    candidate's own."""
    words = list(c.words)
    return (c.agent == "self" and c.real and c.lemma in _PRESENTING
            and any(a == "as" and b == "my" and w in _OWN_WORK
                    for a, b, w in zip(words, words[1:], words[2:], strict=False)))


def _duty_on_others(c: Clause) -> bool:
    """A lesson that is what others must do: "other teams need to take data quality
    seriously", "people should read the runbook"."""
    subject = set(c.subject.lower().split())
    return (c.agent == "other" and not c.negated and bool(subject & _PARTIES_PLURAL)
            and (c.modal in ("should", "must") or (c.lemma == "need" and c.tense != "past")))


def _boundary_then_owned(sents: list[_Sent], h: Hit) -> bool:
    """ "Officially it was not my problem. ... But I saw drivers report the same fault three
    times": where the candidate's remit ended, told before they took it on anyway (a
    boundary, which Ownership asks for), not a shrug."""
    if " ".join(h.group().lower().split()) not in _NOT_MINE:
        return False
    for i, s in enumerate(sents):
        if s.start <= h.start() < s.end:
            later = sents[i + 1:i + 4]

            def opens(x: _Sent, words: tuple[str, ...]) -> bool:
                return x.reading.text.lstrip().lower().startswith(words)

            return any(opens(x, ("but", "still", "so i", "anyway"))
                       and any(c.agent == "self" and c.real for c in x.reading.clauses)
                       for x in later) or any(opens(x, ("but",)) for x in later[:1])
    return False


def _admitted(r: Reading, c: Clause) -> bool:
    """A check the candidate says they had not done, told as the cause they own ("I hadn't
    tested with UK dates", "I never tested it on night photos, so I wrote it up as my
    mistake"): a failure story's admission, not a check skipped while acting."""
    said = set(r.lemmas)
    # "the gap in my testing" owns it; "that explained the whole gap" is about the numbers
    return "have" in c.words[:4] or bool(said & (_OWNING - {"gap"})) or {"gap", "my"} <= said


def _measured(sents: list[_Sent], h: Hit) -> bool:
    """The phrase ends a before-and-after ("from about three a week to basically zero"): a
    measured outcome with its baseline, not a boast."""
    for s in sents:
        if s.start <= h.start() < s.end:
            ch = s.reading.change
            return ch is not None and ch.kind == "before_after"
    return False


@lru_cache(maxsize=2048)
def analyse(section: str, text: str, c: Compiled, principle: str | None, level: str) -> PartSummary:
    """Every per-part finding for one part's text."""
    lex = c.lex
    findings: list[Finding] = []
    raw = sentences(text)
    readings = read_many([s.text for s in raw]) if raw else []
    sents = [_Sent(s.start, s.end, r) for s, r in zip(raw, readings, strict=True)]
    hits = c.matcher.scan(text)

    def found(name: str) -> list[Hit]:
        return hits.get(name, [])

    def live(h: Hit) -> bool:
        """The phrase sits in a clause that is not negated (or in no clause at all).

        A phrase that carries its own negation ("never bothered") is live as written.
        """
        if set(h.group().lower().replace("n't", " not").split()) & _NEGATORS:
            return True
        cl = _hit_clause(sents, h)
        return cl is None or not cl.negated

    def mine(h: Hit, doing: bool = False) -> bool:
        """The phrase is the candidate's own: live, not in quotes, not someone else's view
        ("support thought it was user error") and, for what the candidate did (``doing``),
        not someone else's doing ("he changed it without checking")."""
        if not live(h):
            return False
        for s in sents:
            if s.start <= h.start() < s.end:
                if _quoted(s.reading, h.start() - s.start):
                    return False
                cl = s.reading.clause_at(h.start() - s.start)
                # (a doing "without checking" may be a thing's: "the server accepted them
                # without checking"; "my gut said" and "it was obviously" are the candidate's)
                return cl is None or not (_voiced_by_other(s.reading, cl) or (doing and (
                    _someone_else(cl) or (cl.agent == "other"
                                          and h.group().lower().startswith("without")))))
        return True

    acts: list[Act] = []
    hypo: list[Finding] = []
    we: list[Finding] = []
    weak: list[Finding] = []
    integrity: list[Finding] = []
    unverified: list[Finding] = []
    delegated: list[Finding] = []
    team_acts: list[tuple[tuple[int, int, str], str]] = []
    others_fixed: tuple[int, int, str] | None = None
    instructed: tuple[int, int, str] | None = None
    instructed_at = -1
    pushed_back = False
    negated_ask: tuple[int, int, str] | None = None
    qualifying: list[tuple[int, int]] = []
    praise = found("self_praise")

    certain: list[Act] = []
    team_checked: list[int] = []
    for si, s in enumerate(sents):
        r = s.reading
        has_act = False
        for cl in r.clauses:
            span = _span(s, cl)
            sure = (cl.agent == "self" and cl.lemma == "be" and set(cl.words) & _CERTAIN
                    and not cl.negated and not cl.modal and not cl.conditional
                    and cl.tense == "past" and section != "reflection")
            if sure or (section == "action" and _probable_cause(r, cl)):
                certain.append(Act(*span, cl.verb, frozenset({"guess"}), si))
            if (cl.agent == "self" and cl.negated and cl.negated_by == "self" and not cl.modal
                    and section != "reflection"):
                guards = set(cl.objects) & lex["safeguards"]
                if guards & _REVIEWS and cl.lemma in _DOING_THE_CHECK:
                    # "I didn't wait for the ML lead's review", "merged without a review"
                    integrity.append(_f(section, span, "integrity", "critical", "ownership", 0,
                                        "red_flag", msg.BYPASS))
                elif (cl.lemma in lex["validation_acts"] or cl.lemma in _RERUNS or (
                        cl.lemma == "need" and set(cl.objects) & _CHECK_NOUNS)) \
                        and not _admitted(r, cl):
                    # "I never checked", "shipped without testing", "didn't spend time to check"
                    unverified.append(_f(section, span, "unverified", "major", "action", 0,
                                         "red_flag", msg.UNVERIFIED))
                elif _kept_quiet(cl, lex):
                    # "I didn't tell the customers", "decided not to email them"
                    integrity.append(_f(section, span, "integrity", "critical", "ownership", 0,
                                        "red_flag", msg.HIDING))
            elif (cl.agent == "we" and cl.negated and not cl.modal and section != "reflection"
                  and _kept_quiet(cl, lex)):
                # "we didn't really announce the change to the shelters": the team kept quiet
                integrity.append(_f(section, span, "integrity", "critical", "ownership", 0,
                                    "red_flag", msg.HIDING))
            elif cl.agent == "self" and not _intent(cl, lex):
                if cl.real:
                    kinds = _classify(cl, lex)
                    if (cl.verb in _FOLLOW_UP or cl.lemma in _FOLLOW_UP) and (
                        "every" in cl.words or "daily" in cl.words or any(
                            o.mark == "until" and o.governor == cl.lemma for o in r.clauses)
                    ):
                        kinds = kinds | {"fix", "concrete"}  # "checked in every morning until"
                    if kinds:
                        acts.append(Act(*span, cl.verb, kinds, si))
                        has_act = has_act or "concrete" in kinds
                    if kinds == {"buzz"}:
                        # "I leveraged that to build a validation layer": the buzzword is
                        # still one, but the building was done
                        for o in r.clauses:
                            if o.governor == cl.lemma and o.index > cl.index and not o.finite \
                                    and o.dep in ("xcomp", "advcl", "acl") and not o.negated \
                                    and "concrete" in _classify(o, lex):
                                acts.append(Act(*_span(s, o), o.verb,
                                                _classify(o, lex) - {"buzz"}, si))
                                has_act = True
                                break
                    if instructed is not None and si <= instructed_at + 1 and "pushback" in kinds:
                        pushed_back = True
                    if section != "reflection" and cl.verb in _RELEASE and (any(
                        o.mark == "before" and set(o.words) & _REVIEWS
                        and o.finite and o.governor == cl.lemma for o in r.clauses
                    ) or _released_without_review(cl)):
                        # "I switched it on before the doc had gone through design review"
                        integrity.append(_f(section, span, "integrity", "critical", "ownership",
                                            0, "red_flag", msg.BYPASS))
                    elif (cl.lemma in lex["bypass_acts"] or cl.verb in lex["bypass_acts"]) \
                            and set(cl.objects) & lex["safeguards"] and section != "reflection" \
                            and (cl.lemma not in _LOOSE_REMOVALS
                                 or set(r.lemmas) & _CORE_SAFEGUARDS):
                        integrity.append(_f(section, span, "integrity", "critical", "ownership",
                                            0, "red_flag", msg.BYPASS))
                    elif section != "reflection" and _skips_named_check(r, cl):
                        # "no time to get it reviewed, so I skipped that"
                        integrity.append(_f(section, span, "integrity", "critical", "ownership",
                                            0, "red_flag", msg.BYPASS))
                    elif section != "reflection" and _kept_off_record(cl):
                        # "which I left out of the review", "kept it off the tracker"
                        integrity.append(_f(section, span, "integrity", "critical", "ownership",
                                            0, "red_flag", msg.HIDING))
                elif (cl.modal in _HYPO_MODALS and section != "reflection" and cl.finite
                      and cl.dep in ("ROOT", "conj", "ccomp", "parataxis")
                      and not _reported(cl, lex) and not cl.negated
                      and not _past_thought(r, cl)
                      and "have" not in cl.words[:4]
                      and not (cl.lemma in _DISCOURSE
                               and set(cl.objects) <= {"bit", "moment", "second", "minute"})):
                    hypo.append(_f(section, span, "hypothetical", "major", "action", 0,
                                   "red_flag", msg.HYPOTHETICAL))
            elif cl.agent == "we" and cl.real and section == "action" and not _intent(cl, lex) \
                    and cl.dep in ("ROOT", "conj", "parataxis"):
                kinds = _classify(cl, lex)
                if "concrete" in kinds or "weak" in kinds or "buzz" in kinds:
                    we.append(_f(section, span, "we_language", "major", "ownership", 0,
                                 "red_flag", msg.WE))
                if "concrete" in kinds:
                    team_acts.append((span, cl.verb))
            elif cl.agent == "other" and not cl.finite and section == "action" and (
                cl.verb in lex["other_fix_acts"] or cl.lemma in lex["other_fix_acts"]
            ) and any(o.agent == "self" and o.real and o.index < cl.index
                      and (o.lemma in lex["routing_acts"] or o.lemma in lex["instruct_acts"])
                      for o in r.clauses):
                # "I filed a ticket for the analytics team to sort out their reports"
                delegated.append(_f(section, span, "delegated_fix", "major", "ownership", 0,
                                    "red_flag", msg.DELEGATED))
            elif (cl.agent in ("other", "none") and cl.real and cl.finite
                  and not _intent(cl, lex) and others_fixed is None
                  and (cl.verb in lex["other_fix_acts"] or cl.lemma in lex["other_fix_acts"])
                  and section in ("action", "result", "task") and _a_fixer(cl)):
                others_fixed = span
            if cl.agent == "we" and cl.real and cl.finite and not cl.negated and (
                    "validation" in _classify(cl, lex) or _at_evidence(cl)):
                team_checked.append(si)  # "then we looked at the data": checked, as a team
            if section != "reflection" and not unverified and _skipped_check(r, cl, lex):
                unverified.append(_f(section, span, "unverified", "major", "action", 0,
                                     "red_flag", msg.UNVERIFIED))
            if cl.lemma in lex["instruct_acts"] and not _intent(cl, lex) and cl.agent != "self" \
                    and _names_me(s, cl) and section in ("situation", "task", "action") \
                    and (cl.lemma in ("assign", "task", "delegate") or any(
                        o.dep == "xcomp" and o.governor == cl.lemma
                        and o.index > cl.index for o in r.clauses) or any(
                        # "My manager told me I had to mentor her": the order as reported
                        o.dep == "ccomp" and o.governor == cl.lemma and o.index > cl.index
                        and o.agent == "self" and not o.negated
                        and (o.lemma in ("have", "need") or o.modal == "must")
                        for o in r.clauses)):
                if cl.negated or "only" in cl.words:
                    # "nobody asked me to", "the ticket only asked me to look at her case":
                    # the ask states its limit, so what follows goes beyond it
                    negated_ask = span
                elif not cl.modal and not cl.conditional and instructed is None:
                    instructed, instructed_at = span, si
            if cl.agent == "self" and cl.real and "weak" in _classify(cl, lex) \
                    and section == "action":
                weak.append(_f(section, span, "weak_verb", "minor", "action", 0, "red_flag",
                               msg.WEAK_VERB))
        metric = any(f.is_metric for f in r.figures)
        # A lesson the candidate draws ("I learned that cross-team webhooks need SLAs") is
        # evidence too, in the Reflection; a label ("this shows my ownership") never is.
        drawn = section == "reflection" and any(
            c.agent == "self" and c.real and c.finite for c in r.clauses)
        if (has_act or metric or drawn) and not any(s.start <= h.start() < s.end for h in praise):
            qualifying.append((s.start, s.end))

    # --- tells that count anywhere ---------------------------------------------------------
    # A sentence that looks back ("I learned", "next time", "the root cause was") is a lesson
    # wherever the segmenter put it: what it names is not something done in the story.
    lookback = [h.start() for name in ("learning", "systemic") for h in found(name)]
    retro = [(s.start, s.end) for s in sents if any(s.start <= p < s.end for p in lookback)]

    def told(f: Finding) -> bool:
        return not any(a <= f.start < b for a, b in retro)

    hypo = [f for f in hypo if told(f)]
    findings += _capped(hypo, "hypothetical", POINTS["hypothetical"], POINTS["hypothetical_max"])
    blame_hits = [h for h in _unique(found("blame")) if mine(h) and not _labelled(sents, h)
                  and not _boundary_then_owned(sents, h) and not _own_indifference(sents, h)]
    blame = [_f(section, (h.start(), h.end(), h.group()), "blame", "major", "ownership", 0,
                "red_flag", msg.BLAME) for h in blame_hits]
    for s in sents:
        for cl in s.reading.clauses:
            if section != "reflection" and cl.agent == "other" and cl.modal == "should" \
                    and not cl.negated and {"have", "'ve"} & set(cl.words) \
                    and set(cl.subject.lower().split()) & _PARTIES:
                # "billing should have flagged it", "my reviewer should've caught that"
                blame.append(_f(section, _span(s, cl), "blame", "major", "ownership", 0,
                                "red_flag", msg.BLAME))
            elif section != "reflection" and cl.lemma == "care" and cl.negated \
                    and not cl.modal and not cl.conditional and _someone_else(cl, s.reading) \
                    and set(_subject_of(s.reading, cl).lower().split()) - _PRONOUNS \
                    - {"the", "a", "our", "my", "their"} \
                    and not any(s.start <= b.start < s.end for b in blame):
                # "the PM didn't really care about deaf patrons": a motive put on a named
                # colleague ("they almost never cared about distance", of the users watched,
                # is what they need)
                blame.append(_f(section, _span(s, cl), "blame", "major", "ownership", 0,
                                "red_flag", msg.BLAME))
            elif ((section != "reflection" and _put_on_others(cl))
                  or (section == "reflection" and _duty_on_others(cl))) \
                    and not any(s.start <= b.start < s.end for b in blame):
                # the lesson included: "other teams need to take data quality seriously"
                blame.append(_f(section, _span(s, cl), "blame", "major", "ownership", 0,
                                "red_flag", msg.BLAME))
    findings += _capped(blame, "blame", POINTS["blame"], POINTS["blame_max"])
    for m in _unique(found("vague_motivation"))[:1]:
        findings.append(_f(section, (m.start(), m.end(), m.group()), "vague_motivation", "major",
                           "ownership", POINTS["vague_motivation"], "red_flag",
                           msg.VAGUE_MOTIVATION))
    filler = [_f(section, (m.start(), m.end(), m.group()), "filler", "minor", "structure", 0,
                 "red_flag", msg.FILLER) for m in found("filler")]
    findings += _capped(filler, "filler", POINTS["filler"], POINTS["filler_max"])
    if section != "reflection":
        for m in [h for h in _unique(found("hiding"))
                  if _hides(h, live, mine) and not _quiet_on_purpose(text, h)][:1]:
            integrity.append(_f(section, (m.start(), m.end(), m.group()), "integrity",
                                "critical", "ownership", 0, "red_flag", msg.HIDING))
        for m in _unique(found("credit_taking"))[:1]:
            if mine(m) and _about_credit(sents, m):
                integrity.append(_f(section, (m.start(), m.end(), m.group()), "integrity",
                                    "critical", "ownership", 0, "red_flag", msg.CREDIT))
    if section != "reflection" and not any(f.message == msg.CREDIT for f in integrity):
        shown = next(((s, cl) for s in sents for cl in s.reading.clauses
                      if _presented_as_mine(cl)), None)
        if shown is not None:
            integrity.append(_f(section, _span(*shown), "integrity", "critical", "ownership",
                                0, "red_flag", msg.CREDIT))
    if section in ("situation", "task", "action"):
        carried = _carried_off(sents) or _claimed_over(sents)
        if carried is not None:
            integrity.append(_f(section, carried, "integrity", "critical", "ownership", 0,
                                "red_flag", msg.CREDIT))
    if section != "reflection":
        for m in _unique(found("bypass"))[:1]:
            if mine(m):
                integrity.append(_f(section, (m.start(), m.end(), m.group()), "integrity",
                                    "critical", "ownership", 0, "red_flag", msg.BYPASS))
    if section in ("action", "result") and not delegated \
            and principle not in DEVELOPING_OTHERS:
        passed = _passed_on(sents, lex)
        if passed is not None:
            delegated.append(_f(section, passed, "delegated_fix", "major", "ownership", 0,
                                "red_flag", msg.DELEGATED))
    findings += _capped(delegated[:1], "delegated_fix", POINTS["delegated_fix"],
                        POINTS["delegated_fix"])
    distinct: list[Finding] = []
    for f in sorted((f for f in integrity if told(f)), key=lambda f: f.start):
        if not any(f.start < g.end and g.start < f.end for g in distinct):
            distinct.append(f)
    integrity = distinct
    findings += _capped(integrity[:2], "integrity", POINTS["integrity"], POINTS["integrity"])
    for m in praise[:1]:
        findings.append(_f(section, (m.start(), m.end(), m.group()), "self_praise", "info",
                           "principle_fit", 0.0, "note", msg.SELF_PRAISE))
    if instructed is not None:
        ownership_lp = principle is None or principle in c.rubric.boundary_principles
        if pushed_back:
            findings.append(_f(section, instructed, "pushed_back", "strength", "ownership",
                               POINTS["pushed_back"], "ownership", msg.PUSHED_BACK))
        else:
            findings.append(_f(section, instructed, "manager_asked",
                               "critical" if ownership_lp else "major", "ownership",
                               POINTS["manager_asked"], "red_flag",
                               msg.MANAGER_ASKED if ownership_lp else msg.ASKED_ONLY))

    # --- what the candidate did (Action) --------------------------------------------------
    buzz_words = {m.group().lower() for m in found("buzz_phrases")}
    buzz = len(buzz_words) + sum(1 for a in acts if "buzz" in a.kinds
                                 and not any(a.verb.split()[0] in w for w in buzz_words))
    if section == "action":
        fp: list[Finding] = []
        concrete: list[Finding] = []
        seen_verbs: set[str] = set()
        for a in acts:
            if "concrete" not in a.kinds or ("routing" in a.kinds and "fix" not in a.kinds):
                continue
            span = (a.start, a.end, a.quote)
            fp.append(_f(section, span, "first_person_action", "strength", "ownership", 0,
                         "ownership", msg.FIRST_PERSON))
            if a.verb not in seen_verbs:
                seen_verbs.add(a.verb)
                concrete.append(_f(section, span, "concrete_action", "strength", "action", 0,
                                   "ownership", msg.CONCRETE_ACTION))
        findings += _capped(fp, "first_person_action", POINTS["first_person_action"],
                            POINTS["first_person_action_max"])
        findings += _capped(concrete, "concrete_action", POINTS["concrete_action"],
                            POINTS["concrete_action_max"])
        findings += _capped(we, "we_language", POINTS["we_language"], POINTS["we_language_max"])
        team = []
        for span, verb in team_acts:
            if verb not in seen_verbs:
                seen_verbs.add(verb)
                team.append(_f(section, span, "team_action", "info", "action", 0, "note",
                               msg.TEAM_ACTION))
        used = sum(f.points for f in findings if f.kind == "concrete_action")
        findings += _capped(team, "team_action", POINTS["team_action"],
                            max(0.0, POINTS["concrete_action_max"] - used))
        findings += _capped(weak, "weak_verb", POINTS["weak_verb"], POINTS["weak_verb_max"])
        checks = [a for a in acts if "validation" in a.kinds]
        for a in checks[:1]:
            findings.append(_f(section, (a.start, a.end, a.quote), "validation", "strength",
                               "action", POINTS["validation"], "ownership", msg.VALIDATION))
    hunches = [Act(h.start(), h.end(), h.group(), "guess", frozenset({"guess"}),
                   next((i for i, s in enumerate(sents) if s.start <= h.start() < s.end), 0))
               for h in found("guess_phrases") if mine(h, doing=True)]
    # Sure, with nothing checked before it or in the next few sentences: a hunch acted on.
    hunches += [a for a in certain
                if not any("validation" in b.kinds and b.sentence <= a.sentence + 4
                           for b in acts)
                and not any(a.sentence <= k <= a.sentence + 4 for k in team_checked)]
    guesses = sorted([a for a in acts if "guess" in a.kinds] + hunches, key=lambda a: a.start)
    guesses = [g for g in guesses if not _guess_excused(g, text, sents, acts)]
    for g in guesses[:1]:
        after = [a for a in acts if a.start > g.start and a.kinds & {"validation", "fix"}]
        checked_after = bool(after) and "validation" in after[0].kinds and (
            after[0].sentence <= g.sentence + 3)
        # the team checked before anything was fixed: "Then we looked at the data a bit more"
        checked_after = checked_after or any(
            g.sentence <= k <= g.sentence + 3 and (not after or k <= after[0].sentence)
            for k in team_checked)
        if section != "reflection" and not checked_after:
            findings.append(_f(section, (g.start, g.end, g.quote), "guessing", "major", "action",
                               POINTS["guessing"], "red_flag", msg.GUESSING))
    findings += _capped(unverified[:1], "unverified", POINTS["unverified"], POINTS["unverified"])

    # --- ownership boundary ---------------------------------------------------------------
    boundary = [(m.start(), m.end(), m.group()) for m in found("boundary")] if section in (
        "situation", "task") else []
    if negated_ask is not None and section in ("situation", "task"):
        boundary.append(negated_ask)
    personal = [(m.start(), m.end(), m.group()) for m in found("personal_task")] \
        if section == "task" else []

    # --- numbers and impact ---------------------------------------------------------------
    if section == "result":
        _impact(section, sents, found, live, level, findings)

    # --- reflection -----------------------------------------------------------------------
    if section == "reflection" and text.strip():
        if word_count(text) >= 8:
            findings.append(_f(section, (0, 0, ""), "reflection_present", "strength",
                               "reflection", POINTS["reflection_present"], "note",
                               msg.REFLECTION_PRESENT))
        gen = [_f(section, (m.start(), m.end(), m.group()), "generic_reflection", "major",
                  "reflection", 0, "red_flag", msg.GENERIC)
               for m in _unique(found("generic_reflection"))]
        for s in sents:
            for cl in s.reading.clauses:
                # "quality is very important", "communication between teams is really key"
                if ((cl.lemma == "be" and set(cl.words) & _SLOGAN and not cl.negated)
                        or _platitude(cl)) \
                        and not any(g.start <= s.start + cl.start < g.end for g in gen):
                    gen.append(_f(section, _span(s, cl), "generic_reflection", "major",
                                  "reflection", 0, "red_flag", msg.GENERIC))
        # a rule for everyone ("you have to prioritise when the deadline is tight") with
        # nothing the candidate now does differently
        practice = any(c.agent == "self" and c.real and c.tense == "present" and not c.modal
                       and c.lemma not in ("be", "think", "guess", "learn", "feel", "know")
                       for s in sents for c in s.reading.clauses)
        if not practice and not gen:
            rule = next(((s, cl) for s in sents for cl in s.reading.clauses
                         if _rule_for_you(s.reading, cl)), None)
            if rule is not None:
                gen.append(_f(section, _span(*rule), "generic_reflection", "major",
                              "reflection", 0, "red_flag", msg.GENERIC))
        findings += _capped(gen, "generic_reflection", POINTS["generic_reflection"],
                            POINTS["generic_reflection_max"])
        # a lesson anyone could draw ("I learned it's important to always keep learning") is
        # no evidence for the principle its words name
        qualifying = [(a, b) for a, b in qualifying
                      if not any(a <= g.start < b for g in gen)]
        for m in _unique(found("wrong_lesson"))[:1]:
            findings.append(_f(section, (m.start(), m.end(), m.group()), "wrong_lesson",
                               "major", "reflection", POINTS["wrong_lesson"], "red_flag",
                               msg.WRONG_LESSON))

    for span in (boundary or personal)[:1]:
        # The points depend on the principle and are given by the engine; the span is
        # recorded here so views can highlight it.
        findings.append(_f(section, span, "boundary_span", "strength", "ownership", 0,
                           "ownership", msg.BOUNDARY))
    frags = sum(1 for s in raw if len(s.text.split()) < 4)
    clause_frags = sum(1 for cl in _CLAUSE_RE.split(text) if 0 < len(cl.split()) < 3)
    return PartSummary(
        section=section,
        findings=tuple(findings),
        words=word_count(text),
        content=frozenset(t for s in raw for t in tokens(s.text)
                          if len(t) >= 4 and not t[0].isdigit()),
        fragments=frags + clause_frags,
        acts=tuple(acts),
        buzz=buzz,
        others_fixed=others_fixed,
        has_systemic=bool(found("systemic")),
        has_learning=bool(found("learning")),
        has_boundary=bool(boundary),
        has_personal_task=bool(personal),
        qualifying=tuple(qualifying),
        scope=frozenset(" ".join(m.group().lower().split())
                        for m in c.scope.scan(text).get("scope", [])),
        outcomes=sum(1 for s in sents if s.reading.change is not None
                     and s.reading.change.kind == "before_after"),
        inflated=frozenset(" ".join(m.group().lower().split()) for m in found("inflated")
                           if live(m) and not _measured(sents, m))
        if section != "reflection" else frozenset(),
        sents=tuple(sents),
        praised=tuple(m.start() for m in praise),
        checks_first=any(k <= 1 for k in team_checked) or any(
            a.sentence <= 1 and "validation" in a.kinds for a in acts),
    )


def _impact(section: str, sents: list[_Sent], get: Callable[[str], list[Hit]],
            is_live: Callable[[Hit], bool], level: str, findings: list[Finding]) -> None:
    """Figures, before-and-after, value and knock-on effects in the Result."""
    seen: set[tuple[str, float | None, str]] = set()
    numf: list[Finding] = []
    metrics = []
    for s in sents:
        for fg in s.reading.figures:
            if not fg.is_metric:
                continue
            metrics.append((s, fg))
            key = (fg.kind, fg.value, fg.text.lower() if fg.value is None else "")
            if key in seen:
                continue
            seen.add(key)
            numf.append(_f(section, (s.start + fg.start, s.start + fg.end, fg.text), "number",
                           "strength", "impact", 0, "number", msg.NUMBER))
    findings += _capped(numf, "number", POINTS["number"], POINTS["number_max"])
    best = None
    for s in sents:
        ch = s.reading.change
        if ch is not None and (best is None or (ch.kind == "before_after"
                                                and best[1].kind != "before_after")):
            best = (s, ch)
    if best is not None and best[1].kind == "before_after":
        s, ch = best
        findings.append(_f(section, (s.start + ch.start, s.start + ch.end, ch.text),
                           "baseline_outcome", "strength", "impact", POINTS["baseline_outcome"],
                           "number", msg.BASELINE))
    elif best is not None:
        s, ch = best
        findings.append(_f(section, (s.start + ch.start, s.start + ch.end, ch.text),
                           "relative_change", "strength", "impact", POINTS["relative_change"],
                           "number", msg.RELATIVE))
    elif metrics:
        for s, fg in metrics:
            if fg.value is not None and (("." in fg.text and len(fg.text.split(".")[-1]) >= 2)
                                         or (fg.value >= 1000 and "." in fg.text)):
                findings.append(_f(section, (s.start + fg.start, s.start + fg.end, fg.text),
                                   "suspicious_precision", "minor", "impact",
                                   POINTS["suspicious_precision"], "red_flag", msg.PRECISION))
                break
    for s, fg in metrics:
        if fg.kind == "money" and fg.value is not None and fg.value >= IMPLAUSIBLE_MONEY[level]:
            findings.append(_f(section, (s.start + fg.start, s.start + fg.end, fg.text),
                               "implausible", "minor", "impact", POINTS["implausible"],
                               "red_flag", msg.IMPLAUSIBLE.format(level=level)))
            break
    if metrics or best is not None:
        for m in get("business_value")[:1]:
            findings.append(_f(section, (m.start(), m.end(), m.group()), "business_value",
                               "strength", "impact", POINTS["business_value"], "key_phrase",
                               msg.BUSINESS))
    for m in get("second_order")[:1]:
        findings.append(_f(section, (m.start(), m.end(), m.group()), "second_order", "strength",
                           "impact", POINTS["second_order"], "key_phrase", msg.SECOND_ORDER))
    vague = [_f(section, (m.start(), m.end(), m.group()), "vague_result", "major", "impact", 0,
                "red_flag", msg.VAGUE)
             for m in _unique(get("vague_result")) if is_live(m)]
    findings += _capped(vague, "vague_result", POINTS["vague_result"], POINTS["vague_result_max"])
    if not metrics and any(s.reading.text.strip() for s in sents):
        findings.append(_f(section, (0, 0, ""), "no_numbers", "major", "impact", 0, "note",
                           msg.NO_NUMBERS))
