"""The layout's rules (docs/architecture.md), checked on the code itself: no import cycles
between the project's modules, and the pure rules import no framework."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "core", "indicators", "outcomes", "scrutiny", "strategies")
PURE = ("indicators.rag", "indicators.periods", "indicators.forecast", "indicators.figures")
FRAMEWORKS = ("django", "rest_framework", "celery", "drf_spectacular", "django_filters")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports, at the top or inside a function, relative ones resolved;
    `from pkg import mod` counts as importing pkg.mod when that is a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                out.add(candidate if candidate in MODULES else base)
    return out


GRAPH = {
    name: {m for m in _imports(name, path) if m in MODULES and m != name}
    for name, path in MODULES.items()
}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def test_the_walk_finds_the_apps_and_their_imports():
    assert {
        "indicators.returns.services",
        "outcomes.board.packs",
        "scrutiny.services.chasing",
        "indicators.rag",
    } <= MODULES.keys()
    assert "outcomes.board.packs" in GRAPH["outcomes.board.tasks"]
    assert "indicators.periods" in GRAPH["indicators.models"]


def test_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_between_the_projects_modules():
    assert _cycles(GRAPH) == []


def test_pure_rules_import_no_framework():
    for name in PURE:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            external = _imports(current, MODULES[current]) - MODULES.keys()
            offenders = {m for m in external if m.split(".")[0] in FRAMEWORKS}
            assert not offenders, f"{name} reaches {offenders} through {current}"
            todo.extend(GRAPH[current])
