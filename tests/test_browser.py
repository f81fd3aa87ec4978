"""The built book in a real browser: offline, complete, searchable in Chinese.

Debian's headless Chromium (``make system-deps``), driven by Playwright, reads
the HTML book served from 127.0.0.1. Every request to another host is blocked
and counted: the book must work for readers with no access to a CDN. Every
page of the table of contents must load without a console error, a failed
request, a broken image or a broken internal link; equations are typeset,
widgets render from the book's own files, search finds English and Chinese
terms, and each chapter's notebook download runs from an empty folder.

The book is ``_build/html`` (``make book``; built here if missing) or the
folder named by ``CRMLAB_BOOK_HTML``. The counts are printed (``pytest -s``)
and written to ``_build/browser-report.json`` next to the book.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from conftest import ROOT, toc_docnames

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api", reason="install the dev extra")


def _load_print_pdf():
    """The browser helpers shared with ``scripts/print_pdf.py``."""
    spec = importlib.util.spec_from_file_location(
        "print_pdf", ROOT / "scripts" / "print_pdf.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


browser_tools = _load_print_pdf()


DOCUMENTS = toc_docnames()
CHAPTERS = [doc for doc in DOCUMENTS if doc.startswith("chapters/")]
REPORT = {"pages_checked": 0, "links_checked": 0, "external_requests": 0}
EXTERNAL_URLS: list[str] = []


@pytest.fixture(scope="session")
def book_html(request) -> Path:
    """The book named by ``CRMLAB_BOOK_HTML``, else ``built_book`` (built if missing)."""
    if "CRMLAB_BOOK_HTML" in os.environ:
        html = Path(os.environ["CRMLAB_BOOK_HTML"])
    else:
        html = request.getfixturevalue("built_book")
    assert (html / "index.html").is_file(), f"no book at {html}"
    return html


@pytest.fixture(scope="session")
def base_url(book_html):
    with browser_tools.serve(book_html) as url:
        yield url


@pytest.fixture(scope="session")
def browser(book_html):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        with browser_tools.chromium(playwright) as context:
            yield context
    report = {**REPORT, "external_urls": sorted(set(EXTERNAL_URLS))}
    path = book_html.parent / "browser-report.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        f"\nbrowser test: {report['pages_checked']} pages checked, "
        f"{report['links_checked']} internal links checked, "
        f"{report['external_requests']} external requests attempted ({path})"
    )


class Visit:
    """One page opened in the browser, with what went wrong while loading."""

    def __init__(self, browser, url: str):
        self.page = browser.new_page()
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.external: list[str] = []
        browser_tools.block_other_hosts(self.page, self.external)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)
        self.page.goto(url, wait_until="networkidle", timeout=120_000)
        self.equations = browser_tools.wait_for_typesetting(self.page)

    def _console(self, message):
        if message.type == "error":
            self.errors.append(message.text)

    def _request_failed(self, request):
        if request.url not in self.external:
            self.failed.append(f"{request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def close(self):
        REPORT["external_requests"] += len(self.external)
        EXTERNAL_URLS.extend(self.external)
        self.page.close()


@pytest.fixture
def visit(browser, base_url):
    visits = []

    def open_page(path: str) -> Visit:
        visits.append(Visit(browser, urljoin(base_url, path)))
        return visits[-1]

    yield open_page
    for opened in visits:
        opened.close()


@functools.cache
def _html_of(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def broken_internal_links(book_html: Path, page_url: str, hrefs: list[str]) -> list:
    """Local links whose file or ``#anchor`` does not exist in the build."""
    broken = []
    host = urlparse(page_url).netloc
    for href in hrefs:
        url = urlparse(urljoin(page_url, href))
        if url.scheme not in ("http", "https") or url.netloc != host:
            continue
        REPORT["links_checked"] += 1
        target = book_html / unquote(url.path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(href)
        elif url.fragment and target.suffix == ".html":
            anchor = unquote(url.fragment)
            if f'id="{anchor}"' not in _html_of(target):
                broken.append(href)
    return broken


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_page_loads_offline_without_errors_broken_images_or_links(
    document, visit, book_html
):
    page = visit(f"{document}.html")
    images = page.page.evaluate(
        "() => [...document.images].map((img) => [img.src, img.naturalWidth])"
    )
    hrefs = page.page.evaluate(
        "() => [...document.querySelectorAll('a[href]')].map((a) => a.href)"
    )
    REPORT["pages_checked"] += 1
    assert page.external == [], "requests to other hosts"
    assert page.errors == [], "console errors"
    assert page.failed == [], "failed requests"
    assert [src for src, width in images if width == 0] == [], "broken images"
    assert broken_internal_links(book_html, page.page.url, hrefs) == []


def test_equations_on_the_customer_value_page_are_typeset_by_the_local_mathjax(
    visit,
):
    page = visit("chapters/ch03_customer_value/customer_value.html")
    scripts = page.page.evaluate(
        "() => [...document.scripts].map((s) => s.src).filter((src) => src)"
    )
    assert any("_static/vendor/mathjax/" in src for src in scripts)
    assert page.equations > 10
    assert page.page.locator("mjx-container").count() == page.equations
    assert page.external == []


def test_widgets_on_the_customer_value_page_render_from_the_books_own_files(visit):
    page = visit("chapters/ch03_customer_value/customer_value.html")
    page.page.wait_for_selector(".widget-slider", timeout=30_000)
    assert page.page.locator(".jupyter-widgets .widget-slider").count() > 0
    assert page.errors == [] and page.failed == [] and page.external == []


def search_results(visit, query: str) -> list[str]:
    """Paths of the search page's results for ``query``, best first."""
    page = visit(f"search.html?q={query}")
    page.page.wait_for_function(  # the summary is written when the search ends
        "() => document.querySelector('#search-results .search-summary')?.innerText",
        polling=100,
        timeout=30_000,
    )
    links = page.page.locator("#search-results ul.search li a").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )
    assert page.errors == [] and page.external == []
    return [urlparse(href).path for href in links]


# customer equity (客户资产) and customer delivered value (客户让渡价值) are
# taught only in chapter 3; its lifetime value is used by later chapters too
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("customer equity", "chapters/ch03_customer_value/customer_value.html"),
        ("客户让渡价值", "chapters/ch03_customer_value/customer_value.html"),
        ("客户资产", "chapters/ch03_customer_value/customer_value.html"),
    ],
)
def test_search_lists_the_chapter_that_teaches_a_term_first_in_english_and_chinese(
    query, expected, visit
):
    assert search_results(visit, query)[0] == expected


def test_search_segments_a_chinese_phrase_typed_without_spaces(visit):
    # jieba indexed 客户 / 终身 / 价值; the whole phrase is in no index entry
    assert "chapters/ch03_customer_value/customer_value.html" in search_results(
        visit, "客户终身价值"
    )


def test_the_first_glossary_link_of_the_customer_value_page_opens_its_entry(visit):
    page = visit("chapters/ch03_customer_value/customer_value.html")
    link = page.page.locator("article a.reference:has(span.std-term)").first
    term = link.inner_text().strip()
    link.click()
    page.page.wait_for_load_state("networkidle")
    url = urlparse(page.page.url)
    assert url.path.endswith("book/glossary.html") and url.fragment
    entry = page.page.evaluate(
        "(id) => { const el = document.getElementById(id);"
        " return el ? [el.tagName, el.textContent] : null; }",
        unquote(url.fragment),
    )
    assert entry is not None and entry[0] == "DT"
    assert term in entry[1]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapters_notebook_download_runs_from_an_empty_folder(
    chapter, visit, tmp_path
):
    import nbclient
    import nbformat

    page = visit(f"{chapter}.html")
    link = page.page.locator("a.btn-download-notebook-button")
    href = urljoin(page.page.url, link.get_attribute("href"))
    assert urlparse(href).path.endswith(f"_sources/{chapter}.ipynb")
    response = page.page.request.get(href)
    assert response.ok, f"{href}: HTTP {response.status}"
    notebook = nbformat.reads(response.text(), as_version=4)
    workdir = tmp_path / "reader"
    workdir.mkdir()
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()
    errors = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors == []
