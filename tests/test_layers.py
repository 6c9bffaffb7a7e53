"""The package's layers point one way: content never imports scoring, the pure layer never
imports a view, and no module imports itself back through another."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "starkit"

#: Content: the typed model of data/ and the code that reads it.
CONTENT = {"starkit.content.models", "starkit.content.rubric", "starkit.content.loader", "starkit.content.schema",
           "starkit.content._yaml", "starkit._exceptions", "starkit.html.content"}


def _module(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("starkit"):
            # "from starkit.scoring import nlp" imports the module starkit.scoring.nlp
            subs = {f"{node.module}.{a.name}" for a in node.names}
            out.update(s for s in subs if s in MODULES)
            if not subs & set(MODULES):
                out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("starkit"))
    return out


MODULES = {_module(p): p for p in PKG.rglob("*.py")}


def test_content_never_imports_scoring_or_views() -> None:
    for name in sorted(CONTENT):
        bad = {m for m in _imports(MODULES[name], top_level_only=False)
               if m.startswith(("starkit.scoring", "starkit.widgets", "starkit.history.store"))}
        assert not bad, f"{name} imports {sorted(bad)}"


def test_scoring_imports_no_view_and_no_store() -> None:
    for name, path in MODULES.items():
        if name.startswith("starkit.scoring"):
            bad = {m for m in _imports(path, top_level_only=False)
                   if m.startswith(("starkit.widgets", "starkit.history.store", "starkit.insights.charts"))}
            assert not bad, f"{name} imports {sorted(bad)}"


def test_no_module_level_import_cycle_in_content_and_scoring() -> None:
    graph = {n: {m for m in _imports(p, top_level_only=True) if m in MODULES}
             for n, p in MODULES.items()
             if n in CONTENT or n.startswith("starkit.scoring")}

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(graph.get(start, ()))
        while todo:
            m = todo.pop()
            if m not in seen:
                seen.add(m)
                todo.extend(graph.get(m, ()))
        return seen

    for n in graph:
        assert n not in reach(n), f"{n} imports itself through {sorted(reach(n) & set(graph))}"
