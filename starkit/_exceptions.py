"""Every error starkit raises on purpose.

The tree::

    StarkitError                      anything starkit raises on purpose
    ├── DataFileError (ValueError)    one problem in one data file: path, line, key path
    │   └── DataErrors                several problems, in one file or many (``.errors``)
    ├── UnknownNameError (KeyError)   no scenario / principle / level by that name
    ├── HistoryError                  the rehearsal history store cannot be used
    │   ├── StoreVersionError         the store was written by a newer starkit
    │   ├── StoreNotFoundError        no store at the path given to read (nothing created)
    │   ├── StoreCorruptError         the store failed its integrity check
    │   └── ImportRecordsError        an import file's records have problems (``.problems``)
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
    "ImportRecordsError",
    "ModelMissingError",
    "StarkitError",
    "StoreCorruptError",
    "StoreNotFoundError",
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


class StoreNotFoundError(HistoryError):
    """A store opened to read (``History.open(..., create=False)``) does not exist; nothing
    was created. ``nearest`` is the existing store the path most likely meant, if any."""

    def __init__(self, where: str, nearest: Path | None = None, *, hint: str = "") -> None:
        """``where`` holds no store; ``nearest`` is named when known, else ``hint`` (what
        to do), else "check the path"."""
        #: The path or database that holds no store.
        self.where = where
        #: The nearest existing store, when one was found.
        self.nearest = nearest
        if nearest is not None:
            tail = f"the nearest store is {nearest}"
        else:
            tail = hint or "no store was found nearby; check the path"
        super().__init__(f"{where}: no starkit history store there (nothing was created); "
                         f"{tail}")


class StoreCorruptError(HistoryError):
    """The store failed SQLite's integrity check; nothing was written to it."""


class ImportRecordsError(HistoryError):
    """The records of an import file have problems; nothing was imported.

    ``problems`` holds every one as ``(record, field, problem)``: ``record`` counts from 1
    (0 for the file as a whole), ``field`` is a dotted name ("dimensions.ownership", "" for
    the whole record). The message lists the first ``LISTED`` and says how many more.
    """

    #: How many problems the message lists before "and N more".
    LISTED = 20

    def __init__(self, path: Path | str, problems: Sequence[tuple[int, str, str]], *,
                 records: int = 0, lines: Sequence[int] = ()) -> None:
        """``problems`` in ``path``, a file of ``records`` records (``lines``: where each
        CSV record starts)."""
        if not problems:
            raise ValueError("ImportRecordsError needs at least one problem")
        self.path = Path(path)
        #: Every problem, in record order: (record number from 1, field, what is wrong).
        self.problems = tuple(problems)
        #: How many records the file holds.
        self.records = records
        #: For a CSV file, the line each record starts on (record n at ``lines[n - 1]``).
        self.lines = tuple(lines)
        super().__init__(self.message)

    def where(self, record: int) -> str:
        """How the message names a record: "record 3", "record 3 (line 9)" or "the file"."""
        if record <= 0:
            return "the file"
        if record <= len(self.lines):
            return f"record {record} (line {self.lines[record - 1]})"
        return f"record {record}"

    @property
    def message(self) -> str:
        """One line: the file, how many problems in how many records, then each problem."""
        n = len(self.problems)
        head = f"{self.path}: nothing was imported: "
        bad = len({r for r, _, _ in self.problems if r > 0})
        if not bad and n == 1:  # the file as a whole: no header, "attempts" not a list
            _, field, problem = self.problems[0]
            return head + ": ".join(x for x in (field, problem) if x)
        head += f"{n:,} problem{'s' if n != 1 else ''}"
        if bad:
            head += f" in {bad:,} of {self.records:,} record{'s' if self.records != 1 else ''}"
        items = [": ".join(x for x in (self.where(r), f, p) if x)
                 for r, f, p in self.problems[:self.LISTED]]
        more = f"; and {n - self.LISTED:,} more" if n > self.LISTED else ""
        fix = "fix it" if n == 1 else "fix them"
        return f"{head}: " + "; ".join(items) + more + f"; {fix} and import again"

    def __str__(self) -> str:
        return self.message


class ModelMissingError(StarkitError):
    """The scorer needs spaCy's English pipeline (en_core_web_sm 3.8) and it is not installed."""
