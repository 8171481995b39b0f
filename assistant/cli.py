"""The ``assistant`` command: thin; each command's docstring is its help."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.errors import (
    AssistantError,
    BadInputError,
    BadLetterError,
    EmptyCorpusError,
    IndexMismatchError,
)
from assistant.index import build as indexing
from assistant.progress import print_progress
from assistant.settings import Settings
from assistant.types import Answer

LLM_HELP = "let a language model write the answer: openai:<model> or ollama:<model> (default: ASSISTANT_LLM)"


class _Parser(argparse.ArgumentParser):
    """argparse that says what is wrong in Danish and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"Fejl i kommandoen: {message}", file=sys.stderr)
        raise SystemExit(2)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(corpus_dir=args.corpus, index_dir=args.index)


def cmd_index(args: argparse.Namespace) -> int:
    """Build or refresh the index: new and changed letters are embedded, removed ones dropped."""
    from assistant.index import embedding

    settings = _settings(args)
    embedder = embedding.load(settings.embedding_model, settings.query_prompt, settings.passage_prompt)
    report = indexing.build(settings, embedder, rebuild=args.rebuild, progress=print_progress)
    for line in [*report.errors, *report.notices]:
        print(line, file=sys.stderr)
    print(
        f"Indeks klar: {report.letters} breve, {report.passages} passager "
        f"({report.embedded} indlejret, {report.reused} genbrugt, {len(report.removed)} fjernet) "
        f"på {report.seconds:.1f} s."
    )
    return 0


def _print_answer(answer: Answer) -> None:
    if answer.short_answer:  # the fact first, in bold on a terminal, the cited sentence under it
        bold, plain = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("", "")
        print(f"{bold}{answer.short_answer.text}{plain}\n")
    print(answer.answer)
    if answer.citations:
        print("\nKilder:")
        for c in answer.citations:
            page = f", side {c.page}" if c.page else ""
            print(f"[{c.n}] {c.title} ({c.date or 'ukendt dato'}, {c.sender or 'ukendt afsender'}{page})")
            print(f"    «{c.quote}»  [{c.passage_id}, tegn {c.start}-{c.end}]")
    if answer.removed:
        print(
            f"\n({len(answer.removed)} sætning(er) fra sprogmodellen fjernet ved kontrollen.)",
            file=sys.stderr,
        )
    elif answer.possibly_relevant:
        print("\nMuligvis relevante passager:")
        for h in answer.possibly_relevant:
            print(f"- {h.passage.text[:160]}  [{h.passage.passage_id}]")


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer a question from the letters, with exact citations, or say that they hold no answer.

    With a language model (ASSISTANT_LLM, or --llm openai:<model> / ollama:<model>) the model writes
    the answer, and only sentences that pass verification against their cited passages are shown.
    """
    from assistant.answer.service import Assistant

    settings = _settings(args)
    model = _model(settings, args.llm)
    assistant = Assistant.open(settings, progress=print_progress)
    if model is not None:
        from assistant.answer.generate import Generator

        generator = Generator(assistant, model, settings.llm_on_refusal)
        answer = generator.ask(args.question, args.history or [])
    else:
        answer = assistant.ask(args.question, args.history or [])
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)
    return 0


def _model(settings: Settings, flag: str | None) -> Any:
    """The chat model: --llm SPEC, else ASSISTANT_LLM; a bare --llm needs ASSISTANT_LLM set."""
    from assistant.answer.llm import open_model

    if flag == "" and not settings.llm:
        raise BadInputError(
            "--llm kræver ASSISTANT_LLM=openai:<model> eller ollama:<model>, eller --llm SPEC."
        )
    return open_model(settings, flag or None)


def cmd_eval(args: argparse.Namespace) -> int:
    """Run a QA file and write results.jsonl, metrics.json and report.md to --out."""
    from assistant.evaluation import run as evaluation

    return evaluation.main(args, _settings(args))


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Fit the answerability model on a development QA set (needs the dev extra: scikit-learn)."""
    from assistant.answer.service import Assistant
    from assistant.evaluation import calibration
    from assistant.evaluation.qa import load_qa

    assistant = Assistant.open(_settings(args), progress=print_progress)
    return calibration.main(args, assistant, load_qa)


def cmd_staff(args: argparse.Namespace) -> int:
    """Add or remove a staff account for the web app's /staff pages (password hashes, Argon2id)."""
    from assistant.web.accounts import Accounts, check_name

    accounts = Accounts(Settings.from_env().staff_accounts)
    name = check_name(args.name)
    if args.action == "remove":
        accounts.remove(name)
        print(f"Medarbejderkontoen '{name}' er fjernet.")
        return 0
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass("Adgangskode: ")
        if getpass.getpass("Gentag adgangskoden: ") != password:
            raise BadInputError("De to adgangskoder er ikke ens.")
    else:  # piped, e.g. from a secrets manager or a test
        password = sys.stdin.readline().rstrip("\r\n")
    new = accounts.add(name, password)
    print(f"Medarbejderkontoen '{name}' er {'oprettet' if new else 'opdateret'} i {accounts.path}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--corpus", type=Path, default=None, help="letters (default: corpus/)")
        p.add_argument("--index", type=Path, default=None, help="index directory (default: index/)")

    p = sub.add_parser("index", help=cmd_index.__doc__, description=cmd_index.__doc__)
    p.add_argument("--rebuild", action="store_true", help="embed every letter again")
    common(p)
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("ask", help=cmd_ask.__doc__, description=cmd_ask.__doc__)
    p.add_argument("question")
    p.add_argument("--history", action="append", metavar="QUESTION", help="an earlier question, oldest first")
    p.add_argument("--json", action="store_true", help="print the answer object of CONTRACTS.md")
    p.add_argument("--llm", nargs="?", const="", default=None, metavar="SPEC", help=LLM_HELP)
    common(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help=cmd_eval.__doc__, description=cmd_eval.__doc__)
    p.add_argument("--qa", type=Path, required=True, help="QA file (JSONL)")
    p.add_argument("--out", type=Path, required=True, help="output directory")
    common(p)
    _add_eval_options(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("calibrate", help=cmd_calibrate.__doc__, description=cmd_calibrate.__doc__)
    common(p)
    from assistant.evaluation.calibration import add_arguments

    add_arguments(p)
    p.set_defaults(func=cmd_calibrate)

    p = sub.add_parser("staff", help=cmd_staff.__doc__, description=cmd_staff.__doc__)
    p.add_argument("action", choices=("add", "remove"), help="add (or change the password of) or remove")
    p.add_argument("name", help="the staff member's user name")
    p.set_defaults(func=cmd_staff)
    return parser


def _add_eval_options(p: argparse.ArgumentParser) -> None:
    try:
        from assistant.evaluation.run import add_arguments
    except ImportError:
        return
    add_arguments(p)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (BadInputError, BadLetterError, EmptyCorpusError, IndexMismatchError) as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return 2
    except AssistantError as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Afbrudt. Det seneste komplette indeks er bevaret.", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the edge: no traceback reaches a user
        print(f"Uventet fejl ({type(exc).__name__}): {exc}", file=sys.stderr)
        return 1
