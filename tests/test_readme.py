"""The README's usage commands run as written, and `ask --json` has every field docs/contracts.md fixes."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from live_app import free_port

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def readme_commands() -> list[list[str]]:
    """The commands of the README's "Using it" block, optional [parts] left out, comments dropped."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## Using it\n.*?```sh\n(.*?)```", readme, re.S | re.M)
    assert block, "the README has no usage block"
    commands = []
    for line in block.group(1).replace("\\\n", " ").splitlines():
        line = re.sub(r"\s+#.*$", "", line)
        line = re.sub(r"\s*\[[^\]]*\]", "", line).strip()
        if line and not line.startswith(". "):
            commands.append(shlex.split(line))
    return commands


def contract_example(heading: str) -> dict:
    """The JSON example under a heading of docs/contracts.md."""
    text = (ROOT / "docs" / "contracts.md").read_text(encoding="utf-8")
    section = text.split(f"## {heading}", 1)[1]
    return json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))


def test_the_usage_block_is_read_as_commands() -> None:
    commands = readme_commands()
    programs = [c[0] for c in commands]
    assert programs.count("assistant") >= 5 and "python" in programs
    assert ["assistant", "index"] in commands  # the [--rebuild] option is left out
    assert all("#" not in word for c in commands for word in c)


@pytest.mark.slow
@pytest.mark.server
def test_every_usage_command_in_the_readme_works(tmp_path: Path) -> None:
    """Each command, as the README writes it, against temp index and output folders."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(
        HF_HUB_OFFLINE="1",
        ASSISTANT_INDEX_DIR=str(tmp_path / "index"),
        ASSISTANT_VERDICTS_DB=str(tmp_path / "verdicts.sqlite3"),
        GRADIO_TEMP_DIR=str(tmp_path / "gradio"),
    )
    for command in readme_commands():
        args = [str(tmp_path / "dev-index") if a == "/tmp/dev-index" else a for a in command]
        for flag in ("--out",):
            if flag in args:
                i = args.index(flag) + 1
                args[i] = str(tmp_path / Path(args[i]).name)
        if args[0] == "python":
            _serve_and_stop([sys.executable, *args[1:], "--port", str(free_port())], env)
            continue
        done = subprocess.run(
            [str(BIN / args[0]), *args[1:]], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
        )
        assert done.returncode == 0, f"{command}: {done.stderr[-2000:]}"
        if args[1] == "ask":
            assert re.search(r"\[1\]", done.stdout), done.stdout  # a cited answer
        if args[1] == "eval":
            metrics = json.loads((Path(args[args.index("--out") + 1]) / "metrics.json").read_text())
            assert metrics["citations"]["exactness"] == 1.0
        if args[1] == "calibrate":
            model = json.loads(Path(args[args.index("--out") + 1]).read_text())
            assert model["decider"] and model["features"]


def _serve_and_stop(cmd: list[str], env: dict[str, str], timeout: float = 240) -> None:
    port = cmd[cmd.index("--port") + 1]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(timeout=5) as client:
            deadline = time.monotonic() + timeout
            while True:
                assert proc.poll() is None, f"{cmd} stopped with {proc.returncode}"
                try:
                    if client.get(f"http://127.0.0.1:{port}/").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, f"{cmd} did not serve in {timeout} s"
                time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=60)


@pytest.mark.slow
def test_ask_json_has_every_field_the_contract_documents(corpus_dir: Path, tmp_path: Path) -> None:
    example = contract_example("An answer")
    required = set(example) - {"id"}  # id: eval results only
    done = subprocess.run(
        [str(BIN / "assistant"), "ask", "Hvor mange penge blev der afsat til ledige med banderelationer?",
         "--history", "Hvad er den styrkede aktiveringsindsats?", "--json",
         "--corpus", str(corpus_dir), "--index", str(tmp_path / "index")],
        capture_output=True, text=True, timeout=600, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert required <= set(answer), required - set(answer)
    assert answer["citations"] and answer["retrieved"]
    assert set(example["citations"][0]) <= set(answer["citations"][0])
    assert set(example["retrieved"][0]) <= set(answer["retrieved"][0])
    assert answer["history"] == ["Hvad er den styrkede aktiveringsindsats?"]
