"""Start the web app: `python app.py [--host 127.0.0.1] [--port 7860] [--corpus DIR] [--index DIR]`."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


class _Parser(argparse.ArgumentParser):
    """argparse that says what is wrong in Danish and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"Fejl i kommandoen: {message}", file=sys.stderr)
        raise SystemExit(2)


class _Progress:
    """A terminal progress bar per indexing step, fed by ``callback(step, done, total)``."""

    def __init__(self) -> None:
        self.step: str | None = None
        self.bar: Any = None

    def __call__(self, step: str, done: int, total: int) -> None:
        from tqdm import tqdm

        if step != self.step or self.bar is None:
            self.close()
            self.step, self.bar = step, tqdm(total=total, desc=step, unit="stk", file=sys.stderr)
        self.bar.total = total
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python app.py", description="Webappen: spørg om bandepolitikken.")
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7860, help="port (default: 7860)")
    parser.add_argument("--corpus", type=Path, default=None, help="letters (default: corpus/)")
    parser.add_argument("--index", type=Path, default=None, help="index directory (default: index/)")
    args = parser.parse_args(argv)

    from assistant import errors
    from assistant.answer.service import Assistant
    from assistant.answer.verdicts import VerdictStore
    from assistant.settings import Settings
    from assistant.web.app import WebApp
    from assistant.web.server import serve

    started = time.perf_counter()
    progress = _Progress()
    try:
        settings = Settings.from_env(corpus_dir=args.corpus, index_dir=args.index)
        assistant = Assistant.open(settings, progress=progress)
        web = WebApp(assistant, VerdictStore(settings.verdicts_db))
        progress.close()
        print(f"Assistenten er klar på {time.perf_counter() - started:.1f} s.", file=sys.stderr, flush=True)
        serve(web, args.host, args.port)
    except (
        errors.BadInputError,
        errors.BadLetterError,
        errors.EmptyCorpusError,
        errors.IndexMismatchError,
    ) as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return 2
    except errors.AssistantError as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # e.g. the port is taken
        print(f"Webappen kunne ikke starte på {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Afbrudt.", file=sys.stderr)
        return 1
    finally:
        progress.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
