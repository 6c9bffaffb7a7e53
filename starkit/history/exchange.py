"""Attempts to and from a ``.csv`` or ``.json`` file (``History.export`` and ``import_``).

A JSON export is ``{"starkit_history": 1, "attempts": [...]}`` with one plain record per
attempt; a CSV export has the same fields as columns, nested values as JSON text. Files are
written to a temporary file beside the target (mode 0600) and renamed into place, so a
reader never sees half of one and a failed export leaves the old file as it was.

Reading checks every record before anything is written (``records.check_records``): a file
with any problem is refused whole, with every problem listed by record and field. Fields
of any size are read (a long answer makes a long scorecard).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starkit._exceptions import HistoryError, ImportRecordsError
from starkit._files import write_private
from starkit.content.models import SECTIONS
from starkit.history.attempts import Attempt
from starkit.history.records import REQUIRED, check_records, kind_of
from starkit.history.tables import SCALARS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EXPORT_FIELDS", "FIELD_LIMIT", "Progress", "export_kind", "read_export",
           "write_export"]

#: Called as ``progress(done, total)`` during a long export or import.
Progress = Callable[[int, int], None]

#: The fields of each exported attempt, in column order.
EXPORT_FIELDS = (*SCALARS, *SECTIONS, "dimensions", "scorecard", "extra")

#: The largest CSV field read back (the csv module's default is 131,072 characters).
FIELD_LIMIT = 2**31 - 1

Details = Mapping[str, tuple[str, str, str]]


def export_kind(path: Path) -> str:
    """"csv" or "json", from the file's suffix; anything else is refused."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise HistoryError(f"{path}: export and import take a .csv or .json file")
    return suffix[1:]


def write_export(path: Path, df: pd.DataFrame, details: Details, *,
                 progress: Progress | None = None) -> int:
    """Write the attempts in ``df`` (``History.attempts(texts=True)``) with their JSON
    ``details`` (id -> dimensions, scorecard, extra) to ``path``, atomically and readable
    by the owner only; return how many. Raises ``FileWriteError`` (the old file untouched)
    when the path cannot be written."""
    kind = export_kind(path)
    records = []
    for i, row in enumerate(df.to_dict("records")):
        records.append(_export_record({str(k): v for k, v in row.items()}, details[row["id"]]))
        if progress and (i % 5000 == 0):
            progress(i, len(df))
    if kind == "json":
        data = json.dumps({"starkit_history": 1, "attempts": records}, ensure_ascii=False,
                          indent=1)
    else:
        buffer = io.StringIO(newline="")
        w = csv.DictWriter(buffer, fieldnames=list(EXPORT_FIELDS))
        w.writeheader()
        for rec in records:
            w.writerow({k: (json.dumps(v) if isinstance(v, (dict, list)) else v)
                        for k, v in rec.items()})
        data = buffer.getvalue()
    write_private(path, data)
    if progress:
        progress(len(df), len(df))
    return len(records)


def read_export(path: Path) -> list[Attempt]:
    """The attempts in a file ``write_export`` wrote (or one edited by hand).

    Every record is checked first; any problem refuses the whole file with
    ``ImportRecordsError``, which lists each one by record (and CSV line) and field. A file
    that cannot be read at all raises ``HistoryError``.
    """
    kind = export_kind(path)
    lines: list[int] = []
    try:
        if kind == "json":
            records = _json_records(path)
        else:
            records, lines = _csv_records(path)
    except OSError as e:
        raise HistoryError(f"{path}: cannot read the export: {e.strerror or e}") from None
    except (ValueError, csv.Error) as e:
        raise HistoryError(f"{path}: cannot read the export: {e}") from None
    except RecursionError:
        raise HistoryError(f"{path}: cannot read the export: nested too deeply") from None
    attempts, problems = check_records(records, text=kind == "csv")
    if problems:
        raise ImportRecordsError(path, problems, records=len(records), lines=lines)
    return attempts


def _json_records(path: Path) -> list[Any]:
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    if not isinstance(data, dict) or "attempts" not in data:
        raise HistoryError(f"{path}: not a starkit history export (no 'attempts')")
    version = data.get("starkit_history", 1)
    if version != 1:
        raise ImportRecordsError(path, [(0, "starkit_history", f"unknown export format "
                                         f"{version!r}; this starkit reads format 1")])
    records = data["attempts"]
    if not isinstance(records, list):
        raise ImportRecordsError(path, [(0, "attempts", f"expected a list of attempt "
                                         f"records, got {kind_of(records)}")])
    return records


def _csv_records(path: Path) -> tuple[list[Any], list[int]]:
    limit = csv.field_size_limit()
    csv.field_size_limit(FIELD_LIMIT)
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames
            if not header:
                raise ImportRecordsError(path, [(0, "", "empty; expected a header line and "
                                                 "one line per attempt")])
            absent = [c for c in REQUIRED if c not in header]
            if absent:
                raise ImportRecordsError(path, [(0, "", "the header has no column "
                                                 + ", ".join(absent))])
            records: list[Any] = []
            lines: list[int] = []
            start = reader.line_num + 1
            for rec in reader:
                records.append(rec)
                lines.append(start)
                start = reader.line_num + 1
    finally:
        csv.field_size_limit(limit)
    return records, lines


def _stored(text: str) -> Any:
    """A JSON detail as stored; text that is not JSON is kept as it is (nothing lost)."""
    try:
        return json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return text


def _export_record(row: dict[str, Any], details: tuple[str, str, str]) -> dict[str, Any]:
    rec = {k: row.get(k) for k in SCALARS}
    rec["created_at"] = row["created_at"].isoformat()
    for k, v in rec.items():
        if isinstance(v, float) and v != v:  # NaN from pandas -> empty
            rec[k] = None
    for s in SECTIONS:
        rec[s] = row[f"{s}_text"]
    rec["dimensions"] = _stored(details[0])
    rec["scorecard"] = _stored(details[1])
    rec["extra"] = _stored(details[2])
    return rec
