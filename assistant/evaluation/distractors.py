"""Synthetic distractor letters on the seed letter's topics, deterministic from a seed, never in corpus/."""

from __future__ import annotations

import json
import random
import shutil
import string
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.evaluation.distractor_topics import TOPICS
from assistant.text import cleanup, letters
from assistant.text.danish import MONTHS

PREFIX = "syntetisk"
# The seed letter's own facts: a distractor competes with them but never repeats them.
SEED_DATES = frozenset({(22, "marts", 2021), (1, "marts", 2018), (18, "december", 2017)})
SEED_AMOUNTS = frozenset({"12,6"})
SEED_PERIODS = frozenset({"2021-24"})

FIRST_NAMES = (
    "Mette Lars Sofie Henrik Camilla Anders Louise Mikkel Signe Rasmus Ida Thomas Freja Jonas Karen "
    "Nikolaj Line Morten Emma Peter Birgitte Søren Maja Kasper"
).split()
LAST_NAMES = (
    "Holm Kjær Lund Winther Dahl Bech Skov Krogh Thygesen Møller Frost Vestergaard Juhl Brandt "
    "Nygaard Lindberg Bruun Falk"
).split()
TITLES = ("Adm. direktør", "Direktør", "Centerchef", "Kontorchef", "Vicedirektør")
ADMINISTRATIONS = (  # (administration, its committee)
    ("Socialforvaltningen", "Socialudvalget"),
    ("Børne- og Ungdomsforvaltningen", "Børne- og Ungdomsudvalget"),
    ("Kultur- og Fritidsforvaltningen", "Kultur- og Fritidsudvalget"),
    ("Teknik- og Miljøforvaltningen", "Teknik- og Miljøudvalget"),
    ("Sundheds- og Omsorgsforvaltningen", "Sundheds- og Omsorgsudvalget"),
    ("Økonomiforvaltningen", "Økonomiudvalget"),
)
AREAS = ("Tingbjerg", "Mjølnerparken", "Urbanplanen", "Akacieparken", "Bispebjerg", "Sydhavnen", "Valby")
PRISONS = ("Vestre Fængsel", "Københavns Fængsler", "Enner Mark Fængsel", "Storstrøm Fængsel")
COUNT_WORDS = {2: "to", 4: "fire", 5: "fem", 6: "seks", 7: "syv"}
LINE_WIDTH = 70  # the seed letter is hard-wrapped, as text taken out of a PDF is


@dataclass(frozen=True)
class SyntheticLetter:
    """One generated letter: the file stem, its text and its sidecar metadata."""

    stem: str
    text: str
    meta: dict[str, Any]


class _Fresh:
    def __init__(self, name: str) -> None:
        self.name = name


class _Filler(string.Formatter):
    """Fills templates: the letter's fixed facts as given, fresh dates, amounts and numbers drawn."""

    def __init__(self, rng: random.Random, fixed: Mapping[str, object]) -> None:
        self.rng = rng
        self.fixed = fixed

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        return self.fixed[key] if isinstance(key, str) and key in self.fixed else _Fresh(str(key))

    def format_field(self, value: Any, format_spec: str) -> str:
        if not isinstance(value, _Fresh):
            return format(value, format_spec)
        if value.name == "n":
            low, high = (int(x) for x in format_spec.split("-"))
            return str(self.rng.randint(low, high))
        return str(getattr(self, value.name)())

    def date(self, year: int | None = None) -> str:
        while True:
            d = (self.rng.randint(1, 28), self.rng.choice(MONTHS), year or self.rng.randint(2015, 2023))
            if d not in SEED_DATES:
                return f"{d[0]}. {d[1]} {d[2]}"

    def amount(self) -> str:
        while (value := f"{self.rng.randint(2, 40)},{self.rng.randint(1, 9)}") in SEED_AMOUNTS:
            pass
        return f"{value} mio. kr."

    def period(self) -> str:
        while True:
            year = self.rng.randint(2016, 2024)
            if (value := f"{year}-{(year + 3) % 100:02d}") not in SEED_PERIODS:
                return value

    def year(self) -> int:
        return self.rng.randint(2015, 2023)


def wrap(block: str) -> str:
    """Hard-wrap a block's lines like the seed letter, at a width the loader joins back exactly.

    A wrapped line must not look like a list item or a heading to the normalizer ("11. november …").
    """
    for width in (LINE_WIDTH, LINE_WIDTH - 4, LINE_WIDTH + 4, LINE_WIDTH - 8, LINE_WIDTH + 8):
        wrapped = "\n".join(
            textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False)
            for line in block.split("\n")
        )
        if cleanup.normalize(wrapped) == block:
            return wrapped
    return block


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def letter(i: int, seed: int = 0) -> SyntheticLetter:
    """Letter number ``i``: it depends on (seed, i) only, so a longer series extends a shorter one."""
    rng = random.Random(f"distractor:{seed}:{i}")
    topic = TOPICS[list(TOPICS)[i % len(TOPICS)]]
    adm, committee = rng.choice(ADMINISTRATIONS)
    start = rng.choice((2010, 2014, 2022, 2026))
    fixed: dict[str, object] = {"adm": adm, "committee": committee, "start": start, "end": start + 3}
    fixed |= {"area": rng.choice(AREAS), "prison": rng.choice(PRISONS)}
    fixed["principles"] = COUNT_WORDS[rng.choice((4, 6, 7))]
    fill = _Filler(rng, fixed)
    fixed["adopted"] = fill.date(start - 1)
    subject = fill.format(rng.choice(topic.subjects))
    chosen = rng.sample(topic.items, rng.choice([k for k in (2, 4, 5) if k <= len(topic.items)]))
    paragraphs = [fill.format(p) for p in topic.paragraphs]
    blocks = [
        f"Kære {_name(rng)}",
        f"Tak for din henvendelse af d. {fill.date()}, hvor du har stillet spørgsmål til {adm} om {subject}.",
        f"Spørgsmål\n{fill.format(topic.question)}",
        f"{adm}s svar\n{paragraphs[0]}",
        *paragraphs[1:],
        f"{adm} har p.t. {COUNT_WORDS[len(chosen)]} indsatser på området:",
        *(f"{n}. ”{name}”. {fill.format(body)}" for n, (name, body) in enumerate(chosen, start=1)),
        "Med venlig hilsen",
        f"{_name(rng)}\n{rng.choice(TITLES)}",
    ]
    return SyntheticLetter(
        stem=f"{PREFIX}_s{seed}_{i:04d}",
        text="\n\n".join(map(wrap, blocks)) + "\n",
        meta={"synthetic": True, "title": f"Syntetisk brev: Svar om {subject}"},
    )


def generate(n: int, seed: int = 0) -> list[SyntheticLetter]:
    """``n`` distractor letters, the same ones every time for the same seed."""
    return [letter(i, seed) for i in range(n)]


def write(distractors: Sequence[SyntheticLetter], corpus_dir: Path) -> list[Path]:
    """Each letter as ``<stem>.txt`` beside its ``<stem>.meta.json`` sidecar marking it synthetic."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for d in distractors:
        path = corpus_dir / f"{d.stem}.txt"
        path.write_text(d.text, encoding="utf-8")
        sidecar = corpus_dir / f"{d.stem}{letters.SIDECAR}"
        sidecar.write_text(json.dumps(d.meta, ensure_ascii=False, indent=2), encoding="utf-8")
        paths.append(path)
    return paths


def copy_corpus(source_dir: Path, target_dir: Path) -> list[Path]:
    """Copy the real letters (and their sidecars) into a new directory outside the real corpus."""
    source, target = source_dir.resolve(), target_dir.resolve()
    if target == source or target.is_relative_to(source):
        raise ValueError(f"distractor corpus {target_dir} must lie outside the real corpus {source_dir}")
    if target_dir.exists() and any(target_dir.iterdir()):
        raise ValueError(f"distractor corpus {target_dir} must be a new, empty directory")
    copied = []
    for path in letters.letter_files(source_dir):
        copy = target_dir / path.relative_to(source_dir)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        sidecar = path.with_name(path.stem + letters.SIDECAR)
        if sidecar.exists():
            shutil.copyfile(sidecar, copy.with_name(sidecar.name))
        copied.append(copy)
    return copied


def build_corpus(source_dir: Path, target_dir: Path, n: int, seed: int = 0) -> list[Path]:
    """The real letters plus ``n`` distractors in ``target_dir``; the real corpus is only read."""
    copy_corpus(source_dir, target_dir)
    return write(generate(n, seed), target_dir)
