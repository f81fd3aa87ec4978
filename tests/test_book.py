"""Checks of the built book: every page is there, executed, and leaks nothing."""

from __future__ import annotations

import re

import pytest
from grading_support import SOURCE, assignments, leaks, public_text, secret_lines

from conftest import ROOT, toc_docnames

CHAPTERS = [f for f in toc_docnames() if f.startswith("chapters/")]
# A chapter's main page is chapters/chNN_<slug>/<slug>; other pages are sections.
MAIN_PAGES = [d for d in CHAPTERS if d.split("/")[1].endswith("_" + d.split("/")[2])]


def test_every_page_of_the_table_of_contents_is_built(built_book):
    for docname in toc_docnames():
        assert (built_book / f"{docname}.html").exists(), docname


def test_every_chapter_file_is_in_the_table_of_contents():
    on_disk = {
        f"chapters/{p.parent.name}/{p.stem}"
        for p in (ROOT / "chapters").glob("ch*/*.md")
        if p.parent.name.endswith(f"_{p.stem}")
    }
    assert on_disk == set(MAIN_PAGES)


@pytest.mark.parametrize("docname", MAIN_PAGES)
def test_chapter_executed_without_errors_and_has_figures(built_book, docname):
    # The page, not _build/jupyter_execute: on an execution-cache hit myst-nb
    # writes that copy without its outputs.
    page = (built_book / f"{docname}.html").read_text(encoding="utf-8")
    assert "traceback" not in page and "output error" not in page
    figures = re.findall(r'<img [^>]*src="(?:\.\./)+_images/[0-9a-f]+\.png"', page)
    assert len(figures) >= 3, f"{docname} should show at least three figures"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_chapter_offers_its_notebook_for_download(built_book, docname):
    download = built_book / "_sources" / f"{docname}.ipynb"
    assert download.exists()
    page = (built_book / f"{docname}.html").read_text(encoding="utf-8")
    assert f"_sources/{docname}.ipynb" in page


def test_introduction_lists_all_fourteen_chapters_and_links_the_written_ones(
    built_book,
):
    page = (built_book / "book" / "intro.html").read_text(encoding="utf-8")
    for number in range(1, 15):
        assert f"<td><p>{number}. " in page, f"chapter {number} is missing"
    for docname in CHAPTERS:
        assert f'href="../{docname}.html"' in page, docname


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


def rubric_secrets() -> tuple[set[str], set[str]]:
    """Phrases (lines of plain text) and figures of the rubrics that nothing public says."""
    published = public_text() + "".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "_build" / "jupyter_execute").rglob("*.ipynb")
    )
    phrases, figures = set(), set()
    for rubric in SOURCE.glob("*/rubric.md"):
        text = rubric.read_text(encoding="utf-8")
        lines = (re.sub(r"^(\d+\.|-) ", "", ln.strip()) for ln in text.splitlines())
        phrases |= {
            line
            for line in lines
            if len(line) >= 24 and not re.search(r"[*`{}|$]", line)
        }
        figures |= set(re.findall(r"(?<![\d.])\d+\.\d+(?![\d.])", text))
    return (
        {p for p in phrases if p not in published},
        {f for f in figures if f not in published},
    )


def test_student_book_holds_no_instructor_guide_or_rubric(built_book):
    phrases, figures = rubric_secrets()
    assert phrases and figures, "the rubrics should hold model answers to hide"
    assert not list(built_book.rglob("instructor_guide*"))
    found = {}
    for path in built_book.rglob("*"):
        vendored = "_static" in path.parts  # the theme's and vendored files
        if path.suffix in {".html", ".ipynb", ".md", ".txt", ".js"} and not vendored:
            text = path.read_text(encoding="utf-8", errors="ignore")
            hits = [p for p in phrases if p in text]
            # Figures in the text a reader sees: not in scripts (an explorer's
            # data grid holds every value of its sliders), drawings (KaTeX's
            # SVG paths) or tag attributes, nor in a notebook's chart output.
            shown = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", text, flags=re.DOTALL)
            shown = re.sub(r"<[^>]*>", " ", shown)
            # A chapter page publishes the figures it computes, and a rubric may
            # reuse a chapter's worked example; anywhere else a figure is a leak.
            chapter_page = path.relative_to(built_book).parts[0] == "chapters"
            if path.suffix in {".html", ".md", ".txt"} and not chapter_page:
                hits += [
                    f
                    for f in figures
                    if re.search(rf"(?<![\d.]){re.escape(f)}(?![\d.])", shown)
                ]
            if hits:
                found[str(path.relative_to(built_book))] = hits[:3]
    assert not found


def test_instructor_edition_has_the_guide_with_every_rubric(instructor_book):
    page = (instructor_book / "book" / "instructor_guide.html").read_text(
        encoding="utf-8"
    )
    for assignment in assignments():
        number = int(assignment[2:4])
        assert f"Assignment {number} — " in page, assignment
    text = " ".join(page.split())
    phrases, _ = rubric_secrets()
    plain = [p for p in phrases if re.fullmatch(r"[\w ,.;:()%]+", p)]
    assert plain, "the rubrics should have plain-text lines"
    assert [p for p in plain if p not in text] == []
