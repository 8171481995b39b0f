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

from assistant.text import danish, letters
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
class Topic:
    """A topic's templates. ``{adm}``, ``{committee}``, ``{area}``, ``{prison}``, ``{start}``, ``{end}``,
    ``{adopted}`` and ``{principles}`` are fixed per letter; ``{date}``, ``{amount}``, ``{year}``,
    ``{period}`` and ``{n:LOW-HIGH}`` draw a fresh value at each use."""

    subjects: tuple[str, ...]
    question: str
    paragraphs: tuple[str, ...]
    items: tuple[tuple[str, str], ...]  # (name of the initiative, what it does)


TOPICS: dict[str, Topic] = {
    "aktivering": Topic(
        subjects=(
            "aktivering af ledige med tilknytning til kriminelle miljøer",
            "{committee}s indsats for ledige med kriminel baggrund",
        ),
        question="Du har spurgt, hvilke tilbud {committee} giver ledige borgere med tilknytning til "
        "kriminelle grupperinger.",
        paragraphs=(
            "Som opfølgning på skudepisoderne i {year} besluttede {committee} den {date} ekstraordinært at "
            "bevilge {amount} i {year} til et forstærket aktiveringsforløb for ledige med dom.",
            "Indsatsen er siden blevet videreført, senest for perioden {period} i forbindelse med aftalen om "
            "Budget{n:16-24}. Den drives af et særligt team i Jobcenter København, som samarbejder med SSP.",
        ),
        items=(
            (
                "Forstærket aktiveringsforløb for ledige med dom",
                "Borgerne får mindst {n:10-30} timers aktivering om ugen med fokus på varig beskæftigelse. "
                "Forløbet koster {amount} om året.",
            ),
            (
                "Mentorordning for unge ledige",
                "Siden {year} har {n:20-400} unge ledige med tilknytning til kriminelle miljøer "
                "fået en mentor.",
            ),
            (
                "Virksomhedsrettet opkvalificering",
                "Jobcentret samarbejder med {n:5-90} virksomheder om praktik og løntilskud til målgruppen.",
            ),
            (
                "Uddannelsespålæg til ledige under 30 år",
                "{committee} vedtog den {date}, at ledige under 30 år med en dom skal i gang med "
                "en uddannelse.",
            ),
            (
                "Jobgaranti efter endt forløb",
                "Borgere, der gennemfører forløbet, tilbydes et job i op til {n:6-24} måneder.",
            ),
        ),
    ),
    "afsoning": Topic(
        subjects=("indsatsen for indsatte og løsladte københavnere", "udslusning fra {prison}"),
        question="Du har spurgt, hvordan {adm} hjælper borgere, der afsoner eller netop er løsladt.",
        paragraphs=(
            "Alle indsatte og nyligt løsladte københavnere i {prison} får tilbud om en individuel "
            "udslusningsplan med bolig, økonomi og beskæftigelse.",
            "{committee} afsatte den {date} i alt {amount} til indsatsen for perioden {period}.",
        ),
        items=(
            (
                "Tryg udslusning efter afsoning",
                "Udslusningen begynder {n:4-16} uger før løsladelsen, og en fast kontaktperson "
                "følger borgeren.",
            ),
            (
                "Boligsocial støtte ved løsladelse",
                "I {year} fik {n:15-250} løsladte hjælp til at finde en bolig.",
            ),
            (
                "Uddannelse under afsoning",
                "Indsatte kan tage fag på niveau med 9. klasse, og {n:10-120} har bestået en prøve "
                "siden {year}.",
            ),
            (
                "Exitprogram for bandemedlemmer",
                "Programmet har hjulpet {n:5-80} borgere ud af bandemiljøet siden {year}.",
            ),
        ),
    ),
    "fritidsjob": Topic(
        subjects=("fritidsjob til unge i {area}",),
        question="Du har spurgt, hvordan {adm} skaffer fritidsjob til unge i {area}.",
        paragraphs=(
            "I {year} fik {n:40-900} unge et fritidsjob gennem indsatsen, som i alt har et budget på "
            "{amount} om året.",
            "Indsatsen rettes mod unge i almene boligområder og unge i risiko for kriminalitet. "
            "{committee} besluttede den {date} at udvide den.",
        ),
        items=(
            (
                "Fritidsjob i lokalområdet",
                "Fritidsjobkonsulenter matcher unge mellem 13 og 17 år med {n:20-300} lokale arbejdspladser.",
            ),
            ("Jobguider i klubberne", "Klubberne i {area} har ansat {n:2-12} jobguider siden {year}."),
            (
                "Sommerjob for unge",
                "Hver sommer tilbydes {n:50-500} sommerjob i kommunens parker og institutioner.",
            ),
            (
                "Samarbejde med lokale erhvervsdrivende",
                "I alt {n:10-150} butikker og virksomheder har skrevet under på en aftale om fritidsjob.",
            ),
        ),
    ),
    "sikker-by": Topic(
        subjects=("Sikker By-strategien {start}-{end}", "tryghedsindsatsen i {area}"),
        question="Du har spurgt, hvordan kommunen arbejder med tryghed, og hvilken rolle {committee} har.",
        paragraphs=(
            "Kommunens samlede indsats for tryghed er beskrevet i Sikker By-strategien {start}-{end}, som "
            "blev godkendt af Borgerrepræsentationen den {adopted}. Sekretariatet for strategien ligger "
            "i {adm}.",
            "Ét af de {principles} bærende principper i strategien handler om nattelivet: ”Vi sikrer, "
            "at alle kan færdes trygt i byen om aftenen og om natten.”",
        ),
        items=(
            (
                "Tryghedsvandringer",
                "Der er gennemført {n:10-90} tryghedsvandringer med beboere siden {year}.",
            ),
            (
                "Gadeplansmedarbejdere om aftenen",
                "Fredag og lørdag aften er {n:4-40} gadeplansmedarbejdere på gaden. "
                "Indsatsen koster {amount} om året.",
            ),
            ("Bedre belysning", "Belysningen er forbedret på {n:10-60} steder, senest den {date}."),
            ("Nattevandrere", "Frivillige nattevandrere har fået {amount} i støtte for perioden {period}."),
        ),
    ),
    "udvalg": Topic(
        subjects=("{committee}s arbejde med kriminalitetsforebyggelse",),
        question="Du har ønsket svar på, hvad {committee} gør for at forebygge kriminalitet blandt unge.",
        paragraphs=(
            "{committee} behandlede den {date} en sag om forebyggelse af kriminalitet blandt unge og afsatte "
            "{amount} til arbejdet i {year}.",
            "Arbejdet koordineres med Beskæftigelses- og Integrationsudvalget og med "
            "Sikker By-sekretariatet.",
        ),
        items=(
            (
                "Klubtilbud med længere åbningstider",
                "I alt {n:3-30} klubber holder åbent til kl. 23 i weekenden.",
            ),
            ("Forældrenetværk", "Omkring {n:50-600} forældre deltager i netværk om unge og kriminalitet."),
            ("Lektiecaféer", "Lektiecaféerne har haft {n:100-3000} besøg siden {year}."),
            (
                "Idræt i udsatte områder",
                "I alt {n:5-40} foreninger får tilskud til at holde træning om aftenen.",
            ),
        ),
    ),
}


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
        if danish.normalize(wrapped) == block:
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
