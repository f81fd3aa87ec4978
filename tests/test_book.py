"""Checks of the built book: every page is there, executed, and leaks nothing."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, toc_files
from grading_support import assignments, leaks, secret_lines

CHAPTERS = [f for f in toc_files() if f.startswith("chapters/")]


def test_every_page_of_the_table_of_contents_is_built(built_book):
    for docname in toc_files():
        assert (built_book / f"{docname}.html").exists(), docname


def test_every_chapter_file_is_in_the_table_of_contents():
    on_disk = {f"chapters/{p.stem}" for p in (ROOT / "chapters").glob("*.md")}
    assert on_disk == set(CHAPTERS)


@pytest.mark.parametrize("docname", CHAPTERS)
def test_chapter_executed_without_errors_and_has_figures(built_book, docname):
    executed = ROOT / "_build" / "jupyter_execute" / f"{docname}.ipynb"
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    outputs = [o for c in notebook["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3, f"{docname} should show at least three figures"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_chapter_offers_its_notebook_for_download(built_book, docname):
    download = built_book / "_sources" / f"{docname}.ipynb"
    assert download.exists()
    page = (built_book / f"{docname}.html").read_text(encoding="utf-8")
    assert f"_sources/{docname}.ipynb" in page


def test_introduction_lists_all_fourteen_chapters(built_book):
    text = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    for number in range(1, 15):
        assert f"| {number}. " in text, f"chapter {number} is missing"


def test_built_book_holds_no_solution_or_hidden_test(built_book):
    secrets = set().union(*(secret_lines(a) for a in assignments()))
    html = built_book
    found = {}
    for path in html.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".ipynb", ".md", ".txt", ".js"}:
            hits = leaks(path.read_text(encoding="utf-8", errors="ignore"), secrets)
            if hits:
                found[str(path.relative_to(html))] = hits[:2]
    assert not found
