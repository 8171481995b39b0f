"""Chroma collection names: valid for any build directory, and one per build."""

from __future__ import annotations

import random
import re
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from assistant.index.store import collection_name

try:
    from chromadb.api.segment import check_index_name
except ImportError:  # chromadb moved it: the same rules, written out
    _IPV4 = re.compile(r"^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$")

    def check_index_name(index_name: str) -> None:
        if not (
            3 <= len(index_name) <= 63
            and re.match(r"^[a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z0-9]$", index_name)
            and ".." not in index_name
            and not _IPV4.match(index_name)
        ):
            raise ValueError(f"invalid collection name {index_name!r}")


MKDTEMP_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"  # tempfile's, which ends a name in "_" 1 in 37


def _mkdtemp_names(n: int) -> list[str]:
    """Names as indexing.build makes them."""
    rng = random.Random(57)
    return [f"build-20240501-120000-{''.join(rng.choices(MKDTEMP_ALPHABET, k=8))}" for _ in range(n)]


def test_collection_names_from_mkdtemp_names_are_valid_and_distinct() -> None:
    names = _mkdtemp_names(5000)
    assert any(name.endswith("_") for name in names)  # the case that used to fail
    got = [collection_name(name) for name in names]
    for name in got:
        check_index_name(name)
    assert len(set(got)) == len(set(names))


def test_collection_name_for_a_real_build_dir_is_valid(tmp_path) -> None:
    for _ in range(50):
        build_dir = Path(tempfile.mkdtemp(prefix="build-20240501-120000-", dir=tmp_path))
        check_index_name(collection_name(build_dir.name))


@given(st.text(alphabet=MKDTEMP_ALPHABET, min_size=8, max_size=8))
def test_every_mkdtemp_suffix_gives_a_valid_name(suffix: str) -> None:
    check_index_name(collection_name(f"build-20240501-120000-{suffix}"))


@given(st.text())
def test_any_build_name_gives_a_valid_name(build_name: str) -> None:
    name = collection_name(build_name)
    check_index_name(name)
    assert name.startswith("passages-")
    assert collection_name(build_name) == name  # the same build always finds its collection


@given(st.text(), st.text())
def test_different_builds_get_different_collections(a: str, b: str) -> None:
    if a != b:
        assert collection_name(a) != collection_name(b)


def test_builds_differing_only_in_dropped_characters_stay_apart() -> None:
    names = ["build-x_", "build-x-", "build-x.", "build-x", "build-x__", "build.x", "..", "1.2.3.4", ""]
    got = [collection_name(name) for name in names]
    for name in got:
        check_index_name(name)
    assert len(set(got)) == len(names)
