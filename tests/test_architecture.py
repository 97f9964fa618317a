"""The layers of reportgen import only downward, and nothing imports in a circle.

core < spec < plan, tracking < document < word < importer, check < pipeline < cli, commands

The graph is read from the source (every `import`, at module level or inside a
function), so a deferred import cannot hide an upward arrow or a cycle.  Imports
inside functions are allowed only for heavy third-party libraries and in the
command-line layer, which imports the one command that runs.  See docs/kien-truc.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "reportgen"

# Rank of each top-level part; a module may import only lower ranks or its own part.
LAYERS = {
    "core": 0,
    "spec": 1,
    "plan": 2, "tracking": 2,
    "document": 3,
    "word": 4,
    "importer": 5, "check": 5,
    "pipeline": 6,
    "cli": 7, "commands": 7,
    "__main__": 8,
}
DEFERRED_OK_PARTS = {"cli", "commands", "__main__"}
# Heavy libraries a module may import inside the function that needs them (start-up time).
HEAVY = {"matplotlib", "openpyxl", "docxtpl", "docx", "jinja2", "PIL", "numpy", "ruamel", "diff_match_patch"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def part_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(path: Path):
    """(imported module, line, at module level?) for every import of a reportgen module or a library."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    type_checking = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_checking.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in type_checking:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            names = [node.module or ""]
            # `from reportgen.x import y` where y is a module of package x
            names += [f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in MODULES]
        else:
            continue
        for name in names:
            yield name, node.lineno, id(node) in top_level


def graph():
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for name, _, _ in imports_of(path):
            if name in MODULES and name != module and not module.startswith(name + "."):
                edges[module].add(name)
    return edges


def test_every_import_points_down_the_layers():
    upward = []
    for module, path in MODULES.items():
        mine = part_of(module)
        if mine == "__init__":
            continue
        for name, line, _ in imports_of(path):
            if name not in MODULES or part_of(name) in (mine, "__init__"):
                continue
            theirs = part_of(name)
            if LAYERS[theirs] >= LAYERS[mine]:
                upward.append(f"{path.relative_to(SRC)}:{line} {module} → {name}")
    assert upward == []


def test_no_import_cycles():
    edges = graph()
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == "open":
                cycles.append(" → ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    assert cycles == []


def test_imports_inside_functions_only_for_heavy_libraries_or_commands():
    deferred = []
    for module, path in MODULES.items():
        if part_of(module) in DEFERRED_OK_PARTS:
            continue
        for name, line, at_top in imports_of(path):
            if at_top or name.split(".")[0] in HEAVY:
                continue
            deferred.append(f"{path.relative_to(SRC)}:{line} {name}")
    assert deferred == []


@pytest.mark.parametrize("part", sorted({part_of(m) for m in MODULES} - {"__init__"}))
def test_every_part_has_a_layer(part):
    assert part in LAYERS
