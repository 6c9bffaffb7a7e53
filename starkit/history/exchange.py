"""Attempts to and from a ``.csv`` or ``.json`` file (``History.export`` and ``import_``).

A JSON export is ``{"starkit_history": 1, "attempts": [...]}`` with one plain record per
attempt; a CSV export has the same fields as columns, nested values as JSON text. Files are
written beside the target and renamed into place, so a reader never sees half of one.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starkit._exceptions import HistoryError
from starkit.content.models import SECTIONS
from starkit.history.attempts import Attempt
from starkit.history.tables import SCALARS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EXPORT_FIELDS", "Progress", "export_kind", "read_export", "write_export"]

#: Called as ``progress(done, total)`` during a long export or import.
Progress = Callable[[int, int], None]

#: The fields of each exported attempt, in column order.
EXPORT_FIELDS = (*SCALARS, *SECTIONS, "dimensions", "scorecard", "extra")

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
    ``details`` (id -> dimensions, scorecard, extra) to ``path``; return how many."""
    kind = export_kind(path)
    records = []
    for i, row in enumerate(df.to_dict("records")):
        records.append(_export_record({str(k): v for k, v in row.items()}, details[row["id"]]))
        if progress and (i % 5000 == 0):
            progress(i, len(df))
    tmp = path.with_name(path.name + ".part")
    if kind == "json":
        tmp.write_text(json.dumps({"starkit_history": 1, "attempts": records},
                                  ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        with tmp.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(EXPORT_FIELDS))
            w.writeheader()
            for rec in records:
                w.writerow({k: (json.dumps(v) if isinstance(v, (dict, list)) else v)
                            for k, v in rec.items()})
    tmp.replace(path)
    if progress:
        progress(len(df), len(df))
    return len(records)


def read_export(path: Path) -> list[Attempt]:
    """The attempts in a file ``write_export`` wrote; a bad file or record is refused with
    its line (CSV) or position (JSON)."""
    kind = export_kind(path)
    try:
        if kind == "json":
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or "attempts" not in data:
                raise HistoryError(f"{path}: not a starkit history export (no 'attempts')")
            records = data["attempts"]
        else:
            with path.open(newline="", encoding="utf-8") as f:
                records = list(csv.DictReader(f))
    except (OSError, ValueError, csv.Error) as e:
        raise HistoryError(f"{path}: cannot read the export: {e}") from None
    out = []
    for n, rec in enumerate(records, start=2 if kind == "csv" else 1):
        try:
            out.append(_from_export(rec))
        except (KeyError, ValueError, TypeError) as e:
            where = f"line {n}" if kind == "csv" else f"attempt {n}"
            raise HistoryError(f"{path}: {where}: not a valid attempt ({e})") from None
    return out


def _export_record(row: dict[str, Any], details: tuple[str, str, str]) -> dict[str, Any]:
    rec = {k: row.get(k) for k in SCALARS}
    rec["created_at"] = row["created_at"].isoformat()
    for k, v in rec.items():
        if isinstance(v, float) and v != v:  # NaN from pandas -> empty
            rec[k] = None
    for s in SECTIONS:
        rec[s] = row[f"{s}_text"]
    rec["dimensions"] = json.loads(details[0])
    rec["scorecard"] = json.loads(details[1])
    rec["extra"] = json.loads(details[2])
    return rec


def _from_export(rec: dict[str, Any]) -> Attempt:
    def obj(v: Any) -> Any:
        return json.loads(v) if isinstance(v, str) else v

    def opt(v: Any) -> Any:
        return None if v in ("", None) else v

    extra = obj(rec.get("extra") or "{}")
    if opt(rec.get("workshop")):
        extra = {**extra, "workshop": rec["workshop"]}
    return Attempt(
        id=str(rec["id"]), candidate=str(rec["candidate"]),
        created_at=datetime.fromisoformat(str(rec["created_at"])).astimezone(timezone.utc),
        scenario_id=opt(rec.get("scenario_id")), story_id=opt(rec.get("story_id")),
        principle=opt(rec.get("principle")), level=str(rec["level"]), mode=str(rec["mode"]),
        **{s: str(rec.get(s) or "") for s in SECTIONS},
        overall=float(rec["overall"]), verdict=str(rec["verdict"]),
        dimensions={k: float(v) for k, v in obj(rec["dimensions"]).items()},
        scorecard=obj(rec["scorecard"]),
        duration_seconds=float(rec.get("duration_seconds") or 0),
        starkit_version=str(rec["starkit_version"]), rubric=str(rec["rubric"]), extra=extra,
    )
