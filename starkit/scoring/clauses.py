"""Who did what: every clause of a sentence as facts a rule can test.

A bar raiser asks of every sentence *who did it, did it happen, and what was it about*.
``read`` answers that from spaCy's parse: for each clause its agent (the candidate, "we",
someone else, nobody), its verb's lemma (with its particle: "roll back", "pick up"),
whether it is negated, its modal (would, could, should...), whether it sits in an if-clause,
what verb governs it (so "wanted to fix" and "told her I'd call back" can be told apart from
"fixed"), and its objects. Sentences are read once each and cached by their text.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from starkit.scoring import nlp
from starkit.scoring.figures import Change, Figure, change, figures

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Agent", "Clause", "Reading", "cache_clear", "read", "read_many"]

Agent = Literal["self", "we", "other", "nobody", "none"]

_SELF = frozenset({"i", "me", "myself"})
_WE = frozenset({"we", "us", "ourselves"})
_TEAM = frozenset({"team", "squad", "group", "everyone", "everybody", "crew"})
_NOBODY = frozenset({"nobody", "no one", "noone", "none", "nothing", "no-one"})
_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_CLAUSAL = frozenset({"conj", "cc", "ccomp", "xcomp", "advcl", "relcl", "parataxis", "punct",
                      "mark", "acl", "pcomp"})
_COMPLEMENT = frozenset({"dobj", "dative", "attr", "oprd", "prt", "prep", "acomp", "ccomp",
                         "xcomp", "obj", "iobj", "agent"})
_MODALS = frozenset({"would", "could", "should", "might", "may", "will", "shall", "can",
                     "must", "ca", "wo"})
_PARTICLES = frozenset({"back", "up", "out", "down", "off", "over", "in", "through"})
_NEG = frozenset({"not", "never", "n't", "no"})
#: Spans of time and effort, which do nothing themselves: in "I spent two days measuring" or
#: "I didn't have time to test" the candidate measures and tests, not the days.
_SPANS = frozenset({"time", "day", "hour", "minute", "week", "month", "year", "afternoon",
                    "morning", "evening", "night", "weekend", "while", "moment", "effort",
                    "second", "chance", "opportunity"})


@dataclass(frozen=True, slots=True)
class Clause:
    """One verb and what hangs on it. Offsets are into the sentence."""

    start: int
    end: int
    text: str
    verb: str
    """The verb's lemma with its particle, lower case: "pull", "roll back", "sit down"."""
    lemma: str
    """The verb's lemma alone."""
    agent: Agent
    """Who does it: the candidate, "we"/the team, someone else, nobody, or unknown."""
    subject: str
    """The subject's words as written ("" when it is inherited or missing)."""
    negated: bool
    negated_by: Agent
    """Whose "not" it is: the clause's own agent, or the agent of the clause it hangs from
    ("nobody asked me to look" negates the looking, but not by the candidate)."""
    modal: str
    """would, could, should, might, may, will, can, must; "" when none."""
    conditional: bool
    """Inside an if- or unless-clause."""
    passive: bool
    tense: str
    """past, present or "" (unknown)."""
    dep: str
    """How it hangs from its governor: ROOT, conj, xcomp, ccomp, advcl, relcl..."""
    governor: str
    """The governing verb's lemma ("" for the root)."""
    objects: tuple[str, ...]
    """Lemmas of the nouns it acts on or is about."""
    words: tuple[str, ...]
    """Lower-case lemmas of the clause's own words (not of clauses inside it)."""
    complement: bool
    """It acts on something: an object, a particle or a phrase."""
    index: int
    """The verb's token index in the sentence."""
    mark: str
    """The word that introduces it ("if", "before", "because", "so"), lower case, or ""."""
    finite: bool
    """A finite verb ("pulled", "pull"), not an infinitive or participle hanging off another
    ("to confirm", "covering the bug"): only finite clauses are acts of their own."""

    @property
    def real(self) -> bool:
        """It happened, as far as the words say: not negated, not modal, not conditional."""
        return not (self.negated or self.modal or self.conditional)


@dataclass(frozen=True, slots=True)
class Reading:
    """One sentence, read."""

    text: str
    clauses: tuple[Clause, ...]
    lemmas: tuple[str, ...]
    """Lower-case lemma of every token."""
    pos: tuple[str, ...]
    """Coarse part of speech of every token (NOUN, VERB, ADJ...)."""
    spans: tuple[tuple[int, int], ...]
    """Character span of every token."""
    owner: tuple[int, ...]
    """For every token, the index (into ``clauses``) of the clause it belongs to, or -1."""
    figures: tuple[Figure, ...]
    change: Change | None

    def clause_at(self, offset: int) -> Clause | None:
        """The clause that owns the token at a character offset."""
        for i, (a, b) in enumerate(self.spans):
            if a <= offset < b:
                k = self.owner[i]
                return self.clauses[k] if k >= 0 else None
        return None


def _agent_of(tok: Token) -> Agent:
    low = tok.lower_
    if low in _SELF:
        return "self"
    if low in _WE:
        return "we"
    if low in _NOBODY or (low == "one" and any(c.lower_ == "no" for c in tok.children)):
        return "nobody"
    if tok.lemma_.lower() in _TEAM:
        if any(c.lower_ == "else" for c in tok.children):
            return "other"  # "everyone else counts in kilos"
        dets = {c.lower_ for c in tok.children if c.dep_ in ("poss", "det", "amod")}
        if dets & {"our", "my", "whole", "entire"} or low in ("everyone", "everybody"):
            return "we"
    relative = tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ == "WDT"
    if relative or low in ("who", "that", "which"):
        # A relative pronoun stands for the noun the relative clause hangs on.
        head = tok.head.head if tok.head.dep_ == "relcl" else None
        if head is not None and head.i != tok.i:
            if head.dep_ == "attr" and head.head.lemma_ == "be":
                # "I was the one who presented it": the one is the copula's subject
                subj = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
                if subj is not None and subj.i != tok.i:
                    return _agent_of(subj)
            return _agent_of(head)
    return "other"


#: What a do-cleft's subject is built on: "the first thing I did", "the next step I took",
#: "all I did", "what I did".
_CLEFT_HEADS = frozenset({"thing", "step", "all", "what", "move"})


def _cleft_doer(subj: Token) -> Agent | None:
    """The doer named in a do-cleft's subject, "What I did was rewrite the importer", "The
    first thing I did was pull the logs": the act after "was" is theirs."""
    if subj.dep_ == "csubj" and subj.lemma_.lower() == "do":
        do: Token | None = subj  # "What I did was ..."
    elif subj.lemma_.lower() in _CLEFT_HEADS:
        do = next((c for c in subj.children if c.dep_ == "relcl"
                   and c.lemma_.lower() in ("do", "take")), None)
    else:
        return None
    who = next((c for c in do.children if c.dep_ == "nsubj"), None) if do is not None else None
    return _agent_of(who) if who is not None else None


#: Verbs whose past is their bare form: "I borrowed a supply, put a logger in a box".
_SAME_IN_PAST = frozenset({"put", "set", "cut", "let", "shut", "hit", "read", "spread", "quit",
                           "split", "reset", "rerun", "upset", "broadcast", "forecast"})


def _simple_past(tok: Token) -> bool:
    """An active verb in the past ("I borrowed", "I have pulled"), or one joined to such a
    verb ("..., put a logger in a box"): what a past verb joined to it shares. Not a copula
    ("my job was to find out ... and fix it") nor a passive ("were removed and replaced")."""
    aux = {c.lemma_.lower() for c in tok.children if c.dep_ == "aux"}
    if tok.lemma_ == "be" or any(c.dep_ == "auxpass" for c in tok.children) or aux - {"have"}:
        return False
    if tok.tag_ == "VBD" or (tok.tag_ == "VBN" and aux):
        return True
    return tok.dep_ == "conj" and tok.tag_ in ("VB", "VBN") and _simple_past(tok.head)


def _is_clause_verb(tok: Token) -> bool:
    if tok.pos_ == "VERB":
        return True
    return bool(tok.pos_ == "AUX"
                and tok.dep_ in ("ROOT", "conj", "ccomp", "advcl", "relcl", "xcomp"))


def _read_doc(text: str, doc: Doc) -> Reading:
    # Token attributes read once: spaCy makes a new Token object on every doc[i].
    deps = [t.dep_ for t in doc]
    lemmas = [t.lemma_.lower() for t in doc]
    nouns = [t.pos_ in ("NOUN", "PROPN") for t in doc]
    heads = [t.head.i for t in doc]
    kids: list[list[int]] = [[] for _ in deps]
    for i, h in enumerate(heads):
        if h != i:
            kids[h].append(i)

    def depth(i: int) -> int:
        n = 0
        while heads[i] != i:
            i, n = heads[i], n + 1
        return n

    def collect(i: int, out: list[int]) -> None:
        out.append(i)
        for c in kids[i]:
            if deps[c] not in _CLAUSAL:
                collect(c, out)

    verbs = [t for t in doc if _is_clause_verb(t)]
    facts: dict[int, dict[str, object]] = {}
    # Parents before children: a clause may inherit its subject, negation or modal.
    order = sorted(verbs, key=lambda t: depth(t.i))
    for v in order:
        children = list(v.children)
        subj = next((c for c in children if c.dep_ in _SUBJ), None)
        passive = any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in children)
        gov = v.head if v.dep_ != "ROOT" else None
        while gov is not None and gov.i not in facts and gov.dep_ != "ROOT" and gov.head.i != gov.i:
            gov = gov.head  # a verb under a noun or a preposition: find the verb above
        parent = facts.get(gov.i) if gov is not None else None
        agent: Agent = "none"
        subject = ""
        if passive:
            by = next((c for c in children if c.dep_ == "agent"), None)
            pobj = next((g for g in by.children if g.dep_ == "pobj"), None) if by else None
            agent = _agent_of(pobj) if pobj is not None else "other"
            subject = subj.text if subj is not None else ""
        elif subj is not None and _terse_list(doc, subj):
            agent = "self"  # "Added turn penalties, regenerated, skipped the review": no "I"
        elif subj is not None:
            agent = _agent_of(subj)
            subject = " ".join(t.text for t in subj.subtree) if subj.dep_ != "expl" else ""
            if subj.dep_ == "expl":
                agent = "none"
            elif v.lemma_.lower() != "be":
                # "First thing I did was pull the logs", parsed with "pull" as the verb
                agent = _cleft_doer(subj) or agent
        elif parent is not None:
            obj = None
            if v.dep_ == "xcomp" and gov is not None:
                # "told me to leave it": the object of the governing verb does it.
                obj = next((c for c in gov.children if c.dep_ in ("dobj", "dative", "obj")
                            and c.lemma_.lower() not in _SPANS), None)
            agent = _agent_of(obj) if obj is not None else parent["agent"]  # type: ignore[assignment]
            if v.dep_ == "xcomp" and gov is not None and gov.lemma_.lower() == "be":
                # "What I did was rewrite it": the act after "was" is the cleft's doer's
                cleft = next((c for c in gov.children if c.dep_ in ("nsubj", "csubj")), None)
                agent = (_cleft_doer(cleft) if cleft is not None else None) or agent
        elif v.dep_ == "ROOT" and v.tag_ in ("VBD", "VBN") and v.i == doc[0].i + _lead(doc):
            agent = "self"  # "Pulled the logs." — the terse voice drops the "I"
        negated = any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in _NEG)
                      for c in children) or agent == "nobody"
        if not negated and subj is not None and any(
            c.dep_ == "det" and c.lower_ == "no" for c in subj.children
        ):
            negated = True
        modal = next((c.lemma_.lower() for c in children
                      if c.dep_ == "aux" and c.lemma_.lower() in _MODALS), "")
        modal = {"ca": "can", "wo": "will"}.get(modal, modal)
        if modal == "would" and v.tag_ == "VBN" and not any(
            c.dep_ == "aux" and c.lemma_.lower() == "have" for c in children
        ) and any(c.dep_ == "aux" and c.lower_ in ("'d", "’d") for c in children):
            modal = ""  # "she'd hacked together a first version": had, not would
        conditional = any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether")
                          for c in children)
        negated_by: Agent = agent if negated else "none"
        if v.head.lower_ == "without" and v.dep_ == "pcomp":
            negated, negated_by = True, agent
        prev = doc[v.head.i - 1].lower_ if v.head.i > 0 else ""
        if (v.head.lower_ == "than" and prev == "rather") or (
            v.head.lower_ == "of" and prev == "instead"
        ):
            negated, negated_by = True, agent  # "rather than digging through the logs..."
        if parent is not None and v.dep_ in ("xcomp", "conj", "advcl", "ccomp"):
            if v.dep_ == "xcomp" and parent["negated"] and not negated:
                negated = True
                negated_by = parent["negated_by"]  # type: ignore[assignment]
            if not modal and v.dep_ in ("xcomp", "conj") and subj is None:
                modal = str(parent["modal"])
            if v.dep_ in ("xcomp", "conj", "advcl") and parent["conditional"]:
                conditional = True
        tense = ""
        for t in (v, *[c for c in children if c.dep_ in ("aux", "auxpass")]):
            tv = t.morph.get("Tense", [])
            if tv:
                tense = "past" if tv[0] == "Past" else "present"
                break
        prt = next((c.lower_ for c in children if c.dep_ == "prt" or (
            c.dep_ == "advmod" and c.i == v.i + 1 and c.lower_ in _PARTICLES)), "")
        own: list[int] = []
        collect(v.i, own)
        if subj is None:
            own = [i for i in own if i == v.i or deps[i] not in _SUBJ]
        own.sort()
        objects = tuple(lemmas[i] for i in own if nouns[i] and deps[i] not in _SUBJ)[:10]
        first, last = doc[own[0]], doc[own[-1]]
        start, end = first.idx, last.idx + len(last.text)
        facts[v.i] = {
            "start": start, "end": end, "text": text[start:end],
            "verb": f"{v.lemma_.lower()} {prt}".strip(), "lemma": v.lemma_.lower(),
            "agent": agent, "subject": subject, "negated": negated, "negated_by": negated_by,
            "modal": modal,
            "conditional": conditional, "passive": passive, "tense": tense,
            "dep": v.dep_, "governor": gov.lemma_.lower() if gov is not None else "",
            "objects": objects,
            "words": tuple(lemmas[i] for i in own),
            "complement": any(c.dep_ in _COMPLEMENT for c in children),
            "index": v.i, "own": own,
            "mark": next((c.lower_ for c in children if c.dep_ == "mark"), ""),
            "finite": v.tag_ in ("VBD", "VBP", "VBZ", "MD")
            or (v.tag_ == "VB" and any(c.dep_ == "aux" and c.lemma_ == "do" for c in children))
            or (v.tag_ == "VBN" and any(c.dep_ == "aux" for c in children))
            or (v.tag_ in ("VB", "VBN") and modal != "")
            or (v.tag_ in ("VBD", "VBN", "VB") and v.dep_ == "ROOT")
            # "I borrowed a supply, put a logger in a box, and measured": a past verb joined
            # to a finite one, tagged as a bare form or a participle
            or (v.tag_ in ("VB", "VBN") and v.dep_ == "conj" and subj is None
                and (v.lower_ != v.lemma_.lower() or v.lower_ in _SAME_IN_PAST)
                and parent is not None and bool(parent["finite"]) and _simple_past(v.head)
                and not any(c.dep_ in ("aux", "auxpass") for c in children)),
        }
    ordered = sorted(facts.values(), key=lambda f: int(f["index"]))  # type: ignore[call-overload]
    clauses = tuple(
        Clause(**{k: v for k, v in f.items() if k != "own"})  # type: ignore[arg-type]
        for f in ordered
    )
    pos = {int(f["index"]): k for k, f in enumerate(ordered)}  # type: ignore[call-overload]
    owner = []
    for t in doc:
        cur: Token | None = t
        k = -1
        while cur is not None:
            if cur.i in pos:
                k = pos[cur.i]
                break
            cur = cur.head if cur.head.i != cur.i else None
        owner.append(k)
    return Reading(
        text=text,
        clauses=clauses,
        lemmas=tuple(t.lemma_.lower() for t in doc),
        pos=tuple(t.pos_ for t in doc),
        spans=tuple((t.idx, t.idx + len(t.text)) for t in doc),
        owner=tuple(owner),
        figures=figures(text),
        change=change(text),
    )


def _terse_list(doc: Doc, subj: Token) -> bool:
    """A run of acts with no "I" that the parser took for a subject ("Added turn penalties,
    regenerated, skipped the review"): it opens the sentence with a past verb and a comma
    runs through it."""
    words = list(subj.subtree)
    first = words[0]
    return (first.i == doc[0].i + _lead(doc) and first.tag_ in ("VBD", "VBN")
            and first.is_title and any(t.text == "," for t in words)
            and not any(t.dep_ == "det" for t in words)
            and sum(1 for c in subj.head.children if c.dep_ in ("nsubj", "nsubjpass")) == 1)


def _lead(doc: Doc) -> int:
    """Tokens before the first word (bullets, quotes, "then", "first")."""
    n = 0
    for t in doc:
        if t.is_punct or t.lower_ in ("then", "first", "next", "also", "finally", "and", "so"):
            n += 1
        else:
            break
    return n


_CACHE: OrderedDict[str, Reading] = OrderedDict()
#: How many sentences' readings are kept (the least recently used go first).
CACHE_SIZE = 8192


def cache_clear() -> None:
    """Forget every reading (for benchmarks that want cold runs)."""
    _CACHE.clear()


def read_many(texts: list[str]) -> list[Reading]:
    """Read sentences: cached ones from the cache, the rest parsed in one batch."""
    # Keep this call's readings apart from the cache: parsing the missing ones may evict
    # a cached one this same call needs (a long paste, or a full cache).
    got: dict[str, Reading] = {}
    for t in dict.fromkeys(texts):
        cached = _CACHE.get(t)
        if cached is not None:
            _CACHE.move_to_end(t)
            got[t] = cached
    missing = [t for t in dict.fromkeys(texts) if t not in got]
    if not missing:
        return [got[t] for t in texts]
    for text, doc in zip(missing, nlp.parse_many(missing), strict=True):
        got[text] = _CACHE[text] = _read_doc(text, doc)
        if len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return [got[t] for t in texts]


def read(text: str) -> Reading:
    """Read one sentence."""
    return read_many([text])[0]
