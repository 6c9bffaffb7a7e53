"""Which existing store a path most likely meant, for the message when it holds none.

A mistyped ``--store`` must not open (and create) a new, empty store; it should say where
the real one is. ``nearest_store`` looks beside the path for SQLite files: in its folder
(or, when the last folder is mistyped, the one above it), one folder down and one up; only
in the nearest existing folder when more is missing. It weighs them by how near they are
and how alike their names; the default store is the fallback. The search is bounded: a
few hundred entries per folder, and only the first 16 bytes of a candidate are read.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["STORE_SUFFIXES", "is_sqlite_file", "nearest_store"]

#: The file name endings a store is looked for by.
STORE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
#: How many entries of one folder are looked at, and how many of its sub-folders.
_ENTRIES, _SUBFOLDERS = 500, 40
#: How alike two names must be (difflib's ratio) for a store to count as "the one meant".
_ALIKE = 0.6


def is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` is a file that starts with SQLite's header (read without opening it
    as a database)."""
    try:
        with path.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _entries(folder: Path) -> Iterator[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            for i, entry in enumerate(it):
                if i >= _ENTRIES:
                    return
                yield entry
    except OSError:
        return


def _stores_in(folder: Path) -> list[Path]:
    return [Path(e.path) for e in _entries(folder)
            if e.name.lower().endswith(STORE_SUFFIXES) and is_sqlite_file(Path(e.path))]


def _existing_folder(path: Path) -> Path:
    folder = path.parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


def nearest_store(path: Path, default: Path | None = None) -> Path | None:
    """The existing store ``path`` most likely meant: a SQLite file near it whose name is
    alike, else ``default`` when that exists, else the closest store nearby (its folder
    first, then one folder down, then one up); None when there is none."""
    path = path.expanduser().absolute()
    folder = _existing_folder(path)
    found = dict.fromkeys(_stores_in(folder), 0.2)  # how near each is: the folder itself
    if folder in (path.parent, path.parent.parent):  # at most the last folder mistyped
        subfolders = [Path(e.path) for e in _entries(folder)
                      if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)]
        for sub in sorted(subfolders)[:_SUBFOLDERS]:
            for p in _stores_in(sub):
                found.setdefault(p, 0.1)
        if folder.parent != folder:
            for p in _stores_in(folder.parent):
                found.setdefault(p, 0.0)
    found.pop(path, None)

    def alike(p: Path) -> float:
        return difflib.SequenceMatcher(None, path.stem.lower(), p.stem.lower()).ratio()

    ranked = sorted(found, key=lambda p: (alike(p) + found[p], str(p)), reverse=True)
    if ranked and alike(ranked[0]) >= _ALIKE:
        return ranked[0]
    if default is not None and default.expanduser().absolute() != path \
            and is_sqlite_file(default):
        return default
    return ranked[0] if ranked else None
