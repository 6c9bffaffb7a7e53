"""Read a YAML data file into plain Python data, keeping where every key stands.

Only ``yaml.SafeLoader`` is used. Problems come back as ``DataFileError`` with the
file, the 1-based line and the key path, in words a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from starkit._exceptions import DataFileError

Loc = tuple[str | int, ...]


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice in one mapping."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = key_node.value
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"duplicate key {key!r} (first written on line {seen[key]})",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)  # type: ignore[arg-type]


@dataclass(frozen=True)
class YamlDoc:
    """A parsed file: its data and the node tree used to find lines."""

    path: Path
    data: Any
    node: yaml.Node | None

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest node along ``loc`` that exists (1-based)."""
        node = self.node
        if node is None:
            return 1
        line = node.start_mark.line + 1
        for part in loc:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == part:
                        line = k.start_mark.line + 1
                        child = v
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                child = node.value[part]
                line = child.start_mark.line + 1
            if child is None:
                break
            node = child
        return line


def key_path(loc: Loc) -> str:
    """``('follow_ups', 2, 'weak')`` -> ``follow_ups[2].weak``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def read_yaml(path: Path, what: str) -> YamlDoc:
    """Parse ``path``; ``what`` names the expected content for the empty-file message."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DataFileError(path, None, "", f"cannot read the file: {e.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise DataFileError(
            path,
            line,
            "",
            f"not UTF-8 text: byte 0x{raw[e.start]:02x} at column {col}; "
            "save the file with UTF-8 encoding",
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise DataFileError(path, 1, "", f"the file is empty; expected {what}")
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = mark.line + 1 if mark is not None else None
        raise DataFileError(path, where, "", _yaml_problem(e, text, where)) from None
    except yaml.YAMLError as e:  # pragma: no cover - every PyYAML parse error is marked
        raise DataFileError(path, None, "", f"invalid YAML: {e}") from None
    finally:
        loader.dispose()
    return YamlDoc(path, data, node)


def _yaml_problem(e: yaml.MarkedYAMLError, text: str, line: int | None) -> str:
    problem = (e.problem or "").strip()
    if "\\t" in problem or "\t" in problem or (
        line is not None and _line_has_tab_indent(text, line)
    ):
        return "a tab is used for indentation; YAML indents with spaces only"
    if problem.startswith("duplicate key"):
        return problem
    if "expected a single document" in (e.context or ""):
        return "more than one YAML document (a second '---'); keep one document per file"
    context = f" ({e.context})" if e.context else ""
    return f"invalid YAML: {problem}{context}"


def _line_has_tab_indent(text: str, line: int) -> bool:
    lines = text.splitlines()
    for ln in lines[max(0, line - 2) : line]:
        indent = ln[: len(ln) - len(ln.lstrip(" \t"))]
        if "\t" in indent:
            return True
    return False


def describe(value: Any) -> str:
    """How a wrong value is quoted back in a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return repr(short)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return str(value)
