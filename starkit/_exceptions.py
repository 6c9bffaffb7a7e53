"""Every error starkit raises on purpose.

The tree::

    StarkitError                      anything starkit raises on purpose
    ├── DataFileError (ValueError)    one problem in one data file: path, line, key path
    │   └── DataErrors                several problems, in one file or many (``.errors``)
    ├── UnknownNameError (KeyError)   no scenario / principle / level by that name
    ├── HistoryError                  the rehearsal history store cannot be used
    │   └── StoreVersionError         the store was written by a newer starkit
    └── ModelMissingError             spaCy's English pipeline is not installed

Catch ``StarkitError`` to handle them all; catch ``DataFileError`` to handle a bad data
file whether it has one problem or many.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = [
    "DataErrors",
    "DataFileError",
    "HistoryError",
    "ModelMissingError",
    "StarkitError",
    "StoreVersionError",
    "UnknownNameError",
]


class StarkitError(Exception):
    """Root of every error starkit raises on purpose."""


def display_path(path: Path | str) -> str:
    """The path as a user typed it: relative to the working directory when below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


class DataFileError(StarkitError, ValueError):
    """One problem at one place in a data file.

    Reads ``data/scenarios/x.yaml:14: sections.result.target_seconds: expected a
    positive integer, got 'ten'``.
    """

    def __init__(self, path: Path | str, line: int | None, key_path: str, problem: str) -> None:
        self.path = Path(path)
        #: 1-based line number, or None when the problem has no line (an unreadable file).
        self.line = line
        #: Dotted key path inside the file (``follow_ups[2].weak.answer``); "" for the file.
        self.key_path = key_path
        #: What is wrong and what was expected, without the location.
        self.problem = problem
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The whole message, ``path:line: key.path: problem``, leaving out what is unknown."""
        where = display_path(self.path)
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.key_path:
            parts.append(self.key_path)
        parts.append(self.problem)
        return ": ".join(parts)

    @property
    def errors(self) -> Sequence[DataFileError]:
        """Every problem this error stands for (just itself here)."""
        return (self,)

    def __str__(self) -> str:
        return self.message


class DataErrors(DataFileError):  # noqa: N818 - a plural of DataFileError
    """Several data-file problems at once; ``.errors`` lists them in file and line order.

    Its own ``path``, ``line`` and ``key_path`` are those of the first problem, so code
    that handles a single ``DataFileError`` still works.
    """

    def __init__(self, errors: Iterable[DataFileError]) -> None:
        flat: list[DataFileError] = []
        for e in errors:
            flat.extend(e.errors)
        if not flat:
            raise ValueError("DataErrors needs at least one error")
        self._errors = tuple(flat)
        first = flat[0]
        super().__init__(first.path, first.line, first.key_path, first.problem)

    @property
    def errors(self) -> Sequence[DataFileError]:
        """Every problem it stands for, nested ``DataErrors`` unpacked."""
        return self._errors

    def __str__(self) -> str:
        n = len(self._errors)
        head = f"{n} problem{'s' if n != 1 else ''} in the data files:"
        return "\n".join([head, *(f"  {e.message}" for e in self._errors)])


def raise_if_any(errors: Sequence[DataFileError]) -> None:
    """Raise the single error, or a DataErrors for several; nothing for none."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise DataErrors(errors)


class UnknownNameError(StarkitError, KeyError):
    """No scenario, principle or level goes by the name asked for."""

    def __init__(self, kind: str, name: str, suggestion: str | None = None) -> None:
        self.kind = kind
        self.name = name
        self.suggestion = suggestion
        msg = f"unknown {kind} {name!r}"
        if suggestion:
            msg += f" (did you mean {suggestion!r}?)"
        super().__init__(msg)

    def __str__(self) -> str:
        return str(self.args[0])


class HistoryError(StarkitError):
    """The rehearsal history store cannot be opened or used."""


class StoreVersionError(HistoryError):
    """The store was written by a newer starkit than this one."""


class ModelMissingError(StarkitError):
    """The scorer needs spaCy's English pipeline (en_core_web_sm 3.8) and it is not installed."""
