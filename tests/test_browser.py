"""The built book in a real browser: offline, complete, searchable in Chinese.

Debian's headless Chromium (``make system-deps``), driven by Playwright, reads
the HTML book served from 127.0.0.1. Every request to another host is blocked
and counted: the book must work for readers with no access to a CDN. Every
page of the table of contents must load without a console error, a failed
request, a broken image or a broken internal link; equations come typeset
(KaTeX, at build time, with no script),
each chapter's explorer draws from the book's own files and redraws when its
controls move, search finds English and Chinese terms, and each chapter's
notebook download runs from an empty folder.

The book is ``_build/html`` (``make book``; built here if missing) or the
folder named by ``CRMLAB_BOOK_HTML``. The counts are printed (``pytest -s``)
and written to ``_build/browser-report.json`` next to the book.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import itertools
import json
import os
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import numpy as np
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


def test_equations_on_the_customer_value_page_are_typeset_at_build_time_by_katex(
    visit,
):
    page = visit("chapters/ch03_customer_value/customer_value.html")
    # scrolled through, as a reader would: nothing more is needed for math
    page.page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.page.wait_for_load_state("networkidle")
    equations = browser_tools.wait_for_typesetting(page.page)
    assert equations > 10
    # every equation is KaTeX's HTML (with MathML for screen readers), written
    # into the page at build time; numbered ones keep their anchor and number
    assert page.page.locator(".math").count() == equations
    assert page.page.locator(".math .katex-mathml math").count() == equations
    numbered = page.page.locator("div.math#equation-eq-clv")
    assert numbered.locator(".katex-display").count() == 1
    assert numbered.locator("span.eqno").inner_text().startswith("(")
    # the fonts are KaTeX's own, from the book
    fonts = page.page.evaluate(
        "() => [...document.fonts].filter((f) => f.status === 'loaded')"
        ".map((f) => f.family)"
    )
    assert "KaTeX_Main" in fonts and "KaTeX_Math" in fonts, fonts
    # no script for math: MathJax (or any typesetting script) is never requested
    requested = page.page.evaluate(
        "() => performance.getEntriesByType('resource').map((entry) => entry.name)"
    )
    assert any("_static/vendor/katex/katex.css" in url for url in requested)
    assert not [url for url in requested if "mathjax" in url.lower()]
    assert not page.page.evaluate("() => 'MathJax' in window")
    assert page.external == [] and page.errors == [] and page.failed == []


# --- the chapters' explorers ---------------------------------------------------
#
# Each explorer is drawn on its built page with every request to another host
# blocked; every control is moved and the chart must change and show crmlab's
# number at that setting.

# the chart's texts, a title of several lines (<tspan>s) as one text per line
EXPLORER_TEXTS_JS = """(box) => [...box.querySelectorAll('svg text')].flatMap((t) => {
  const lines = t.querySelectorAll('tspan');
  return lines.length ? [...lines].map((l) => l.textContent) : [t.textContent];
})"""
# Set the control labelled `label` to `value` as a reader would, then wait
# for the chart to be redrawn.
SET_CONTROL_JS = """async ([box, label, value]) => {
  const bind = [...box.querySelectorAll('.vega-bind')].find(
    (b) => b.querySelector('.vega-bind-name').textContent.trim() === label);
  if (!bind) throw new Error('no control ' + label);
  const select = bind.querySelector('select');
  const radios = [...bind.querySelectorAll('input[type=radio]')];
  if (select) {
    select.value = String(value);
    select.dispatchEvent(new Event('change', { bubbles: true }));
  } else if (radios.length) {
    radios.find((r) => r.value === String(value)).click();
  } else {
    const input = bind.querySelector('input');
    input.value = String(value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  await box.crmView.runAsync();
  return [...box.querySelectorAll('.vega-bind input, .vega-bind select')].length;
}"""


class Explorer:
    """The explorer of a chapter page, scrolled into view and drawn."""

    def __init__(self, visit, chapter: str):
        self.visit = visit(f"{chapter}.html")
        page = self.visit.page
        scripts = page.evaluate("() => [...document.scripts].map((s) => s.src)")
        assert not any("vega" in src for src in scripts), "vega loaded before use"
        self.box = page.locator(".crm-explorer")
        assert self.box.count() == 1
        self.box.scroll_into_view_if_needed()
        page.wait_for_selector(
            ".crm-explorer[data-state=ready], .crm-explorer[data-state=failed]",
            timeout=30_000,
        )
        assert self.box.get_attribute("data-state") == "ready", self.box.inner_text()
        self.handle = self.box.element_handle()

    def texts(self) -> list[str]:
        return self.visit.page.evaluate(EXPLORER_TEXTS_JS, self.handle)

    def text(self) -> str:
        return "\n".join(self.texts())

    def set(self, label: str, value) -> None:
        self.visit.page.evaluate(SET_CONTROL_JS, [self.handle, label, value])

    def labels(self) -> list[str]:
        return self.visit.page.evaluate(
            "(box) => [...box.querySelectorAll('.vega-bind-name')]"
            ".map((n) => n.textContent.trim())",
            self.handle,
        )

    def check_clean(self) -> None:
        assert self.visit.external == [], "requests to other hosts"
        assert self.visit.errors == [], "console errors"
        assert self.visit.failed == [], "failed requests"


def moved(explorer: Explorer, label: str, value) -> str:
    """Move one control; the chart must change. Returns its new text."""
    before = explorer.text()
    explorer.set(label, value)
    after = explorer.text()
    assert after != before, f"moving {label} to {value} did not redraw the chart"
    return after


def test_the_retention_explorer_redraws_with_crmlabs_clv_for_every_control(visit):
    from crmlab.value import retention_clv

    explorer = Explorer(visit, "chapters/ch03_customer_value/customer_value")
    assert explorer.labels() == ["Margin m", "Retention r", "Discount d", "Cash at"]
    assert (
        f"CLV = {retention_clv(100, 0.8, 0.1):,.2f} = 2.667 × margin" in explorer.text()
    )
    setting = {"m": 100, "r": 0.8, "d": 0.1, "timing": "end"}
    for label, key, value in [
        ("Margin m", "m", 200),
        ("Retention r", "r", 0.9),
        ("Discount d", "d", 0.2),
        ("Cash at", "timing", "start"),
    ]:
        setting[key] = value
        text = moved(explorer, label, value)
        clv = retention_clv(
            setting["m"], setting["r"], setting["d"], timing=setting["timing"]
        )
        assert f"CLV = {clv:,.2f} " in text, (label, text)
    explorer.check_clean()


def abc_lines(sales, a: float, b: float, rule: str) -> list[str]:
    from crmlab.classify import abc_classify, summarize_classes

    summary = summarize_classes(abc_classify(sales, cutoffs=(a, b), rule=rule))
    return [
        f"{row.Index}: {row.customers} customers, {row.value_share:.1%} of value"
        for row in summary.itertuples()
        if row.customers
    ]


def test_the_abc_explorer_redraws_with_crmlabs_classes_for_every_control(visit):
    from crmlab.datasets import load_distributors

    sales = load_distributors()
    explorer = Explorer(visit, "chapters/ch07_grading_customers/grading_customers")
    assert explorer.labels() == ["A bound", "B bound", "Rule"]
    for line in abc_lines(sales, 0.8, 0.95, "not_exceed"):
        assert line in explorer.texts()
    setting = {"a": 0.8, "b": 0.95, "rule": "not_exceed"}
    for label, key, value in [
        ("A bound", "a", 0.7),
        ("B bound", "b", 0.85),
        ("Rule", "rule", "cross"),
    ]:
        setting[key] = value
        moved(explorer, label, value)
        texts = explorer.texts()
        for line in abc_lines(sales, setting["a"], setting["b"], setting["rule"]):
            assert line in texts, (label, line, texts)
    text = moved(explorer, "A bound", 0.9)  # not below the B bound of 85 %
    assert "The A bound must be below the B bound." in text
    explorer.check_clean()


def test_the_kano_explorer_shows_crmlabs_category_for_every_control(visit):
    from crmlab.satisfaction import KANO_CATEGORIES, kano_category
    from crmlab.viz.satisfaction import KANO_MEANINGS

    explorer = Explorer(
        visit, "chapters/ch09_customer_satisfaction/customer_satisfaction"
    )
    assert explorer.labels() == ["Functional", "Dysfunctional"]
    assert "Category O: one-dimensional (期望质量)" in explorer.texts()
    for label, f, d in [
        ("Functional", 3, 5),
        ("Dysfunctional", 3, 3),
        ("Functional", 5, 3),
    ]:
        moved(explorer, label, f if label == "Functional" else d)
        code = kano_category(f, d)
        english, chinese = KANO_CATEGORIES[code]
        texts = explorer.texts()
        assert f"Category {code}: {english} ({chinese})" in texts
        assert KANO_MEANINGS[code] in texts
    explorer.check_clean()


def loyalty_lines(weights: dict) -> tuple[str, list[str]]:
    from crmlab.datasets import (
        BOUNDS,
        HIGHER_IS_BETTER,
        MEASURES,
        make_loyalty_survey,
    )
    from crmlab.loyalty import loyalty_index

    survey = make_loyalty_survey()
    index = loyalty_index(
        survey[list(MEASURES)],
        weights=weights,
        higher_is_better=HIGHER_IS_BETTER,
        bounds=BOUNDS,
    )
    best = index.sort_values(ascending=False, kind="stable").head(5)
    top = [f"{k}. {key}  {value:.1f}" for k, (key, value) in enumerate(best.items(), 1)]
    return f"Mean index {index.mean():.1f} of {len(index)} customers", top


def test_the_loyalty_explorer_redraws_with_crmlabs_index_for_every_weight(visit):
    from crmlab.datasets import DEFAULT_WEIGHTS, MEASURES

    explorer = Explorer(visit, "chapters/ch10_customer_loyalty/customer_loyalty")
    assert explorer.labels() == [label for label, _ in MEASURES.values()]
    weights = dict(DEFAULT_WEIGHTS)
    mean, top = loyalty_lines(weights)
    assert mean in explorer.texts() and all(line in explorer.texts() for line in top)
    for name, (label, _) in MEASURES.items():
        weights[name] = 50 if weights[name] != 50 else 0
        moved(explorer, label, weights[name])
        mean, top = loyalty_lines(weights)
        texts = explorer.texts()
        assert mean in texts, (label, mean, texts)
        assert all(line in texts for line in top), (label, top, texts)
    for label, _ in MEASURES.values():
        explorer.set(label, 0)
    assert "Give at least one measure a positive weight." in explorer.texts()
    explorer.check_clean()


def test_the_winback_explorer_redraws_with_crmlabs_value_for_every_control(visit):
    from crmlab.loyalty import winback_value

    explorer = Explorer(visit, "chapters/ch11_churn_winback/churn_winback")
    assert explorer.labels() == ["Probability p", "Value V", "Cost c"]
    assert "Expected value = 80.00 per customer: contact" in explorer.texts()
    setting = {"p": 0.3, "v": 400, "c": 40}
    for label, key, value in [
        ("Probability p", "p", 0.05),
        ("Value V", "v", 600),
        ("Cost c", "c", 100),
    ]:
        setting[key] = value
        moved(explorer, label, value)
        expected = float(winback_value(setting["p"], setting["v"], setting["c"]))
        decision = "contact" if expected > 0 else "do not contact"
        line = f"Expected value = {expected:,.2f} per customer: {decision}"
        assert line.replace("-", "−") in explorer.texts() or line in explorer.texts()
        even = f"break-even probability {setting['c'] / setting['v']:.1%}"
        assert any(t.startswith(even) for t in explorer.texts())
    explorer.check_clean()


def test_pages_without_an_explorer_load_no_explorer_code(visit):
    page = visit("book/intro.html")
    scripts = page.page.evaluate("() => [...document.scripts].map((s) => s.src)")
    assert not any("crm-explorers" in src or "vega" in src for src in scripts)
    assert not any("embed-amd" in src or "require.js" in src for src in scripts)


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


# --- the explorers equal crmlab on their whole grid ------------------------------
# The explorers equal crmlab on their whole grid, computed by the book's own Vega.
#
# An explorer may evaluate a short formula in the browser (``FORMULAS`` in
# ``crmlab/viz/explorers.py``) or look up answers crmlab computed at build
# time. Here headless Chromium loads the built book's ``vega.min.js`` and
#
# * evaluates each formula, with Vega's expression language, at every setting
#   the explorer's controls can take (the cartesian product of the sliders'
#   steps), and compares it with crmlab's function at the same setting;
# * drives the ABC and Kano charts themselves through every setting and
#   compares what they print with crmlab.
#
# The loyalty index has 11**7 weight settings per customer, too many to run;
# its formula is checked here at every single-measure setting, with equal
# weights and at 300 random settings of the grid, and
# ``tests/test_explorers.py`` checks that crmlab's index is that weighted mean
# for any weights.

# Evaluate a Vega expression on the cartesian product of named axes, rows in
# itertools.product order; the results come back as base64 float64s.
EVALUATE_JS = """async ({ expr, axes, given }) => {
  const total = given ? given.length : axes.reduce((n, [, values]) => n * values.length, 1);
  const rows = given || new Array(total);
  for (let k = 0; !given && k < total; k++) {
    const row = {};
    let rest = k;
    for (let j = axes.length - 1; j >= 0; j--) {
      const [name, values] = axes[j];
      row[name] = values[rest % values.length];
      rest = Math.floor(rest / values.length);
    }
    rows[k] = row;
  }
  const spec = { data: [{ name: 'grid', values: rows,
    transform: [{ type: 'formula', expr, as: 'out' }] }] };
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  await view.runAsync();
  const out = Float64Array.from(view.data('grid'), (d) => d.out);
  const bytes = new Uint8Array(out.buffer);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}"""

# Drive a drawn explorer through settings (lists of [signal, value] pairs);
# return the chart's texts at each, a title's lines one by one.
SWEEP_JS = """async ([box, settings]) => {
  const view = box.crmView;
  const texts = () => [...box.querySelectorAll('svg text')].flatMap((t) => {
    const lines = t.querySelectorAll('tspan');
    return lines.length ? [...lines].map((l) => l.textContent) : [t.textContent];
  });
  const seen = [];
  for (const setting of settings) {
    for (const [name, value] of setting) view.signal(name, value);
    await view.runAsync();
    seen.push(texts());
  }
  return seen;
}"""


def steps(low: float, high: float, step: float) -> list[float]:
    """The values of a slider, as the browser reads them (nearest double)."""
    count = round((high - low) / step)
    return [round(low + k * step, 10) for k in range(count + 1)]


@pytest.fixture(scope="module")
def vega_page(browser, base_url):
    """A page of the book with the book's own vega.min.js, network blocked."""
    page = browser.new_page()
    blocked: list[str] = []
    browser_tools.block_other_hosts(page, blocked)
    page.goto(urljoin(base_url, "book/intro.html"))
    page.add_script_tag(url=urljoin(base_url, "_static/vendor/vega/vega.min.js"))
    page.base = base_url
    yield page
    page.close()
    assert blocked == []


def formula(name: str, **names: str) -> str:
    """``crmlab.viz.explorers.formula``: the chart's formula, renamed."""
    from crmlab.viz.explorers import formula

    return formula(name, **names)


def evaluate(page, expr: str, axes=None, rows=None) -> np.ndarray:
    """``expr`` on the product of ``axes`` (name, values), or on ``rows``."""
    encoded = page.evaluate(
        EVALUATE_JS, {"expr": expr, "axes": axes or [], "given": rows}
    )
    return np.frombuffer(base64.b64decode(encoded), dtype=np.float64)


def test_the_retention_clv_formula_equals_crmlab_on_the_whole_grid(vega_page):
    from crmlab.value import retention_clv

    axes = [
        ("m", steps(0, 500, 10)),
        ("r", steps(0, 0.99, 0.01)),
        ("d", steps(0, 0.3, 0.01)),
        ("timing", ["end", "start"]),
    ]
    names = {name: f"datum.{name}" for name, _ in axes}
    browser = evaluate(vega_page, formula("clv", **names), axes)
    expected = np.array(
        [
            retention_clv(m, r, d, timing=timing)
            for m, r, d, timing in itertools.product(*(v for _, v in axes))
        ]
    )
    assert browser.shape == expected.shape == (51 * 100 * 31 * 2,)
    np.testing.assert_allclose(browser, expected, rtol=1e-13, atol=1e-9)


def test_the_retention_bars_equal_the_crmlab_figure(vega_page):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from crmlab.viz.value import plot_retention_clv

    rng = np.random.default_rng(3)
    settings = [(100, 0.8, 0.1, "end"), (500, 0.99, 0.0, "start"), (0, 0.5, 0.3, "end")]
    settings += [
        (
            10 * int(rng.integers(0, 51)),
            int(rng.integers(0, 100)) / 100,
            int(rng.integers(0, 31)) / 100,
            str(rng.choice(["end", "start"])),
        )
        for _ in range(40)
    ]
    for m, r, d, timing in settings:
        axes = [("m", [m]), ("r", [r]), ("d", [d]), ("timing", [timing])]
        axes.append(("t", list(range(1, 21))))
        names = {name: f"datum.{name}" for name, _ in axes}
        browser = evaluate(vega_page, formula("present", **names), axes)
        ax = plot_retention_clv(m, r, d, timing=timing)
        heights = [bar.get_height() for bar in ax.patches]
        plt.close(ax.figure)
        np.testing.assert_allclose(browser, heights, rtol=1e-12, atol=1e-12)


def test_the_winback_formula_equals_crmlab_on_the_whole_grid(vega_page):
    from crmlab.loyalty import winback_value

    axes = [
        ("p", steps(0, 1, 0.01)),
        ("v", steps(0, 1000, 10)),
        ("c", steps(0, 200, 1)),
    ]
    names = {name: f"datum.{name}" for name, _ in axes}
    browser = evaluate(vega_page, formula("winback", **names), axes)
    p, v, c = (
        np.array(a).ravel() for a in np.meshgrid(*(x for _, x in axes), indexing="ij")
    )
    expected = winback_value(p, v, c)
    assert browser.shape == (101 * 101 * 201,)
    np.testing.assert_array_equal(browser, expected)


def test_the_loyalty_index_formula_equals_crmlab_at_many_weight_settings(vega_page):
    from crmlab.datasets import (
        BOUNDS,
        HIGHER_IS_BETTER,
        MEASURES,
        make_loyalty_survey,
    )
    from crmlab.loyalty import loyalty_index
    from crmlab.viz.explorers import loyalty_scores

    survey = make_loyalty_survey()
    scores = loyalty_scores(survey)
    rng = np.random.default_rng(10)
    settings = [tuple(50 * (j == k) for j in range(7)) for k in range(7)]
    settings.append((25,) * 7)
    while len(settings) < 308:
        weights = tuple(5 * int(w) for w in rng.integers(0, 11, size=7))
        if any(weights):
            settings.append(weights)
    names = {f"{x}{k}": f"datum.{x}{k}" for x in "ws" for k in range(7)}
    expr = formula("loyalty", **names)
    records = scores.to_dict("records")
    rows = [
        {**{f"w{k}": w for k, w in enumerate(weights)}, **record}
        for weights in settings
        for record in records
    ]
    browser = evaluate(vega_page, expr, rows=rows).reshape(len(settings), len(scores))
    for row, weights in zip(browser, settings, strict=True):
        expected = loyalty_index(
            survey[list(MEASURES)],
            weights=dict(zip(MEASURES, weights, strict=True)),
            higher_is_better=HIGHER_IS_BETTER,
            bounds=BOUNDS,
        )
        np.testing.assert_allclose(row, expected, rtol=1e-12, atol=1e-9)


@pytest.fixture(scope="module")
def drawn(vega_page):
    page = vega_page
    """Open a chapter page and return its drawn explorer's element."""

    def open_chapter(chapter: str):
        page.goto(vega_page.base + f"{chapter}.html", wait_until="networkidle")
        box = page.locator(".crm-explorer")
        box.scroll_into_view_if_needed()
        page.wait_for_selector(".crm-explorer[data-state=ready]", timeout=30_000)
        return box.element_handle()

    return open_chapter


def test_the_abc_chart_prints_crmlabs_classes_at_every_setting(vega_page, drawn):
    from crmlab.classify import abc_classify, summarize_classes
    from crmlab.datasets import load_distributors
    from crmlab.viz.explorers import ABC_A, ABC_B, ABC_RULES

    sales = load_distributors()
    box = drawn("chapters/ch07_grading_customers/grading_customers")
    settings = [(a, b, rule) for a in ABC_A for b in ABC_B for rule in ABC_RULES]
    seen = vega_page.evaluate(
        SWEEP_JS,
        [
            box,
            [
                [["a", a / 100], ["b", b / 100], ["rule", rule]]
                for a, b, rule in settings
            ],
        ],
    )
    assert len(seen) == len(settings) == 41 * 40 * 2
    for (a, b, rule), texts in zip(settings, seen, strict=True):
        if a >= b:
            assert "The A bound must be below the B bound." in texts
            continue
        table = abc_classify(sales, cutoffs=(a / 100, b / 100), rule=rule)
        for row in summarize_classes(table).itertuples():
            if row.customers:
                line = f"{row.Index}: {row.customers} customers, {row.value_share:.1%} of value"
                assert line in texts, (a, b, rule, line, texts)


def test_the_kano_chart_prints_crmlabs_category_for_every_answer_pair(vega_page, drawn):
    from crmlab.satisfaction import KANO_CATEGORIES, kano_category
    from crmlab.viz.satisfaction import KANO_ANSWERS, KANO_MEANINGS

    box = drawn("chapters/ch09_customer_satisfaction/customer_satisfaction")
    pairs = list(itertools.product(KANO_ANSWERS, KANO_ANSWERS))
    seen = vega_page.evaluate(
        SWEEP_JS, [box, [[["fa", f], ["da", d]] for f, d in pairs]]
    )
    for (f, d), texts in zip(pairs, seen, strict=True):
        code = kano_category(f, d)
        english, chinese = KANO_CATEGORIES[code]
        assert f"Category {code}: {english} ({chinese})" in texts
        assert KANO_MEANINGS[code] in texts


# --- chapters 4 and 5: the segment-score and referral explorers -------------------

# The additive supplier's segments, as chapter 4 defines them (invented example).
SEGMENTS = {
    "demand": [9, 8, 5, 3, 6],
    "price_sensitivity": [9, 8, 4, 5, 6],
    "service_cost": [120, 150, 60, 90, 200],
    "growth": [2, 1, 15, 8, 5],
    "partnership": [2, 2, 5, 4, 3],
}
SEGMENT_NAMES = [
    "large paint makers",
    "large ceramics makers",
    "small growing paint makers",
    "small ceramics workshops",
    "export coating firms",
]
SEGMENT_LOWER = {"price_sensitivity": False, "service_cost": False}


def segment_scores(weights: dict):
    import pandas as pd

    from crmlab.scoring import weighted_score

    table = pd.DataFrame(SEGMENTS, index=SEGMENT_NAMES)
    return weighted_score(table, weights, higher_is_better=SEGMENT_LOWER)


def test_the_segment_explorer_redraws_with_crmlabs_scores_for_every_weight(visit):
    explorer = Explorer(visit, "chapters/ch04_choosing_customers/choosing_customers")
    assert explorer.labels() == list(SEGMENTS)
    weights = dict(zip(SEGMENTS, [25, 20, 20, 20, 15], strict=True))
    for name in [None, *SEGMENTS]:
        if name is not None:
            weights[name] = 50 if weights[name] != 50 else 0
            moved(explorer, name, weights[name])
        scores = segment_scores(weights)
        best = scores["rank"].idxmin()
        texts = explorer.texts()
        assert f"Best: {best} ({scores.score[best]:.1f} of 100)" in texts, (name, texts)
        assert all(f"{s:.1f}" in texts for s in scores.score), (name, texts)
    for name in SEGMENTS:
        explorer.set(name, 0)
    assert "Give at least one criterion a positive weight." in explorer.texts()
    explorer.check_clean()


def test_the_referral_explorer_redraws_with_crmlabs_growth_for_every_rate(visit):
    from crmlab.acquisition import referral_growth

    explorer = Explorer(
        visit, "chapters/ch05_developing_customers/developing_customers"
    )
    assert explorer.labels() == ["Referral rate r"]
    assert "Round 12: 4,096 new, 8,190 referred in all" in explorer.texts()
    for r in (0.5, 1.0, 2.5):
        moved(explorer, "Referral rate r", r)
        growth = referral_growth(1, r, 12)
        line = (
            f"Round 12: {growth.new[12]:,.0f} new, "
            f"{growth.referred[12]:,.0f} referred in all"
        )
        assert line in explorer.texts(), (r, explorer.texts())
    explorer.check_clean()


def test_the_five_criterion_score_formula_equals_crmlab_at_many_settings(vega_page):
    import pandas as pd

    from crmlab.viz.explorers import criterion_scores

    table = pd.DataFrame(SEGMENTS, index=SEGMENT_NAMES)
    scores = criterion_scores(table, higher_is_better=SEGMENT_LOWER)
    rng = np.random.default_rng(4)
    settings = [tuple(50 * (j == k) for j in range(5)) for k in range(5)]
    settings.append((25,) * 5)
    while len(settings) < 306:
        weights = tuple(5 * int(w) for w in rng.integers(0, 11, size=5))
        if any(weights):
            settings.append(weights)
    names = {f"{x}{k}": f"datum.{x}{k}" for x in "ws" for k in range(5)}
    records = scores.to_dict("records")
    rows = [
        {**{f"w{k}": w for k, w in enumerate(weights)}, **record}
        for weights in settings
        for record in records
    ]
    browser = evaluate(vega_page, formula("score5", **names), rows=rows)
    browser = browser.reshape(len(settings), len(scores))
    for row, weights in zip(browser, settings, strict=True):
        expected = segment_scores(dict(zip(SEGMENTS, weights, strict=True)))["score"]
        np.testing.assert_allclose(row, expected, rtol=1e-12, atol=1e-9)


def test_the_referral_formula_equals_crmlab_on_the_whole_grid(vega_page):
    from crmlab.acquisition import referral_growth

    axes = [("a", [1, 2, 5]), ("r", steps(0, 3, 0.1)), ("t", list(range(21)))]
    names = {name: f"datum.{name}" for name, _ in axes}
    browser = evaluate(vega_page, formula("referral", **names), axes)
    expected = np.array(
        [
            referral_growth(a, r, 20)["new"].to_numpy()
            for a, r in itertools.product(axes[0][1], axes[1][1])
        ]
    ).ravel()
    assert browser.shape == (3 * 31 * 21,)
    np.testing.assert_allclose(browser, expected, rtol=1e-12)


def state_line(conversion: float, churn: float, winback: float) -> str:
    from crmlab.datasets import make_state_panel
    from crmlab.lifecycle import steady_state, transition_matrix
    from crmlab.viz.explorers import state_setting

    panel = make_state_panel(2_000, seed=2024)
    matrix = transition_matrix(panel.before, panel.after)
    changed = state_setting(matrix, (conversion, churn, winback))
    if changed is None:
        return "This setting is not possible: it would make a probability negative."
    return f"Current customers in the long run: {steady_state(changed)['current']:.1%}"


def test_the_state_explorer_redraws_with_crmlabs_steady_state_for_every_control(visit):
    explorer = Explorer(visit, "chapters/ch01_customers_crm/customers_crm")
    assert explorer.labels() == ["Conversion change", "Churn change", "Win-back change"]
    assert state_line(0, 0, 0) in explorer.texts()
    setting = {"Conversion change": 0.0, "Churn change": 0.0, "Win-back change": 0.0}
    for label, value in [
        ("Win-back change", 0.1),
        ("Conversion change", 0.2),
        ("Churn change", -0.1),
        ("Win-back change", -0.1),
    ]:
        setting[label] = value
        moved(explorer, label, value)
        expected = state_line(*setting.values())
        assert expected in explorer.texts(), (label, expected, explorer.texts())
    explorer.check_clean()


def test_the_lifecycle_explorer_redraws_with_crmlabs_pattern_for_every_control(visit):
    from crmlab.datasets import make_purchase_histories
    from crmlab.lifecycle import lifecycle_pattern

    series = make_purchase_histories(300, periods=12, seed=2024).loc["C0001"]
    explorer = Explorer(visit, "chapters/ch02_customer_lifecycle/customer_lifecycle")
    assert explorer.labels() == [
        "Growth share",
        "Mature share",
        "Decline share",
        "Periods for long-lasting",
    ]
    assert "Pattern: early exit" in explorer.texts()
    options = {"growth_share": 0.3, "mature_share": 0.8, "decline_share": 0.7}
    long_periods = 4
    for label, key, value in [
        ("Periods for long-lasting", "long_periods", 3),
        ("Decline share", "decline_share", 0.9),
        ("Mature share", "mature_share", 1.0),
        ("Growth share", "growth_share", 0.5),
    ]:
        if key == "long_periods":
            long_periods = value
        else:
            options[key] = value
        explorer.set(label, value)
        expected = lifecycle_pattern(
            series, mature_level=100, long_periods=long_periods, **options
        )
        assert f"Pattern: {expected}" in explorer.texts(), (label, explorer.texts())
    explorer.check_clean()


def bgnbd_title(setting: dict, big_t: float = 39.0) -> str:
    """The first line of the BG/NBD explorer's title, by crmlab."""
    import pandas as pd

    from crmlab.clv import probability_alive

    middle = float(np.floor(big_t / 2))
    pair = pd.DataFrame({"frequency": [5, 1], "recency": [middle] * 2, "T": big_t})
    frequent, rare = probability_alive(setting, pair)
    return (
        f"P(alive) with 5 repeat purchases, the last at {middle:g}: "
        f"{frequent:.3f}; with 1: {rare:.3f}"
    )


def test_the_bgnbd_explorer_redraws_with_crmlabs_probability_alive_for_every_control(
    visit,
):
    explorer = Explorer(visit, "chapters/ch11_churn_winback/alive_or_churned")
    assert explorer.labels() == ["Shape r", "Scale α", "Beta a", "Beta b"]
    setting = {"r": 0.24, "alpha": 4.4, "a": 0.79, "b": 2.43}
    assert bgnbd_title(setting) in explorer.texts()
    for label, key, value in [
        ("Shape r", "r", 1.0),
        ("Scale α", "alpha", 10.0),
        ("Beta a", "a", 0.2),
        ("Beta b", "b", 4.5),
    ]:
        setting[key] = value
        moved(explorer, label, value)
        assert bgnbd_title(setting) in explorer.texts(), (label, explorer.texts())
    explorer.check_clean()


def test_the_bgnbd_probability_alive_formula_equals_crmlab_on_a_dense_sample(
    vega_page,
):
    """The P(alive) formula in the book's Vega against crmlab.clv.probability_alive.

    The explorer's whole grid (200 × 200 × 300 × 500 slider settings × 781
    cells) is 4.7e12 evaluations, too many to run. The formula is a closed form
    evaluated cell by cell, with no state and no branch but ``x == 0``, so it
    is checked on: every value of each slider with the others at the start
    (1 200 settings), the 16 corners of the grid and 300 random settings, each
    on every frequency 0-20 and recency 0-39 (T = 39), and at the start and
    the corners for T = 2 and T = 104, the ends of T's range.
    ``tests/test_explorers.py`` checks the formula read as Python too.
    """
    import pandas as pd

    from crmlab.clv import probability_alive
    from crmlab.viz.explorers import BGNBD_SLIDERS

    grids = {name: steps(low, high, step) for name, _, low, high, step in BGNBD_SLIDERS}
    start = {"r": 0.24, "alpha": 4.4, "a": 0.79, "b": 2.43}
    sweeps = [{**start, name: values} for name, values in grids.items()]
    corners = [
        dict(zip(grids, corner, strict=True))
        for corner in itertools.product(*([v[0], v[-1]] for v in grids.values()))
    ]
    rng = np.random.default_rng(17)
    randoms = [
        {name: float(rng.choice(values)) for name, values in grids.items()}
        for _ in range(300)
    ]
    names = {name: f"datum.{name}" for name in ("r", "alpha", "a", "b", "x", "tx")}
    names["big_t"] = "datum.big_t"
    expr = formula("palive", **names)
    cases = [(39.0, s) for s in sweeps + corners + randoms]
    cases += [(t, s) for t in (2.0, 104.0) for s in [start, *corners]]
    evaluated = 0
    for big_t, setting in cases:
        ages = steps(0, np.floor(big_t), 1)
        axes = [(k, v if isinstance(v, list) else [v]) for k, v in setting.items()]
        axes += [("big_t", [big_t]), ("x", list(range(21))), ("tx", ages)]
        browser = evaluate(vega_page, expr, axes)
        grid = pd.DataFrame(
            list(itertools.product(*(v for _, v in axes))), columns=[k for k, _ in axes]
        )
        # a customer with no repeat purchase has recency 0; the formula ignores tx
        summary = pd.DataFrame(
            {
                "frequency": grid["x"],
                "recency": grid["tx"].where(grid["x"] > 0, 0.0),
                "T": big_t,
            }
        )
        expected = np.concatenate(
            [
                probability_alive(dict(zip(grids, values, strict=True)), part)
                for values, part in summary.groupby(
                    [grid[k] for k in grids], sort=False
                )
            ]
        )
        assert browser.shape == expected.shape
        np.testing.assert_allclose(browser, expected, rtol=1e-11, atol=1e-300)
        evaluated += browser.size
    assert evaluated > 1_000_000


# --- chapters 6 and 13: the OLAP cube and the CRM project's ROI ---------------
# (one module with the other browser tests: Playwright's sync API runs once per
# process, so the browser fixtures must not be imported into a second module)


def chapter_cube():
    """The cube of chapter 6, as the chapter builds it."""
    import tempfile
    from pathlib import Path

    import pandas as pd

    from crmlab.database import build_database, connect, query

    conn = connect(
        build_database(Path(tempfile.mkdtemp()) / "shop.db", customers=2_000, seed=2024)
    )
    orders = query(conn, "SELECT * FROM orders")
    customers = query(conn, "SELECT customer_id, region FROM customers")
    products = query(conn, "SELECT product_id, category FROM products")
    conn.close()
    day = pd.to_datetime(orders.order_date)
    wide = (
        orders.assign(
            quarter=day.dt.year.astype(str) + "-Q" + day.dt.quarter.astype(str)
        )
        .merge(customers, on="customer_id")
        .merge(products, on="product_id")
    )
    return wide.groupby(["region", "category", "quarter"])["amount"].sum()


def cube_lines(summary, category: str, level: str) -> list[str]:
    row = summary[(summary.category == category) & (summary.level == level)].iloc[0]
    name = "All categories" if category == "All" else category
    assert row["first"].startswith(f"{name} by {level}: total ")
    assert f"{row.top_sales:,.0f} yuan" in row["second"]
    return [row["first"], row["second"]]


def test_the_cube_explorer_shows_crmlabs_slice_for_every_control(visit):
    from crmlab.viz.explorers import cube_slices

    _, summary = cube_slices(chapter_cube())
    explorer = Explorer(
        visit, "chapters/ch06_customer_information/customer_information"
    )
    assert explorer.labels() == ["Category", "Time"]
    for line in cube_lines(summary, "Tea", "quarter"):
        assert line in explorer.texts()
    setting = {"category": "Tea", "level": "quarter"}
    for label, key, value in [
        ("Category", "category", "All"),
        ("Time", "level", "year"),
        ("Category", "category", "Gifts"),
        ("Time", "level", "quarter"),
    ]:
        setting[key] = value
        moved(explorer, label, value)
        texts = explorer.texts()
        for line in cube_lines(summary, setting["category"], setting["level"]):
            assert line in texts, (label, line, texts)
    explorer.check_clean()


def test_the_roi_explorer_redraws_with_crmlabs_roi_for_every_control(visit):
    from crmlab.strategy import project_roi

    benefits, costs = np.array([30.0, 55.0, 70.0, 75.0, 75.0]), 15.0
    explorer = Explorer(visit, "chapters/ch13_crm_strategy/crm_strategy")
    assert explorer.labels() == ["Investment I", "Benefit scale", "Discount r"]
    setting = {"inv": 120.0, "s": 1.0, "r": 0.08}
    for label, key, value in [
        ("Investment I", "inv", 200),
        ("Benefit scale", "s", 0.8),
        ("Discount r", "r", 0.2),
        ("Investment I", "inv", 60),
    ]:
        setting[key] = value
        text = moved(explorer, label, value).replace("\u2212", "-")  # d3's minus
        result = project_roi(
            setting["inv"], benefits * setting["s"], costs, discount_rate=setting["r"]
        )
        assert f"NPV = {result['npv']:,.2f}, ROI = {result['roi']:.1%}" in text, (
            label,
            text,
        )
    explorer.check_clean()


# --- chapter 14: the capstone's win-back budget -------------------------------


def capstone_candidates():
    """The win-back candidates of chapter 14, as the chapter builds them."""
    import pandas as pd

    from crmlab.classify import abc_classify
    from crmlab.clv import customer_summary, fit_bgnbd, probability_alive
    from crmlab.datasets import load_xudong
    from crmlab.loyalty import churn_risk

    xudong = load_xudong()
    orders = xudong.orders
    grades = abc_classify(orders.groupby("customer_id")["amount"].sum())
    risk = churn_risk(orders, now=xudong.as_of)
    worth = grades.index[grades["class"].isin(["A", "B"])]
    at_risk = risk.index[risk.overdue].intersection(worth)
    summary = customer_summary(orders, end=xudong.as_of, freq="W")
    alive = probability_alive(fit_bgnbd(summary), summary)
    spend = orders[orders.date.dt.year == 2024].groupby("customer_id")["amount"].sum()
    return pd.DataFrame(
        {
            "winback_probability": (0.1 + 0.3 * alive[at_risk]).round(2),
            "regained_value": (0.2 * spend.reindex(at_risk, fill_value=0)).round(-2),
        }
    ).sort_values("regained_value", ascending=False)


def winback_budget_lines(candidates, budget: float, cost: float) -> list[str]:
    from crmlab.loyalty import winback_value

    plan = winback_value(
        candidates["winback_probability"],
        candidates["regained_value"],
        float(cost),
        budget=float(budget),
    )
    value = plan["expected_value"][plan["contact"]].sum()
    return [
        f"Budget {budget:,.0f} yuan at {cost:,.0f} a customer: contact "
        f"{int(plan['contact'].sum())} of {len(candidates)} customers",
        f"Expected value of the campaign {value:,.0f} yuan",
    ]


def test_the_winback_budget_explorer_redraws_with_crmlabs_plan_for_every_control(
    visit,
):
    candidates = capstone_candidates()
    explorer = Explorer(visit, "chapters/ch14_capstone/capstone")
    assert explorer.labels() == ["Budget", "Cost per customer"]
    for line in winback_budget_lines(candidates, 50_000, 5_000):
        assert line in explorer.texts()
    setting = {"budget": 50_000, "cost": 5_000}
    for label, key, value in [
        ("Budget", "budget", 100_000),
        ("Cost per customer", "cost", 10_000),
        ("Budget", "budget", 0),
        ("Cost per customer", "cost", 3_000),
        ("Budget", "budget", 20_000),
    ]:
        setting[key] = value
        moved(explorer, label, value)
        texts = [t.replace("\u2212", "-") for t in explorer.texts()]
        for line in winback_budget_lines(
            candidates, setting["budget"], setting["cost"]
        ):
            assert line in texts, (label, line, texts)
    explorer.check_clean()


# The self-check quiz (book/_ext/quiz.py, quiz.js): answers checked on the page,
# offline, with no kernel; items from the chapter's practice pool.


def practice_items(unit: str) -> dict[str, dict]:
    import yaml

    path = ROOT / "chapters" / unit / "questions.yml"
    return {i["id"]: i for i in yaml.safe_load(path.read_text(encoding="utf-8"))}


class QuizItem:
    def __init__(self, page, item_id: str):
        self.page = page
        self.box = page.locator(f'.crm-quiz-item[data-id="{item_id}"]')
        self.feedback = self.box.locator(".crm-quiz-feedback")

    def question(self) -> str:
        return self.box.locator(".crm-quiz-question").inner_text()

    def verdict(self) -> str:
        return self.feedback.locator(".crm-quiz-verdict").inner_text()

    def type(self, text: str) -> str:
        self.box.locator("input.crm-quiz-input").fill(text)
        self.box.locator("button.crm-quiz-check").click()
        return self.verdict()


def check_link(page, item: QuizItem, section: str) -> None:
    link = item.feedback.locator(".crm-quiz-read a")
    assert link.inner_text() == section
    anchor = link.get_attribute("href")
    assert anchor.startswith("#")
    heading = page.locator(f'section[id="{anchor[1:]}"] > :is(h2, h3)').first
    assert heading.inner_text().replace("\u2019", "'").rstrip("#").strip() == section


def test_the_self_check_quiz_checks_answers_on_the_page(visit):
    from crmlab.acquisition import funnel

    unit = "ch02_customer_lifecycle"
    items = practice_items(unit)
    opened = visit(f"chapters/{unit}/customer_lifecycle.html")
    page = opened.page
    quiz = page.locator(".crm-quiz")
    assert page.locator("section#self-check > h2").inner_text().startswith("Self-check")
    assert quiz.locator(".crm-quiz-item").count() == len(items)
    # single choice, wrong then right; the link goes to the section that teaches it
    single = QuizItem(page, "ch02-p04")
    item = items["ch02-p04"]
    right, wrong = item["answer"], "B" if item["answer"] != "B" else "C"
    single.box.locator(f'input[value="{wrong}"]').check()
    assert single.verdict() == f"Not right. The answer is {right}."
    assert " ".join(item["explanation"].split()) in single.feedback.inner_text()
    check_link(page, single, item["section"])
    single.box.locator(f'input[value="{right}"]').check()
    assert single.verdict().startswith("Right.")
    # true or false
    statement = QuizItem(page, "ch02-p12")
    truth = items["ch02-p12"]["answer"]
    statement.box.get_by_role("button", name=str(not truth).title()).click()
    assert statement.verdict().startswith("Not right.")
    statement.box.get_by_role("button", name=str(truth).title()).click()
    assert statement.verdict() == f"Right. The statement is {str(truth).lower()}."
    # typed, parameterised: crmlab's answer is right, another is not; new numbers
    skill = QuizItem(page, "ch02-p22")

    def expected(question: str) -> float:
        import re

        contacted, acquired, converted = (
            int(n) for n in re.findall(r"(\d+)(?= people| of them| of those)", question)
        )
        stages = {"c": contacted, "a": acquired, "v": converted}
        return round(funnel(stages)["cumulative_conversion"]["v"], 3)

    first = skill.question()
    answer = expected(first)
    assert skill.type(str(answer + 0.01)) == f"Not right. The answer is {answer:g}."
    assert skill.type(str(answer)).startswith("Right.")
    assert skill.type(f"{answer * 100:.1f}%").startswith("Right.")
    skill.box.get_by_role("button", name="New numbers").click()
    assert skill.question() != first
    assert skill.feedback.inner_text() == ""
    assert skill.type(str(expected(skill.question()))).startswith("Right.")
    # a written item: the model answer only after an attempt
    written = QuizItem(page, "ch02-p16")
    show = written.box.get_by_role("button", name="Show the model answer")
    assert show.is_disabled()
    written.box.locator("textarea").fill("It lasts long in maturity.")
    show.click()
    shown = written.feedback.inner_text()
    assert " ".join(items["ch02-p16"]["answer"].split()) in shown
    assert all(point in shown for point in items["ch02-p16"]["points"])
    # progress stays in this browser only; no request left the page
    assert "Checked so far: 3 of" in quiz.locator(".crm-quiz-score").inner_text()
    page.reload(wait_until="networkidle")
    assert "Checked so far: 3 of" in quiz.locator(".crm-quiz-score").inner_text()
    page.emulate_media(media="print")
    assert not page.locator("section#self-check").is_visible()
    assert opened.errors == [] and opened.failed == [] and opened.external == []


def test_pages_without_a_quiz_load_no_quiz_code(visit):
    opened = visit("book/setup.html")
    scripts = opened.page.eval_on_selector_all("script[src]", "s => s.map(x => x.src)")
    assert not [s for s in scripts if "crm-quiz" in s]
    assert opened.page.locator(".crm-quiz").count() == 0


def credit_period_numbers(period: int, k: float, v: float) -> list[float]:
    """The explorer's readout numbers at a setting, by crmlab: sales gained,
    receivables, bad debt, net benefit and the best period."""
    from crmlab.credit import credit_period_analysis, credit_period_scenarios

    table = credit_period_analysis(
        credit_period_scenarios(list(range(0, 121, 15))),
        variable_cost_ratio=v,
        cost_of_capital=k,
    )
    row = table.loc[period]
    gained = row["sales"] - table.loc[0, "sales"]
    best = int(table["net_benefit"].idxmax())
    return [gained, row["receivables"], row["bad_debt"], row["net_benefit"], best]


def credit_period_readout(texts: list[str], period: int) -> list[float]:
    """The numbers of the explorer's two readout lines (d3 rounds half up, so
    they are compared to a cent, not as strings)."""
    import re

    first = next(t for t in texts if t.startswith(f"Period {period} days: "))
    second = next(t for t in texts if t.startswith("net benefit "))
    pattern = re.compile(r"-?[\d,]+\.\d+|\d+(?= days\))")
    found = pattern.findall(first.split(": ", 1)[1]) + pattern.findall(second)
    return [float(x.replace(",", "")) for x in found]


def test_the_credit_period_explorer_redraws_with_crmlabs_analysis_for_every_control(
    visit,
):
    explorer = Explorer(visit, "chapters/ch12_customer_credit/customer_credit")
    assert explorer.labels() == [
        "Credit period (days)",
        "Cost of capital",
        "Variable cost ratio",
    ]
    setting = {"t": 30, "k": 0.12, "v": 0.6}
    got = credit_period_readout(explorer.texts(), 30)
    assert got == pytest.approx(credit_period_numbers(30, 0.12, 0.6), abs=0.006)
    for label, key, value in [
        ("Credit period (days)", "t", 90),
        ("Cost of capital", "k", 0.2),
        ("Variable cost ratio", "v", 0.4),
        ("Credit period (days)", "t", 0),
    ]:
        setting[key] = value
        moved(explorer, label, value)
        got = credit_period_readout(explorer.texts(), setting["t"])
        expected = credit_period_numbers(setting["t"], setting["k"], setting["v"])
        assert got == pytest.approx(expected, abs=0.006), (label, got, expected)


def service_lines(sla: float, by: str) -> list[str]:
    """The service explorer's two readout lines, computed with crmlab."""
    from crmlab.datasets import make_complaint_log
    from crmlab.service import complaint_metrics

    log = make_complaint_log(600, start="2025-01-01", days=180, seed=2025)
    overall = complaint_metrics(log, sla=sla).loc["all"]
    table = complaint_metrics(log, by=by, sla=sla)["sla_breach_share"]
    worst, best = table.idxmax(), table.idxmin()
    return [
        f"Target {sla:g} h: {overall['sla_breach_share']:.1%} of complaints breach it,"
        f" {overall['resolution_rate']:.1%} resolved",
        f"Worst {by}: {worst} {table[worst]:.1%}; best: {best} {table[best]:.1%}",
    ]


def test_the_service_explorer_redraws_with_crmlabs_breach_shares_for_every_control(
    visit,
):
    explorer = Explorer(
        visit, "chapters/ch08_communication_complaints/communication_complaints"
    )
    assert explorer.labels() == ["Target (hours)", "Compare"]
    for line in service_lines(48, "channel"):
        assert line in explorer.texts()
    setting = {"sla": 48.0, "by": "channel"}
    for label, key, value in [
        ("Target (hours)", "sla", 24),
        ("Compare", "by", "grade"),
        ("Target (hours)", "sla", 96),
        ("Compare", "by", "channel"),
        ("Target (hours)", "sla", 12),
    ]:
        setting[key] = value
        moved(explorer, label, value)
        texts = explorer.texts()
        for line in service_lines(setting["sla"], setting["by"]):
            assert line in texts, (label, value, line, texts)
    explorer.check_clean()


QUIZ_UNITS = sorted(p.parent.name for p in ROOT.glob("chapters/ch*/questions.yml"))


@pytest.mark.parametrize("unit", QUIZ_UNITS)
def test_every_chapter_page_ends_with_a_working_quiz(unit, visit):
    items = practice_items(unit)
    slug = unit.split("_", 1)[1]
    opened = visit(f"chapters/{unit}/{slug}.html")
    page = opened.page
    quiz = page.locator("section#self-check .crm-quiz")
    assert quiz.locator(".crm-quiz-item").count() == len(items)
    single = next(i for i in items.values() if i["form"] == "single")
    box = QuizItem(page, single["id"])
    right = single["answer"]
    wrong = "A" if right != "A" else "B"
    box.box.locator(f'input[value="{wrong}"]').check()
    assert box.verdict() == f"Not right. The answer is {right}."
    box.box.locator(f'input[value="{right}"]').check()
    assert box.verdict().startswith("Right.")
    statement = next(i for i in items.values() if i["form"] == "true_false")
    box = QuizItem(page, statement["id"])
    box.box.get_by_role("button", name=str(statement["answer"]).title()).click()
    assert box.verdict().startswith("Right.")
    assert opened.errors == [] and opened.failed == [] and opened.external == []
