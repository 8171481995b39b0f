"""The eval runner: QA file checks, the files it writes, and numbers that agree with its own results."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant import cli
from assistant.errors import BadInputError
from assistant.evaluation import qa
from assistant.evaluation import run as evaluation
from assistant.evaluation.metrics import contains_gold
from assistant.settings import Settings
from assistant.text.letters import load_corpus
from assistant.types import Answer, Citation, Hit, Letter, LetterMeta, Passage

REPO = Path(__file__).resolve().parent.parent
QA_FILE = REPO / "corpus" / "qa" / "bandepolitik.jsonl"
PNG = b"\x89PNG\r\n\x1a\n"
ANSWER_KEYS = {"id", "question", "history", "refused", "answer", "citations", "retrieved", "latency_ms"}
CITATION_KEYS = {"n", "letter_id", "title", "date", "passage_id", "quote", "start", "end", "page"}
RETRIEVED_KEYS = {"passage_id", "letter_id", "start", "end", "score", "text"}


def _write_qa(path: Path, rows: Sequence[object]) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
    )
    return path


def _qa_items(ids: Sequence[str]) -> list[dict[str, object]]:
    rows = {row["id"]: row for row in map(json.loads, QA_FILE.read_text(encoding="utf-8").splitlines())}
    return [rows[i] for i in ids]


# --- the QA file --------------------------------------------------------------------------------


def test_the_shipped_qa_set_loads() -> None:
    items = qa.load_qa(QA_FILE)
    assert len(items) == 128
    assert items[0].id == "q001" and items[0].gold == ("12,6 mio. kr.", "afsætte 12,6 mio. kr.")
    assert sum(i.answerable for i in items) == 97
    followup = next(i for i in items if i.id == "q084")
    assert followup.history == ("Hvad er den styrkede aktiveringsindsats?",)


GOOD = {"id": "x1", "question": "Hvad?", "answerable": True, "gold": ["noget"]}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([GOOD, '{"id": "x2", "question": '], "linje 2: ugyldig JSON"),
        ([GOOD, {"id": "x2", "answerable": False, "gold": []}], "linje 2: mangler feltet 'question'"),
        ([{"question": "Hvad?", "answerable": True}], "linje 1: mangler feltet 'id', 'gold'"),
        ([GOOD, "[1, 2]"], "linje 2: forventede et JSON-objekt"),
        ([{**GOOD, "answerable": "ja"}], "linje 1: feltet 'answerable'"),
        ([{**GOOD, "gold": "noget"}], "linje 1: feltet 'gold' skal være en liste"),
        ([{**GOOD, "history": [1]}], "linje 1: feltet 'history' skal være en liste"),
        ([{**GOOD, "gold": []}], "linje 1: et besvarbart spørgsmål skal have mindst én guldfrase"),
        ([{**GOOD, "question": "  "}], "linje 1: feltet 'question'"),
        ([GOOD, "", GOOD], "linje 3: id 'x1' er allerede brugt på linje 1"),
        (["", "  "], "indeholder ingen spørgsmål"),
    ],
)
def test_a_bad_qa_file_names_the_file_and_line(tmp_path: Path, rows: list[object], message: str) -> None:
    path = _write_qa(tmp_path / "bad.jsonl", rows)
    with pytest.raises(BadInputError) as info:
        qa.load_qa(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_the_cli_exits_2_on_a_bad_qa_file_before_loading_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write_qa(tmp_path / "bad.jsonl", [GOOD, "{nope"])
    code = cli.main(
        ["eval", "--qa", str(path), "--out", str(tmp_path / "out"), "--index", str(tmp_path / "i")]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "bad.jsonl" in err and "linje 2" in err
    assert not (tmp_path / "out").exists() and not (tmp_path / "i").exists()

    code = cli.main(["eval", "--qa", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "out")])
    assert code == 2
    assert "missing.jsonl' findes ikke" in capsys.readouterr().err


def test_distractor_counts_are_checked_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    args = cli.build_parser().parse_args(["eval", "--qa", "q", "--out", "o", "--distractors", "0,50,200"])
    assert args.distractors == [0, 50, 200] and args.compare is False and args.seed == 0
    with pytest.raises(SystemExit) as info:
        cli.build_parser().parse_args(["eval", "--qa", "q", "--out", "o", "--distractors", "mange"])
    assert info.value.code == 2
    assert "0,50,200" in capsys.readouterr().err


# --- exact numbers through a fake assistant -------------------------------------------------------

TEXT = "Kære Ane Holm\n\nBudgettet er 5 mio. kr. i 2020.\n\nMed venlig hilsen\n\nBo Ek"
LETTER = Letter("brev", "brev.txt", "0" * 64, TEXT, LetterMeta(title="Svar om budget", date="2020-01-02"))


def _passage(text: str) -> Passage:
    start = TEXT.index(text)
    return Passage(f"brev:{start}-{start + len(text)}", "brev", start, start + len(text), text, "body")


PASSAGES = [_passage("Kære Ane Holm"), _passage("Budgettet er 5 mio. kr. i 2020."), _passage("Bo Ek")]


class FakeAssistant:
    """Hand-made answers: what the metrics must be is known in advance."""

    def __init__(self, tmp_path: Path) -> None:
        self.settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
        self.letters = {"brev": LETTER}
        self.passages = PASSAGES
        self.embedder = None
        self.asked: list[tuple[str, tuple[str, ...], str]] = []

    def ask(self, question: str, history: Sequence[str] = (), mode: str = "hybrid") -> Answer:
        self.asked.append((question, tuple(history), mode))
        p0, p1, p2 = PASSAGES
        if question == "Hvad er budgettet?":  # cited right, ranked first
            quote = Citation(
                1,
                "brev",
                "Svar om budget",
                "2020-01-02",
                None,
                p1.passage_id,
                p1.text,
                p1.start,
                p1.end,
                None,
            )
            return Answer(
                question, tuple(history), False, f"{p1.text} [1]", (quote,), _hits(p1, p0, p2), 10.0
            )
        if question == "Hvem skrev?":  # refused though answerable; the signature ranked third
            return Answer(question, tuple(history), True, "Det ved jeg ikke.", (), _hits(p0, p1, p2), 20.0)
        # unanswerable, yet answered with a quote whose offsets are off by one
        quote = Citation(
            1, "brev", "Svar om budget", None, None, p1.passage_id, p1.text, p1.start + 1, p1.end + 1, None
        )
        return Answer(question, tuple(history), False, "Måske [1]", (quote,), _hits(p1, p0, p2), 30.0)


def _hits(*ranked: Passage) -> tuple[Hit, ...]:
    return tuple(Hit(p, score=1.0 / r) for r, p in enumerate(ranked, start=1))


def test_evaluate_writes_the_contract_files_with_the_right_numbers(tmp_path: Path) -> None:
    a1 = {"id": "a1", "question": "Hvad er budgettet?", "answerable": True, "gold": ["5 mio. kr."]}
    a2 = {"id": "a2", "question": "Hvem skrev?", "history": ["Hvad er budgettet?"], "answerable": True}
    u1 = {"id": "u1", "question": "Hvad koster en bus?", "answerable": False, "gold": []}
    qa = _write_qa(
        tmp_path / "qa.jsonl",
        [
            {**a1, "tags": ["number"]},
            {**a2, "gold": ["Bo Ek"], "tags": ["metadata", "followup"]},
            {**u1, "tags": ["unanswerable"]},
        ],
    )
    fake = FakeAssistant(tmp_path)
    out = tmp_path / "out" / "nested"
    got = evaluation.evaluate(fake, qa, out)

    assert fake.asked[0] == fake.asked[1] == ("Hvad er budgettet?", (), "hybrid")  # untimed warm-up first
    assert fake.asked[2] == ("Hvem skrev?", ("Hvad er budgettet?",), "hybrid")
    assert len(fake.asked) == 4
    assert got["retrieval"]["hit@1"] == 0.5 and got["retrieval"]["hit@3"] == 1.0
    assert got["retrieval"]["mrr@10"] == pytest.approx((1 + 1 / 3) / 2, abs=1e-4)
    assert got["answers"]["contains_gold"] == 0.5
    assert got["citations"] == {
        "count": 2, "precision": 1.0, "recall": 0.5, "exactness": 0.5, "mean_quote_chars": 31.0,
    }  # fmt: skip
    assert got["refusals"] == {"accuracy": 0.0, "false_refusal_rate": 0.5, "near_miss_accuracy": None}
    assert got["latency_ms"] == {"p50": 20.0, "p95": 29.0}
    assert got["by_tag"]["followup"]["correct"] == 0.0
    assert json.loads((out / "metrics.json").read_text(encoding="utf-8")) == got

    lines = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a1", "a2", "u1"]
    assert lines[0] == fake.ask("Hvad er budgettet?").to_dict(qa_id="a1")
    for line in lines:
        assert set(line) >= ANSWER_KEYS
        assert all(set(c) >= CITATION_KEYS for c in line["citations"])
        assert all(set(r) >= RETRIEVED_KEYS for r in line["retrieved"])
    assert lines[1]["history"] == ["Hvad er budgettet?"]

    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| Hit@3 | 1,000 | 2 besvarbare |" in report
    assert "| Citatnøjagtighed | 0,500 | alle 2 citater |" in report
    assert "| metadata | 1 | 1,000 | 0,000 | 0,000 |" in report
    for png in ("metrics_by_tag.png", "latency.png"):
        assert f"]({png})" in report
        assert (out / png).read_bytes().startswith(PNG)
    assert "## Sammenligning" not in report and not (out / "compare.png").exists()


def test_a_question_the_assistant_rejects_names_its_item(tmp_path: Path) -> None:
    class Rejecting(FakeAssistant):
        def ask(self, question: str, history: Sequence[str] = (), mode: str = "hybrid") -> Answer:
            raise BadInputError("Spørgsmålet er for langt.")

    qa = _write_qa(tmp_path / "qa.jsonl", [GOOD])
    with pytest.raises(BadInputError, match="'x1'.*for langt"):
        evaluation.evaluate(Rejecting(tmp_path), qa, tmp_path / "out")


# --- the real pipeline over the seed letter ----------------------------------------------------


def _hit_at(k: int, line: dict[str, object], gold: Sequence[str]) -> bool:
    return any(contains_gold(r["text"], gold) for r in line["retrieved"][:k])  # type: ignore[index]


def test_eval_cli_over_the_seed_letter(
    tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = _qa_items(["q001", "q004", "q049", "q084", "q098", "q104"])
    qa = _write_qa(tmp_path / "qa.jsonl", items)
    out = tmp_path / "eval"
    index = tmp_path / "index"
    code = cli.main(
        ["eval", "--qa", str(qa), "--out", str(out), "--corpus", str(corpus_dir), "--index", str(index)]
    )
    assert code == 0, capsys.readouterr().err
    assert "Evalueret 6 spørgsmål" in capsys.readouterr().out

    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    lines = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [i["id"] for i in items]
    assert lines[3]["history"] == ["Hvad er den styrkede aktiveringsindsats?"]
    assert len(lines[0]["retrieved"]) == 10

    # The numbers agree with the results file, recomputed here without ranx.
    answerable = [(i, line) for i, line in zip(items, lines, strict=True) if i["answerable"]]
    unanswerable = [line for i, line in zip(items, lines, strict=True) if not i["answerable"]]
    for k in (1, 3, 5):
        expected = sum(_hit_at(k, line, i["gold"]) for i, line in answerable) / len(answerable)
        assert metrics["retrieval"][f"hit@{k}"] == pytest.approx(expected, abs=1e-4)
    assert metrics["retrieval"]["hit@5"] == 1.0  # the seed letter has only 10 passages
    assert metrics["refusals"]["accuracy"] == sum(line["refused"] for line in unanswerable) / 2
    assert metrics["refusals"]["false_refusal_rate"] == pytest.approx(
        sum(line["refused"] for _, line in answerable) / 4, abs=1e-4
    )
    assert metrics["answers"]["contains_gold"] == pytest.approx(
        sum(not line["refused"] and contains_gold(line["answer"], i["gold"]) for i, line in answerable) / 4,
        abs=1e-4,
    )
    citations = [c for line in lines for c in line["citations"]]
    assert metrics["citations"]["count"] == len(citations) > 0
    assert metrics["citations"]["exactness"] == 1.0
    loaded = {x.letter_id: x for x in load_corpus(corpus_dir, Settings().wordlist).letters}
    assert all(loaded[c["letter_id"]].text[c["start"] : c["end"]] == c["quote"] for c in citations)
    assert metrics["run"]["letters"] == 1 and metrics["run"]["passages"] == 10
    assert metrics["latency_ms"]["p50"] > 0
    assert (out / "report.md").exists() and (out / "latency.png").read_bytes().startswith(PNG)


def test_compare_runs_four_systems_and_the_tutorial_rag_cites_inexactly(
    seed_assistant, tmp_path: Path
) -> None:
    items = _qa_items(["q001", "q005", "q050", "q096"])
    qa = _write_qa(tmp_path / "qa.jsonl", items)
    out = tmp_path / "eval"
    got = evaluation.evaluate(seed_assistant, qa, out, compare=True)

    compare = got["compare"]
    assert list(compare["systems"]) == ["hybrid", "dense", "bm25", "langchain"]
    assert compare["systems"]["hybrid"]["retrieval.hit@3"] == got["retrieval"]["hit@3"]
    tutorial = compare["systems"]["langchain"]
    assert tutorial["refusals.accuracy"] == 0.0  # it never refuses
    assert tutorial["citations.exactness"] < 1.0  # raw chunks are not spans of the normalized text
    assert tutorial["citations.mean_quote_chars"] > 3 * got["citations"]["mean_quote_chars"]
    for key, best in compare["best"].items():
        ratios = [r[key] for r in compare["ratio_to_best"].values() if r[key] is not None]
        if best is not None and ratios:
            assert max(ratios) == pytest.approx(1.0), key

    lines = [json.loads(x) for x in (out / "compare" / "langchain.results.jsonl").read_text().splitlines()]
    assert [line["id"] for line in lines] == [i["id"] for i in items]
    assert all(
        not line["refused"] and len(line["citations"]) == len(line["retrieved"]) <= 4 for line in lines
    )
    assert all(line["answer"] == "\n\n".join(c["quote"] for c in line["citations"]) for line in lines)
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## Sammenligning" in report and "| langchain ÷ bedste |" in report and "| **bedste** |" in report
    assert (out / "compare.png").read_bytes().startswith(PNG)
