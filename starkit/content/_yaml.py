"""Read a YAML data file into plain Python data, keeping where every key stands.

Only ``yaml.SafeLoader`` is used. Problems come back as ``DataFileError`` with the
file, the 1-based line and the key path, in words a person can act on.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from starkit._exceptions import DataFileError

Loc = tuple[str | int, ...]

#: The largest file starkit reads (data files and answers): a long answer is 100 KB.
MAX_BYTES = 2_000_000
#: The deepest nesting a YAML file may have (starkit's own files need six levels).
MAX_DEPTH = 32


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice in one mapping, aliases (``*name``, which
    can make a few bytes expand without limit) and nesting deeper than ``MAX_DEPTH``."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "an alias (*name) is not allowed; write the value out", mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {MAX_DEPTH} levels",
                    self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

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


def read_text(path: Path, *, stream: BinaryIO | None = None) -> str:
    """A text file's contents, refusing what is not one: a missing path, a folder, a device
    or a pipe, more than ``MAX_BYTES``, binary data or text that is not UTF-8.

    With ``stream`` (standard input for ``-``), read from it instead; ``path`` names it.
    """
    if stream is None:
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise DataFileError(path, None, "", "no such file; check the path") from None
        except OSError as e:
            raise DataFileError(path, None, "", f"cannot read the file: {e.strerror}") from None
        if stat.S_ISDIR(mode):
            raise DataFileError(path, None, "", "a folder, not a file; give the path of a file")
        if not stat.S_ISREG(mode):
            raise DataFileError(path, None, "", "not a regular file (a device or a pipe); "
                                "give the path of a text file")
        try:
            with path.open("rb") as f:
                raw = f.read(MAX_BYTES + 1)
        except OSError as e:
            raise DataFileError(path, None, "", f"cannot read the file: {e.strerror}") from None
    else:
        raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise DataFileError(path, None, "", f"larger than {MAX_BYTES // 1_000_000} MB; "
                            "starkit reads answers and data files up to that size")
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        raise DataFileError(path, line, "", "binary data (a NUL byte), not text")
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
    return text[1:] if text.startswith("\ufeff") else text


def read_yaml(path: Path, what: str, *, text: str | None = None) -> YamlDoc:
    """Parse ``path`` (or ``text`` read from it already); ``what`` names the expected content
    for the empty-file message."""
    if text is None:
        text = read_text(path)
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
    if problem.startswith(("duplicate key", "an alias", "nested deeper")):
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
