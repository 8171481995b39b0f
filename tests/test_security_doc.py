"""SECURITY.md names the test behind each item of issue #9: every test it names exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# `tests/test_x.py::test_y`, `test_x.py` alone, or `::test_y` (in the file named last before it)
NAMED = re.compile(r"(?:tests/)?(test_[a-z0-9_]+\.py)(?:::(test_[a-z0-9_]+))?|::(test_[a-z0-9_]+)")


def named_tests(text: str) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    module = ""
    for m in NAMED.finditer(text):
        if m.group(1):
            module = m.group(1)
            found.append((module, m.group(2)))
        else:
            assert module, f"::{m.group(3)} names no file before it"
            found.append((module, m.group(3)))
    return found


def defined(module: str) -> set[str]:
    tree = ast.parse((ROOT / "tests" / module).read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}


def test_every_test_security_md_names_exists() -> None:
    named = named_tests((ROOT / "SECURITY.md").read_text(encoding="utf-8"))
    assert len(named) > 40
    missing = []
    for module, test in named:
        if not (ROOT / "tests" / module).is_file():
            missing.append(module)
        elif test and test not in defined(module):
            missing.append(f"{module}::{test}")
    assert not missing, missing


def test_the_reader_follows_short_names_to_the_file_before_them() -> None:
    text = "`tests/test_a.py::test_one`, `::test_two`; `test_b.py` (all of it), `::test_three`"
    assert named_tests(text) == [
        ("test_a.py", "test_one"),
        ("test_a.py", "test_two"),
        ("test_b.py", None),
        ("test_b.py", "test_three"),
    ]
