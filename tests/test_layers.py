"""The folders are the layers, and imports point one way.

From the bottom: the shared words and HTML (``vocabulary``, ``html``, the errors, which may
use each other), then
``content``, ``scoring``, then ``practice`` and ``history`` side by side (neither imports the
other), ``insights``, ``widgets`` and ``cli``. A module may import its own layer and the
layers below it at run time; imports for type checking only (``if TYPE_CHECKING:``) are free.
No module imports the package root, no cycle exists, and no import hides inside a function
except the deliberate lazy ones (matplotlib, spaCy, pandas), each saying so in a comment.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "starkit"

#: Layer of each top-level part of the package, bottom first.
RANK = {
    "_exceptions": 0, "_version": 0, "_files": 0, "vocabulary": 0, "html": 0,
    "content": 1,
    "scoring": 2,
    "practice": 3, "history": 3,
    "insights": 4,
    "widgets": 5,
    "cli": 6, "serve": 6, "hub": 6,
}


def _module(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module(p): p for p in sorted(PKG.rglob("*.py"))}


def _part(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_imports(tree: ast.Module) -> list[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import that runs, with whether it sits inside a function."""
    out: list[tuple[ast.Import | ast.ImportFrom, bool]] = []

    def walk(nodes: list[ast.stmt], in_function: bool) -> None:
        for node in nodes:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                out.append((node, in_function))
            elif isinstance(node, ast.If) and _is_type_checking(node):
                walk(node.orelse, in_function)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                walk(node.body, True)
            else:
                for field in ("body", "orelse", "finalbody", "handlers"):
                    walk([n for n in getattr(node, field, []) if isinstance(n, ast.stmt)]
                         + [h for h in getattr(node, field, [])
                            if isinstance(h, ast.ExceptHandler)], in_function)
                if isinstance(node, ast.ExceptHandler):
                    walk(node.body, in_function)

    walk(tree.body, False)
    return out


def _targets(node: ast.Import | ast.ImportFrom) -> set[str]:
    """The starkit modules an import loads ("from starkit.scoring import nlp" loads nlp)."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name.split(".")[0] == "starkit"}
    if not node.module or node.module.split(".")[0] != "starkit":
        return set()
    subs = {f"{node.module}.{a.name}" for a in node.names} & set(MODULES)
    return subs or {node.module}


def _graph(top_level_only: bool) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = {t for node, inside in _runtime_imports(tree)
                       if not (top_level_only and inside) for t in _targets(node)}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every module that can reach itself, with one path that does (package __init__s
    importing their own submodules are not cycles: Python loads the package first)."""
    found = []
    for start in graph:
        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, path = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start and not all(p == start or p.startswith(start + ".")
                                            for p in path[1:]):
                    found.append([*path, nxt])
                    stack.clear()
                    break
                if nxt not in seen and nxt in graph:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    return found


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {_part(m) for m in MODULES if m != "starkit"}
    assert parts <= set(RANK), sorted(parts - set(RANK))


def test_imports_point_down_and_side_layers_stay_apart() -> None:
    bad = []
    for name, targets in _graph(top_level_only=False).items():
        if name == "starkit":
            continue
        for t in targets:
            if t == "starkit":
                bad.append(f"{name} imports the package root")
            elif _part(t) != _part(name) and (
                RANK[_part(t)] > RANK[_part(name)]
                or RANK[_part(t)] == RANK[_part(name)] > 0  # practice and history apart
            ):
                bad.append(f"{name} ({RANK[_part(name)]}) imports {t} ({RANK[_part(t)]})")
    assert not bad, "\n".join(sorted(bad))


def test_the_package_root_stays_below_the_views() -> None:
    # ``import starkit`` is light: it may re-export up to history, never insights or views.
    targets = _graph(top_level_only=False)["starkit"]
    assert all(RANK[_part(t)] <= 3 for t in targets), sorted(targets)


def test_no_import_cycle() -> None:
    assert _cycles(_graph(top_level_only=False)) == []


def test_no_import_hides_in_a_function_unless_it_says_why() -> None:
    hidden = []
    for name, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node, inside in _runtime_imports(ast.parse("\n".join(lines))):
            if not inside:
                continue
            near = " ".join(lines[max(0, node.lineno - 4):node.lineno]).lower()
            if "lazy" not in near:
                hidden.append(f"{name}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    assert not hidden, "\n".join(hidden)


@pytest.mark.parametrize(("edges", "name"), [
    # The four cycles the flat package had, each dodged by an import inside a function.
    ({"starkit.content.models": {"starkit.html.content"},
      "starkit.html.content": {"starkit.content.models"}}, "models <-> render"),
    ({"starkit.content.loader": {"starkit.scoring.rubric"},
      "starkit.scoring.rubric": {"starkit.content.loader"}}, "loader <-> scoring.rubric"),
    ({"starkit.scoring.scorecard": {"starkit.html.scorecard"},
      "starkit.html.scorecard": {"starkit.scoring.scorecard"}}, "scorecard <-> scorecard html"),
    ({"starkit": {"starkit.history.attempts"}, "starkit.history.attempts": {"starkit"}},
     "root <-> attempts"),
])
def test_the_cycle_check_catches_the_old_cycles(edges: dict[str, set[str]], name: str) -> None:
    assert _cycles(edges), name
