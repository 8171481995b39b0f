"""The package's shape: dependencies point one way, modules stay small, the README names what exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "assistant"
MAX_LINES = 300


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_modules(path: Path, known: set[str], name: str | None = None) -> set[str]:
    """Every module of the package that `path` imports, at any depth, except under TYPE_CHECKING."""
    name = name or module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking_only(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".")
                if path.name != "__init__.py":
                    package = package[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {module for module in found if module in known and module != name}


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    known = set(paths)
    graph = {}
    for name, path in paths.items():
        # Importing a submodule imports its package first; a package's __init__ is not a dependency
        # of the modules in it, so packages count only through what their __init__ imports.
        graph[name] = imported_modules(path, known, name)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := walk(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := walk(node)):
            return cycle
    return None


def test_there_are_no_import_cycles_in_the_package() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_sees_imports_inside_functions(tmp_path: Path) -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from assistant.web.app import WebApp\n"
        "def f():\n    from assistant.cli import main\n",
        encoding="utf-8",
    )
    known = {"assistant.cli", "assistant.web.app"}
    assert imported_modules(source, known, "assistant.m") == {"assistant.cli"}


LAYERS = ["assistant.text", "assistant.index", "assistant.answer", "assistant.evaluation", "assistant.web"]


def test_stages_depend_only_on_earlier_stages() -> None:
    def layer(name: str) -> int | None:
        return next((i for i, prefix in enumerate(LAYERS) if name.startswith(prefix + ".")), None)

    wrong = []
    for name, deps in import_graph().items():
        own = layer(name)
        for dep in deps:
            theirs = layer(dep)
            if own is not None and theirs is not None and theirs > own:
                wrong.append(f"{name} -> {dep}")
            if own is not None and dep == "assistant.cli":
                wrong.append(f"{name} -> {dep}")
    assert not wrong, wrong


def test_no_module_is_over_300_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long


def test_the_readme_pipeline_diagram_names_packages_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    diagram = re.search(r"```mermaid\n(.*?)```", readme, re.S)
    assert diagram, "the README has no Mermaid diagram"
    named = set(re.findall(r"assistant\.([a-z_]+(?:\.[a-z_]+)*)", diagram.group(1)))
    assert {"text", "index", "answer", "evaluation", "web"} <= {n.split(".")[0] for n in named}
    for name in named:
        path = PACKAGE.joinpath(*name.split("."))
        assert path.is_dir() or path.with_suffix(".py").is_file(), f"assistant.{name} does not exist"


def test_the_readme_has_each_section_once_and_links_the_contracts() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    headings = re.findall(r"^#{1,3} (.+)$", readme, re.M)
    assert len(headings) == len(set(headings)), [h for h in headings if headings.count(h) > 1]
    assert "docs/contracts.md" in readme and (ROOT / "docs" / "contracts.md").is_file()
    assert "../shared" not in readme
