"""The PDF of the whole book (``make pdf``): every chapter, Chinese and equations.

``make test`` builds ``_build/pdf/crmlab.pdf`` first; ``CRMLAB_BOOK_PDF`` names
another file. The text is extracted with pypdf.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import ROOT, toc_docnames

# The PDF is the book printed by Chromium: a book build and more.
pytestmark = [pytest.mark.book, pytest.mark.slow]
PDF = Path(os.environ.get("CRMLAB_BOOK_PDF", ROOT / "_build" / "pdf" / "crmlab.pdf"))


def toc_titles() -> list[str]:
    """The first heading of every document in ``_toc.yml``."""
    titles = []
    for name in toc_docnames():
        text = (ROOT / f"{name}.md").read_text(encoding="utf-8")
        titles.append(re.search(r"^# (.+)$", text, re.MULTILINE).group(1).strip())
    return titles


@pytest.fixture(scope="module")
def pdf_text() -> str:
    if not PDF.is_file():
        pytest.fail(f"{PDF} not found: run `make pdf` (make test does).")
    from pypdf import PdfReader

    reader = PdfReader(PDF)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("title", toc_titles())
def test_the_pdf_contains_every_title_of_the_table_of_contents(title, pdf_text):
    words = re.sub(r"[{}`]", "", title).split()
    assert " ".join(words) in pdf_text


def test_the_pdf_shows_chinese_terms_as_text_not_missing_glyphs(pdf_text):
    assert "客户终身价值" in pdf_text
    assert "\ufffd" not in pdf_text


def font_names(reader) -> set[str]:
    """Names of the fonts the PDF embeds (Chromium embeds web fonts as Type3)."""
    names = set()
    for page in reader.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            name = font.get("/BaseFont") or descriptor.get_object().get("/FontName")
            names.add(str(name).split("+")[-1])
    return names


def test_the_pdf_typesets_equations_with_katex_and_chinese_with_the_cjk_font():
    from pypdf import PdfReader

    reader = PdfReader(PDF)
    names = font_names(reader)
    assert len(reader.pages) > 20
    # equations are KaTeX's HTML, set in KaTeX's own fonts (book/_ext/katex_math.py)
    assert {"KaTeX_Main-Regular", "KaTeX_Math-Italic"} <= names, names
    assert any("WenQuanYi" in name or "CJK" in name for name in names), names
