"""The only code that reads ``data/``: scenarios, principles and the library they make."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from starkit._exceptions import DataFileError, UnknownNameError, display_path, raise_if_any
from starkit.content._yaml import Loc, YamlDoc, describe, key_path, read_text, read_yaml
from starkit.content.models import (
    PRINCIPLE_NAMES,
    SCHEMA_VERSION,
    Principle,
    PrincipleFile,
    Scenario,
    closest_principle,
    resolve_principle,
)
from starkit.content.rubric import Rubric
from starkit.html import content as _html

__all__ = [
    "FILE_CHECKS", "Library", "check_paths", "check_rubric", "data_root", "load_library",
    "load_principles", "load_rubric", "load_scenario", "read_text", "read_yaml",
]

M = TypeVar("M", bound=BaseModel)


def data_root() -> Path:
    """Where the shipped data lives: inside the wheel, or ``data/`` of a source checkout."""
    packaged = Path(str(resources.files("starkit"))) / "_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


# --- one file ---------------------------------------------------------------------------


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that sits at ``loc`` inside ``model`` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        f = current.model_fields.get(part)
        if f is None:
            return None
        current = _unwrap(f.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is None:
            return tp
        args = [a for a in get_args(tp) if a is not type(None)]
        if not args:
            return tp
        tp = args[0] if origin is not dict else args[-1]


def _problem(model: type[BaseModel], err: Any) -> tuple[Loc, str]:
    """A pydantic error as (where, what) in starkit's words."""
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    if kind == "missing":
        return loc[:-1], f"missing required key {loc[-1]!r}"
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        valid = list(parent.model_fields) if parent else []
        close = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        if not close and valid:
            hint = f"; expected one of: {', '.join(valid)}"
        return loc, f"unknown key {loc[-1]!r}{hint}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return loc, f"expected a mapping of keys, got {describe(err['input'])}"
    if kind == "list_type":
        return loc, f"expected a list, got {describe(err['input'])}"
    if kind == "too_short":
        n = err["ctx"]["min_length"]
        return loc, f"expected at least {n} item{'s' if n != 1 else ''}, got {len(err['input'])}"
    if kind == "too_long":
        n = err["ctx"]["max_length"]
        return loc, f"expected at most {n} items, got {len(err['input'])}"
    if kind == "literal_error":
        return loc, f"expected one of {err['ctx']['expected']}, got {describe(err['input'])}"
    if kind == "string_pattern_mismatch":
        return loc, (
            f"expected a kebab-case name (lowercase letters, digits and '-'), "
            f"got {describe(err['input'])}"
        )
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return loc, f"expected an integer, got {describe(err['input'])}"
    if kind in ("float_parsing", "float_type"):
        return loc, f"expected a number, got {describe(err['input'])}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(err["ctx"].values()))
        word = {"greater_than": "above", "greater_than_equal": "at least",
                "less_than": "below", "less_than_equal": "at most"}[kind]
        return loc, f"expected a value {word} {bound}, got {describe(err['input'])}"
    if kind.startswith(("int_", "string_", "bool_", "float_")):
        return loc, f"{err['msg'][0].lower()}{err['msg'][1:]}, got {describe(err['input'])}"
    return loc, str(err["msg"])


def validate_doc(doc: YamlDoc, model: type[M], what: str) -> tuple[M | None, list[DataFileError]]:
    """Check ``schema_version``, then validate ``doc`` as ``model``: the model, or every problem.

    ``what`` names the expected top level, for the message when ``doc`` is not a mapping.
    """
    path, data = doc.path, doc.data
    if not isinstance(data, dict):
        return None, [
            DataFileError(path, doc.line_of(()), "", f"expected {what}, got {describe(data)}")
        ]
    version = data.get("schema_version")
    if "schema_version" not in data:
        return None, [DataFileError(path, 1, "", "missing required key 'schema_version'")]
    if isinstance(version, bool) or not isinstance(version, int):
        line = doc.line_of(("schema_version",))
        return None, [
            DataFileError(
                path, line, "schema_version", f"expected an integer, got {describe(version)}"
            )
        ]
    if version > SCHEMA_VERSION:
        return None, [
            DataFileError(
                path,
                doc.line_of(("schema_version",)),
                "schema_version",
                f"the file is schema version {version}, newer than this starkit reads "
                f"({SCHEMA_VERSION}); upgrade starkit",
            )
        ]
    if version < 1:
        return None, [
            DataFileError(
                path,
                doc.line_of(("schema_version",)),
                "schema_version",
                f"expected a version from 1 to {SCHEMA_VERSION}, got {version}",
            )
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as e:
        errors = []
        for err in e.errors(include_url=False):
            loc, problem = _problem(model, err)
            errors.append(DataFileError(path, doc.line_of(loc), key_path(loc), problem))
        errors.sort(key=lambda x: (x.line or 0, x.key_path))
        return None, errors


def _read_scenario(path: Path) -> tuple[Scenario | None, YamlDoc | None, list[DataFileError]]:
    try:
        doc = read_yaml(path, "a scenario: a mapping with schema_version, id, title, ...")
    except DataFileError as e:
        return None, None, [e]
    scenario, errors = validate_doc(doc, Scenario, "a scenario: a mapping of keys")
    return scenario, doc, errors


def _read_principles(path: Path) -> tuple[PrincipleFile | None, list[DataFileError]]:
    try:
        doc = read_yaml(path, "a mapping with schema_version and principles")
    except DataFileError as e:
        return None, [e]
    return validate_doc(doc, PrincipleFile, "a mapping with schema_version and principles")


def load_scenario(path: str | Path) -> Scenario:
    """Read one scenario file; raise ``DataFileError`` naming every problem in it."""
    scenario, _, errors = _read_scenario(Path(path))
    raise_if_any(errors)
    assert scenario is not None
    return scenario


def load_principles(path: str | Path | None = None) -> tuple[Principle, ...]:
    """Read ``principles.yaml`` (the shipped one by default), in official order."""
    p = Path(path) if path is not None else data_root() / "principles.yaml"
    pf, errors = _read_principles(p)
    raise_if_any(errors)
    assert pf is not None
    order = {n: i for i, n in enumerate(PRINCIPLE_NAMES)}
    return tuple(sorted(pf.principles, key=lambda pr: order[pr.name]))


# --- the library ------------------------------------------------------------------------


@dataclass(frozen=True)
class Library:
    """Every scenario and the 16 principles, read from one data folder."""

    root: Path
    scenarios: tuple[Scenario, ...]
    principles: tuple[Principle, ...]
    _by_id: dict[str, Scenario] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {s.id: s for s in self.scenarios})

    def __len__(self) -> int:
        return len(self.scenarios)

    def __repr__(self) -> str:
        return (
            f"Library(root={str(self.root)!r}, {len(self.scenarios)} scenarios, "
            f"{len(self.principles)} principles)"
        )

    def __iter__(self) -> Iterator[Scenario]:
        return iter(self.scenarios)

    def __contains__(self, scenario_id: object) -> bool:
        return scenario_id in self._by_id

    def get(self, scenario_id: str) -> Scenario:
        """The scenario with this id; ``UnknownNameError`` with the closest id otherwise."""
        try:
            return self._by_id[scenario_id]
        except KeyError:
            close = difflib.get_close_matches(scenario_id, list(self._by_id), n=1, cutoff=0.4)
            raise UnknownNameError("scenario", scenario_id, close[0] if close else None) from None

    def principle(self, name: str) -> Principle:
        """A principle by official name, slug or case variant."""
        official = resolve_principle(name)
        if official is None:
            raise UnknownNameError("principle", name, closest_principle(name))
        return next(p for p in self.principles if p.name == official)

    def by_principle(self, name: str) -> tuple[Scenario, ...]:
        """The scenarios that teach this principle (name, slug or case variant)."""
        official = self.principle(name).name
        return tuple(s for s in self.scenarios if s.principle == official)

    def coverage(self) -> dict[str, tuple[Scenario, ...]]:
        """Every principle, in official order, with its scenarios (maybe none)."""
        return {p.name: self.by_principle(p.name) for p in self.principles}

    def _repr_html_(self) -> str:
        return _html.library_html(self)


def _scenario_files(root: Path) -> list[Path]:
    folder = root / "scenarios"
    return sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")) if folder.is_dir() else []


def _check_scenarios(files: Iterable[Path]) -> tuple[list[Scenario], list[DataFileError]]:
    scenarios: list[Scenario] = []
    errors: list[DataFileError] = []
    first_seen: dict[str, tuple[Path, int]] = {}
    for f in files:
        scenario, doc, errs = _read_scenario(f)
        errors.extend(errs)
        if scenario is None or doc is None:
            continue
        line = doc.line_of(("id",))
        if scenario.id in first_seen:
            other, other_line = first_seen[scenario.id]
            errors.append(
                DataFileError(
                    f,
                    line,
                    "id",
                    f"duplicate scenario id {scenario.id!r} "
                    f"(also in {display_path(other)}:{other_line})",
                )
            )
            continue
        first_seen[scenario.id] = (f, line)
        scenarios.append(scenario)
    return scenarios, errors


def load_library(path: str | Path | None = None) -> Library:
    """Read a data folder (``principles.yaml`` and ``scenarios/*.yaml``).

    With no path, the data that ships with starkit. Every bad file is reported at once in
    one ``DataErrors``; one bad file never hides another.
    """
    root = Path(path) if path is not None else data_root()
    if not root.is_dir():
        raise DataFileError(root, None, "", "not a folder; expected a starkit data folder")
    errors: list[DataFileError] = []
    principles_path = root / "principles.yaml"
    principles: tuple[Principle, ...] = ()
    if principles_path.is_file():
        pf, errs = _read_principles(principles_path)
        errors.extend(errs)
        if pf is not None:
            principles = load_principles(principles_path)
    else:
        errors.append(DataFileError(principles_path, None, "", "the file is missing"))
    scenarios, errs = _check_scenarios(_scenario_files(root))
    errors.extend(errs)
    raise_if_any(errors)
    return Library(root=root, scenarios=tuple(scenarios), principles=principles)


#: Checks for data files that layers above content own, by file name (scoring registers
#: ``combination.yaml``), so ``check_paths`` validates them without content importing them.
FILE_CHECKS: dict[str, Callable[[Path], list[DataFileError]]] = {}


def check_paths(paths: Sequence[str | Path]) -> tuple[int, list[DataFileError]]:
    """Validate files and folders; return (files checked, every problem found).

    A folder is checked as a data folder (its ``principles.yaml``, ``rubric.yaml`` and
    every scenario below it); a file by its name (``principles.yaml``, ``rubric.yaml``)
    or else as a scenario.
    Scenario ids must be unique across everything checked.
    """
    scenario_files: list[Path] = []
    errors: list[DataFileError] = []
    count = 0
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files = sorted(q for q in p.rglob("*.y*ml") if q.suffix in (".yaml", ".yml"))
        elif p.exists():
            files = [p]
        else:
            errors.append(DataFileError(p, None, "", "no such file or folder"))
            continue
        for f in files:
            count += 1
            if f.name == "principles.yaml":
                errors.extend(_read_principles(f)[1])
            elif f.name == "rubric.yaml":
                errors.extend(check_rubric(f))
            elif f.name in FILE_CHECKS:
                errors.extend(FILE_CHECKS[f.name](f))
            else:
                scenario_files.append(f)
    errors.extend(_check_scenarios(dict.fromkeys(scenario_files))[1])
    return count, errors


def check_rubric(path: Path) -> list[DataFileError]:
    """Every problem in a rubric file (empty when it is good)."""
    return _read_rubric(path)[1]


def _read_rubric(path: Path) -> tuple[Rubric | None, list[DataFileError]]:
    try:
        doc = read_yaml(path, "a rubric: a mapping with schema_version, weights, phrases, ...")
    except DataFileError as e:
        return None, [e]
    return validate_doc(doc, Rubric, "a rubric: a mapping of keys")


_rubric_cache: dict[Path, Rubric] = {}


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Read and validate a rubric (the shipped ``data/rubric.yaml`` by default)."""
    p = Path(path) if path is not None else data_root() / "rubric.yaml"
    if path is None and p in _rubric_cache:
        return _rubric_cache[p]
    rubric, errors = _read_rubric(p)
    raise_if_any(errors)
    assert rubric is not None
    if path is None:
        _rubric_cache[p] = rubric
    return rubric
