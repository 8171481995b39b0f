"""Synthetic distractor letters: deterministic, marked synthetic, kept out of corpus/, and competing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.evaluation import distractors
from assistant.evaluation import run as evaluation
from assistant.evaluation.metrics import contains_gold
from assistant.settings import Settings
from assistant.text.letters import letter_files, load_corpus
from assistant.text.passages import split

REPO = Path(__file__).resolve().parent.parent
QA_FILE = REPO / "corpus" / "qa" / "bandepolitik.jsonl"
SEED_ID = "000_4d500aeb584640b9"
FORMAT_GOLD = {"Med venlig hilsen"}  # every letter in the seed's format closes with it


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def test_generation_is_deterministic_and_a_longer_series_extends_a_shorter_one() -> None:
    first = distractors.generate(12, seed=7)
    assert first == distractors.generate(12, seed=7)
    assert distractors.generate(5, seed=7) == first[:5]
    other = distractors.generate(12, seed=8)
    assert [d.text for d in other] != [d.text for d in first]
    assert len({d.text for d in first}) == 12
    assert len({d.stem for d in first + other}) == 24  # different seeds never overwrite each other


def test_letters_follow_the_seed_format_and_are_marked_synthetic(tmp_path: Path) -> None:
    written = distractors.write(distractors.generate(10, seed=3), tmp_path)
    assert [p.name for p in written] == [f"syntetisk_s3_{i:04d}.txt" for i in range(10)]
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("Kære ")
        flat = " ".join(text.split())
        assert "Tak for din henvendelse af d. " in flat and "hvor du har stillet spørgsmål til" in flat
        assert "\n\nSpørgsmål\n" in text and "s svar\n" in text
        assert "\n\n1. ”" in text and "\n\n2. ”" in text
        assert "\n\nMed venlig hilsen\n\n" in text
        lines = text.splitlines()
        assert max(map(len, lines)) <= 78 and len(lines) > 20  # hard-wrapped, like the seed letter
        sidecar = json.loads(path.with_name(path.stem + ".meta.json").read_text(encoding="utf-8"))
        assert sidecar["synthetic"] is True and sidecar["title"].startswith("Syntetisk brev: Svar om ")

    loaded = load_corpus(tmp_path, Settings().wordlist)
    assert not loaded.errors and len(loaded.letters) == 10
    for letter in loaded.letters:
        meta = letter.meta
        assert meta.synthetic is True
        assert meta.title.startswith("Syntetisk brev")
        assert meta.recipient and meta.date and meta.question and meta.signatory and meta.signatory_title
        assert meta.sender and meta.sender.endswith("forvaltningen")
        # the loader joins the wrapped lines again: each numbered item is one line, one passage
        items = [p for p in letter.text.split("\n\n") if re.match(r"\d\. ”", p)]
        assert len(items) >= 2 and all("\n" not in p and p.endswith(".") for p in items)
        roles = [p.role for p in split(letter)]
        assert (
            roles.count("list_item") == len(items) and roles[0] == "salutation" and roles[-1] == "signature"
        )


def test_distractors_compete_with_the_seed_letter_without_repeating_its_facts() -> None:
    letters = distractors.generate(200)
    texts = [d.text for d in letters]
    gold = {
        g for row in map(json.loads, QA_FILE.read_text(encoding="utf-8").splitlines()) for g in row["gold"]
    }
    repeated = {g for g in gold - FORMAT_GOLD for t in texts if contains_gold(t, [g])}
    assert not repeated, f"distractors repeat gold phrases: {sorted(repeated)}"
    # ... yet they speak of the same things, with other amounts, dates and names
    for word in (
        "mio. kr.",
        "Sikker By-strategien",
        "fritidsjob",
        "løsladte",
        "aktiveringsforløb",
        "bærende principper",
    ):
        assert any(word in t for t in texts), word
    amounts = {t.split(" mio. kr.")[0].rsplit(" ", 1)[-1] for t in texts if " mio. kr." in t}
    assert len(amounts) > 50
    recipients = {t.split("\n")[0] for t in texts}
    assert len(recipients) > 50 and "Kære Astrid Aller" not in recipients


def test_build_corpus_copies_the_real_letters_and_never_writes_into_them(
    corpus_dir: Path, tmp_path: Path
) -> None:
    (corpus_dir / "qa").mkdir()
    (corpus_dir / "qa" / "set.jsonl").write_text("{}\n", encoding="utf-8")
    before = _snapshot(corpus_dir)
    target = tmp_path / "hard"
    written = distractors.build_corpus(corpus_dir, target, 4, seed=1)

    assert _snapshot(corpus_dir) == before
    assert (target / f"{SEED_ID}.txt").read_bytes() == before[f"{SEED_ID}.txt"]
    assert len(written) == 4 and all(p.parent == target for p in written)
    assert len(letter_files(target)) == 5
    for bad in (corpus_dir, corpus_dir / "sub"):
        with pytest.raises(ValueError, match="outside the real corpus"):
            distractors.build_corpus(corpus_dir, bad, 2)
    with pytest.raises(ValueError, match="new, empty directory"):
        distractors.build_corpus(corpus_dir, target, 2)
    assert _snapshot(corpus_dir) == before


def test_eval_with_distractors_in_a_temporary_corpus(seed_assistant, tmp_path: Path) -> None:
    real_corpus = seed_assistant.settings.corpus_dir
    before = _snapshot(real_corpus)
    ids = ["q001", "q004", "q050", "q104"]
    rows = {r["id"]: r for r in map(json.loads, QA_FILE.read_text(encoding="utf-8").splitlines())}
    qa = tmp_path / "qa.jsonl"
    qa.write_text("".join(json.dumps(rows[i], ensure_ascii=False) + "\n" for i in ids), encoding="utf-8")
    out = tmp_path / "eval"
    got = evaluation.evaluate(seed_assistant, qa, out, distractors=[20], seed=0)

    assert _snapshot(real_corpus) == before
    series = got["distractors"]
    assert series["seed"] == 0
    assert [(r["n"], r["letters"]) for r in series["runs"]] == [(0, 1), (20, 21)]
    assert series["runs"][1]["passages"] > 10 * series["runs"][0]["passages"]
    main_run = series["runs"][0]["systems"]["hybrid"]
    assert main_run["retrieval.hit@3"] == got["retrieval"]["hit@3"]  # N = 0 is the main run
    assert main_run["refusals.accuracy"] == got["refusals"]["accuracy"]
    assert set(series["runs"][1]["systems"]) == {"hybrid"}
    assert series["runs"][1]["systems"]["hybrid"]["citations.exactness"] in (1.0, None)

    lines = {
        line["id"]: line
        for line in map(
            json.loads, (out / "distractors" / "n20" / "hybrid.results.jsonl").read_text().splitlines()
        )
    }
    retrieved = [r["letter_id"] for line in lines.values() for r in line["retrieved"]]
    assert any(r.startswith("syntetisk_s0_") for r in retrieved)  # the distractors do compete
    # ... and the seed letter is still found for a question only it answers
    top3 = lines["q001"]["retrieved"][:3]
    assert any(r["letter_id"] == SEED_ID and contains_gold(r["text"], rows["q001"]["gold"]) for r in top3)

    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## Distraktorbreve" in report
    assert "| 20 | 21 |" in report and "| 0 | 1 | 10 | hybrid |" in report
    assert (out / "distractors.png").stat().st_size > 0
    assert not list(real_corpus.glob("syntetisk*"))
