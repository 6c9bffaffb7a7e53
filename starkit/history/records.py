"""Checking the records of an import file before anything is written.

``check_records`` turns the plain records of a ``.json`` or ``.csv`` export into attempts,
or lists every problem it finds: a missing or null required field, a wrong type, a number
that is not finite or out of range, an unknown level, mode or verdict, dimensions or a
scorecard that are not a mapping, an id used twice. Nothing is guessed: a null never
becomes the text "None", and a bad record is never half taken.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from starkit.content.models import SECTIONS
from starkit.content.rubric import DIMENSIONS
from starkit.history.attempts import MODES, Attempt
from starkit.history.tables import SCALARS
from starkit.scoring.scorecard import VERDICTS
from starkit.vocabulary import LEVELS

__all__ = ["REQUIRED", "Problem", "check_record", "check_records", "kind_of"]

#: ``(record, field, problem)``; the record counts from 1.
Problem = tuple[int, str, str]

#: The fields every record must have, with a value.
REQUIRED = ("id", "candidate", "created_at", "level", "mode", "overall", "verdict",
            "dimensions", "scorecard", "starkit_version", "rubric")
_TEXTS = ("id", "candidate", "starkit_version", "rubric")
_OPTIONAL_TEXTS = ("scenario_id", "story_id", "principle", "workshop")
_CHOICES: dict[str, tuple[str, ...]] = {"level": LEVELS, "mode": MODES, "verdict": VERDICTS}
_MISSING = object()
#: Where each field stands in an export (problems of a record are listed in this order).
_ORDER = {f: i for i, f in enumerate((*SCALARS, *SECTIONS, "dimensions", "scorecard", "extra"))}


class _Bad(Exception):  # noqa: N818 - internal: one field's problem, caught in check_record
    """One field's problem, raised inside ``check_record`` and collected there."""


def _show(value: Any) -> str:
    """A value as a message quotes it: short, and a huge number by its size."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return f"a {len(str(abs(value)))}-digit number"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def kind_of(value: Any) -> str:
    """What a JSON value is, in words ("null", "a number", "a list", ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return type(value).__name__


def _number(value: Any, *, text: bool, low: float, high: float | None) -> float:
    """A finite number in ``[low, high]``; ``text`` allows it written as text (CSV)."""
    if isinstance(value, str) and text:
        try:
            value = float(value.strip())
        except ValueError:
            raise _Bad(f"expected a number, got {_show(value)}") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Bad(f"expected a number, got {kind_of(value)}"
                   + (f" ({_show(value)})" if isinstance(value, str) else ""))
    if isinstance(value, float) and not math.isfinite(value):
        raise _Bad(f"not a finite number ({value})")
    span = f"{low:g}-{high:g}" if high is not None else f"{low:g} or more"
    if value < low or (high is not None and value > high):
        raise _Bad(f"{_show(value)} is out of range (expected {span})")
    return float(value)


def _json(value: Any) -> Any:
    """A nested value, given as itself or (CSV, or by hand) as JSON text."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except (ValueError, RecursionError) as e:
            raise _Bad(f"not valid JSON ({str(e).splitlines()[0]})") from None
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _Bad(f"expected text, got {kind_of(value)} ({_show(value)})")
    return value


def _time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise _Bad(f"expected an ISO 8601 time as text, got {kind_of(value)}")
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise _Bad(f"not an ISO 8601 time ({_show(value)})") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)  # as the store reads a naive time
    return when.astimezone(timezone.utc)


def _scores(value: Any, field: str, problems: list[tuple[str, str]]) -> dict[str, float]:
    if not isinstance(value, Mapping):
        problems.append((field, f"expected a mapping of dimension to score, got "
                                f"{kind_of(value)}"))
        return {}
    out: dict[str, float] = {}
    for name, score in value.items():
        if name not in DIMENSIONS:
            label = str(name).encode("unicode_escape").decode("ascii")[:40]  # one line
            problems.append((f"{field}.{label}", "unknown dimension (expected one of "
                             + ", ".join(DIMENSIONS) + ")"))
            continue
        try:
            out[name] = _number(score, text=False, low=0, high=100)
        except _Bad as e:
            problems.append((f"{field}.{name}", str(e)))
    return out


def _scorecard(value: Any, problems: list[tuple[str, str]]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        problems.append(("scorecard", f"expected a mapping, got {kind_of(value)}"))
        return {}
    findings = value.get("findings", [])
    if not isinstance(findings, list):
        problems.append(("scorecard.findings", f"expected a list, got {kind_of(findings)}"))
    else:
        for i, f in enumerate(findings):
            if not isinstance(f, Mapping):
                problems.append((f"scorecard.findings[{i}]",
                                 f"expected a mapping, got {kind_of(f)}"))
    return dict(value)


def check_record(rec: Any, *, text: bool = False) -> tuple[Attempt | None, list[tuple[str, str]]]:
    """One record as an attempt, or None with its problems as ``(field, problem)``.

    ``text`` is for CSV, where every value is text: numbers may be written as text, an
    empty optional field means none, and an empty required one is missing.
    """
    if not isinstance(rec, Mapping):
        return None, [("", f"expected a record (a mapping of field to value), got "
                           f"{kind_of(rec)}")]
    problems: list[tuple[str, str]] = []
    if text and rec.get(None) is not None:  # csv.DictReader's key for surplus values
        problems.append(("", "more values than the header has columns"))

    def get(field: str, *, required: bool) -> Any:
        value = rec.get(field, _MISSING)
        if text and value in ("", None):  # an empty cell, or none at all on a short line
            value = None if not required else _MISSING
        if value is _MISSING:
            if required:
                problems.append((field, "missing"))
            return _MISSING
        if value is None and required:
            problems.append((field, "null (a value is required)"))
            return _MISSING
        return value

    def take(field: str, check: Any, *, required: bool = True, default: Any = None) -> Any:
        value = get(field, required=required)
        if value is _MISSING or value is None:
            return default
        try:
            return check(value)
        except _Bad as e:
            problems.append((field, str(e)))
            return default

    values: dict[str, Any] = {}
    for field in _TEXTS:
        values[field] = take(field, _text)
        if isinstance(values[field], str) and not values[field].strip():
            problems.append((field, "empty (a value is required)"))
    for field in _OPTIONAL_TEXTS:
        values[field] = take(field, _text, required=False) or None  # "" is none, as in CSV
    for field, choices in _CHOICES.items():
        def known(v: Any, choices: tuple[str, ...] = choices) -> str:
            v = _text(v)
            exact = next((c for c in choices if c.lower() == v.strip().lower()), None)
            if exact is None:
                raise _Bad(f"unknown value {_show(v)} (expected one of {', '.join(choices)})")
            return exact
        values[field] = take(field, known)
    values["created_at"] = take("created_at", _time)
    values["overall"] = take("overall", lambda v: _number(v, text=text, low=0, high=100))
    values["duration_seconds"] = take(
        "duration_seconds", lambda v: _number(v, text=text, low=0, high=None),
        required=False, default=0.0)
    for s in SECTIONS:
        values[s] = take(s, _text, required=False, default="")
    raw = take("dimensions", _json, default=_MISSING)
    if raw is None:  # JSON text that says null
        problems.append(("dimensions", "null (a value is required)"))
    values["dimensions"] = _scores(raw, "dimensions", problems) if raw is not None \
        and raw is not _MISSING else {}
    raw = take("scorecard", _json, default=_MISSING)
    if raw is None:
        problems.append(("scorecard", "null (a value is required)"))
    values["scorecard"] = _scorecard(raw, problems) if raw is not None \
        and raw is not _MISSING else {}
    extra = take("extra", _json, required=False, default={})
    if extra is None:  # JSON text that says null: no extra detail
        extra = {}
    if not isinstance(extra, Mapping):
        problems.append(("extra", f"expected a mapping, got {kind_of(extra)}"))
        extra = {}
    extra = dict(extra)
    if values["workshop"]:
        extra["workshop"] = values["workshop"]
    if problems:
        problems.sort(key=lambda p: _ORDER.get(p[0].split(".")[0].split("[")[0], -1))
        return None, problems
    del values["workshop"]
    return Attempt(**values, extra=extra), []


def check_records(records: Sequence[Any], *, text: bool = False
                  ) -> tuple[list[Attempt], list[Problem]]:
    """Every record checked: the attempts, and every problem as ``(record, field,
    problem)`` with records counted from 1 (an id used twice is a problem of the later
    record). Use the attempts only when there are no problems."""
    out: list[Attempt] = []
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for n, rec in enumerate(records, start=1):
        attempt, found = check_record(rec, text=text)
        problems += [(n, f, p) for f, p in found]
        ident = rec.get("id") if isinstance(rec, Mapping) else None
        if isinstance(ident, str) and ident.strip():
            if ident in first:
                problems.append((n, "id", f"{_show(ident)} is also the id of record "
                                          f"{first[ident]}"))
            else:
                first[ident] = n
        if attempt is not None:
            out.append(attempt)
    return out, problems
