"""Evaluering at /staff, end to end: a logged-in staff member in chromium uploads a QA file with bad
lines (each reported in Danish by its number), then a small good one, runs it, and downloads
results.jsonl, metrics.json and report.md, whose contents are checked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import reported, watched_page
from live_app import FIRST, FOLLOW_UP, SEED, STAFF_NAME, STAFF_PASSWORD, LiveApp, start_app, stop_app

pytestmark = [pytest.mark.server, pytest.mark.browser]
UPLOAD_KB = 4  # ASSISTANT_QA_UPLOAD_KB: small, so that the size limit is tried too
GOOD = [
    {"id": "e1", "question": FIRST, "answerable": True, "gold": ["styrke aktiveringsindsatsen"]},
    {"id": "e2", "question": FOLLOW_UP, "history": [FIRST], "answerable": True, "gold": ["12,6 mio. kr."]},
    {"id": "e3", "question": "Hvad koster et buskort?", "answerable": False, "gold": []},
]
BAD_LINES = [
    json.dumps(GOOD[0], ensure_ascii=False),  # 1: good
    "{ikke json",  # 2
    json.dumps({**GOOD[1], "id": "e1"}, ensure_ascii=False),  # 3: the id of line 1 again
    "",  # 4: blank lines are allowed
    json.dumps({"id": "e4", "answerable": True, "gold": ["x"]}),  # 5: no question
    json.dumps({**GOOD[2], "answerable": "ja"}, ensure_ascii=False),  # 6: not true or false
]


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """Its own server (the `watched` page uses it), with a small upload limit."""
    app = start_app(tmp_path_factory.mktemp("eval-app"), extra_env={"ASSISTANT_QA_UPLOAD_KB": str(UPLOAD_KB)})
    yield app
    stop_app(app)


@pytest.fixture
def page(live_app: LiveApp) -> Iterator[Any]:
    with watched_page() as watched:
        yield watched


def upload(page: Any, path: Path) -> None:
    """Put a file into "Egen QA-fil", replacing one that is there, and wait until it is uploaded."""
    box = page.locator("#qa-upload")
    if box.locator("input[type=file]").count() == 0:
        box.get_by_role("button", name="Ryd").last.click()
    box.locator("input[type=file]").set_input_files(str(path))


def run(page: Any, outcome: str) -> Any:
    """Press "Kør evaluering" and wait for `outcome` in its status (a run's status replaces the last)."""
    page.get_by_role("button", name="Kør evaluering").click()
    status = page.locator("#evaluering-status", has_text=outcome)
    status.wait_for()
    return status


def download(page: Any, name: str, into: Path) -> Path:
    with page.expect_download() as got:
        page.locator(f"#hent a[download='{name}']").click()
    path = into / name
    got.value.save_as(path)
    return path


def test_staff_upload_a_qa_file_run_it_and_download_the_results(
    page: Any, live_app: LiveApp, tmp_path: Path
) -> None:
    page.goto(live_app.url + "/staff/")
    page.get_by_label("Brugernavn").fill(STAFF_NAME)
    page.get_by_label("Adgangskode").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.locator("#logget-ind", has_text=f"Logget ind som {STAFF_NAME}").wait_for()
    page.get_by_role("tab", name="Evaluering").click()

    big = tmp_path / "stor.jsonl"  # beyond the limit: refused before it is sent, in Danish
    big.write_text((json.dumps(GOOD[0], ensure_ascii=False) + "\n") * 40, encoding="utf-8")
    assert big.stat().st_size > UPLOAD_KB * 1024
    upload(page, big)
    toast = page.locator("[data-testid='toast-body']", has_text="er for stor")
    assert toast.inner_text().startswith("Fejl") and f'Filen "stor.jsonl" er for stor. Højst {UPLOAD_KB}' in (
        toast.inner_text()
    )
    assert "Slip filen her" in page.locator("#qa-upload").inner_text()  # nothing was taken

    bad = tmp_path / "fejl.jsonl"
    bad.write_text("\n".join(BAD_LINES) + "\n", encoding="utf-8")
    upload(page, bad)
    page.locator("#qa-upload", has_text="fejl").wait_for()
    message = run(page, "QA-filen har").locator(".fejl").inner_text()
    assert "Det gik ikke: QA-filen har 4 fejl:" in message, message
    for number in (2, 3, 5, 6):
        assert f"Linje {number}:" in message, (number, message)
    assert "Linje 1:" not in message and "Linje 4:" not in message
    assert "Linje 2: ugyldig JSON ved tegn 2." in message and "allerede brugt på linje 1" in message
    assert "Linje 5: mangler feltet 'question'" in message and "Expecting" not in message  # no English
    assert page.locator("#hent a").count() == 0  # nothing to download from a refused file

    good = tmp_path / "lille.jsonl"
    good.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in GOOD), encoding="utf-8")
    upload(page, good)
    page.locator("#qa-upload", has_text="lille").wait_for()
    status = run(page, "Evalueringen af lille.jsonl tog")
    assert status.locator(".fejl").count() == 0
    page.locator("#hent a").nth(2).wait_for()
    names = page.locator("#hent a").evaluate_all("links => links.map(a => a.getAttribute('download'))")
    assert sorted(names) == ["metrics.json", "report.md", "results.jsonl"]

    lines = download(page, "results.jsonl", tmp_path).read_text("utf-8").splitlines()
    results = [json.loads(line) for line in lines]
    assert [r["id"] for r in results] == ["e1", "e2", "e3"]
    from assistant.text.letters import load_letter

    letter = load_letter(SEED.parent, SEED)
    for r in results:
        assert {"question", "history", "refused", "answer", "citations", "retrieved", "latency_ms"} <= set(r)
        for c in r["citations"]:
            assert c["letter_id"] == letter.letter_id and letter.text[c["start"] : c["end"]] == c["quote"]
    assert not results[1]["refused"] and "12,6 mio. kr." in results[1]["answer"]
    assert results[1]["history"] == [FIRST] and results[2]["refused"]
    metrics = json.loads(download(page, "metrics.json", tmp_path).read_text("utf-8"))
    assert metrics["items"]["total"] == 3 and metrics["run"]["qa_file"].endswith("lille.jsonl"), metrics
    report = download(page, "report.md", tmp_path).read_text("utf-8")
    assert report.startswith("# Evalueringsrapport") and "lille.jsonl" in report and "3 spørgsmål" in report

    page.get_by_role("heading", name="Evalueringsrapport").wait_for()  # the report, on the page too
    figure = page.locator("img[src*='.png']").first
    figure.scroll_into_view_if_needed()  # the gallery loads its images lazily
    page.wait_for_function("(img) => img.naturalWidth > 0", arg=figure.element_handle())
    assert reported(page) == []
