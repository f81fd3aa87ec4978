"""The explorers equal crmlab on their whole grid, computed by the book's own Vega.

An explorer may evaluate a short formula in the browser (``FORMULAS`` in
``crmlab/viz/explorers.py``) or look up answers crmlab computed at build
time. Here headless Chromium loads the built book's ``vega.min.js`` and

* evaluates each formula, with Vega's expression language, at every setting
  the explorer's controls can take (the cartesian product of the sliders'
  steps), and compares it with crmlab's function at the same setting;
* drives the ABC and Kano charts themselves through every setting and
  compares what they print with crmlab.

The loyalty index has 11**7 weight settings per customer, too many to run;
its formula is checked here at every single-measure setting, with equal
weights and at 300 random settings of the grid, and
``tests/test_explorers.py`` checks that crmlab's index is that weighted mean
for any weights.
"""

from __future__ import annotations

import base64
import importlib.util
import itertools
import os
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("playwright.sync_api", reason="install the dev extra")
pytest.importorskip("altair", reason="install the book extra")

from crmlab.viz.explorers import formula  # noqa: E402


def _browser_tools():
    spec = importlib.util.spec_from_file_location(
        "print_pdf", ROOT / "scripts" / "print_pdf.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tools = _browser_tools()
HTML = Path(os.environ.get("CRMLAB_BOOK_HTML", ROOT / "_build" / "html"))

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
def page():
    from playwright.sync_api import sync_playwright

    if not (HTML / "index.html").is_file():
        pytest.skip(f"no built book at {HTML}: run `make book`")
    with tools.serve(HTML) as base, sync_playwright() as playwright:
        with tools.chromium(playwright) as browser:
            page = browser.new_page()
            blocked: list[str] = []
            tools.block_other_hosts(page, blocked)
            page.base = base
            page.goto(base + "book/intro.html")
            page.add_script_tag(url=base + "_static/vendor/vega/vega.min.js")
            yield page
            assert blocked == []


def evaluate(page, expr: str, axes=None, rows=None) -> np.ndarray:
    """``expr`` on the product of ``axes`` (name, values), or on ``rows``."""
    encoded = page.evaluate(
        EVALUATE_JS, {"expr": expr, "axes": axes or [], "given": rows}
    )
    return np.frombuffer(base64.b64decode(encoded), dtype=np.float64)


def test_the_retention_clv_formula_equals_crmlab_on_the_whole_grid(page):
    from crmlab.value import retention_clv

    axes = [
        ("m", steps(0, 500, 10)),
        ("r", steps(0, 0.99, 0.01)),
        ("d", steps(0, 0.3, 0.01)),
        ("timing", ["end", "start"]),
    ]
    names = {name: f"datum.{name}" for name, _ in axes}
    browser = evaluate(page, formula("clv", **names), axes)
    expected = np.array(
        [
            retention_clv(m, r, d, timing=timing)
            for m, r, d, timing in itertools.product(*(v for _, v in axes))
        ]
    )
    assert browser.shape == expected.shape == (51 * 100 * 31 * 2,)
    np.testing.assert_allclose(browser, expected, rtol=1e-13, atol=1e-9)


def test_the_retention_bars_equal_the_crmlab_figure(page):
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
        browser = evaluate(page, formula("present", **names), axes)
        ax = plot_retention_clv(m, r, d, timing=timing)
        heights = [bar.get_height() for bar in ax.patches]
        plt.close(ax.figure)
        np.testing.assert_allclose(browser, heights, rtol=1e-12, atol=1e-12)


def test_the_winback_formula_equals_crmlab_on_the_whole_grid(page):
    from crmlab.loyalty import winback_value

    axes = [
        ("p", steps(0, 1, 0.01)),
        ("v", steps(0, 1000, 10)),
        ("c", steps(0, 200, 1)),
    ]
    names = {name: f"datum.{name}" for name, _ in axes}
    browser = evaluate(page, formula("winback", **names), axes)
    p, v, c = (
        np.array(a).ravel() for a in np.meshgrid(*(x for _, x in axes), indexing="ij")
    )
    expected = winback_value(p, v, c)
    assert browser.shape == (101 * 101 * 201,)
    np.testing.assert_array_equal(browser, expected)


def test_the_loyalty_index_formula_equals_crmlab_at_many_weight_settings(page):
    from crmlab.loyalty import loyalty_index
    from crmlab.viz.explorers import loyalty_scores
    from crmlab.viz.loyalty import (
        BOUNDS,
        HIGHER_IS_BETTER,
        MEASURES,
        make_loyalty_survey,
    )

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
    browser = evaluate(page, expr, rows=rows).reshape(len(settings), len(scores))
    for row, weights in zip(browser, settings, strict=True):
        expected = loyalty_index(
            survey[list(MEASURES)],
            weights=dict(zip(MEASURES, weights, strict=True)),
            higher_is_better=HIGHER_IS_BETTER,
            bounds=BOUNDS,
        )
        np.testing.assert_allclose(row, expected, rtol=1e-12, atol=1e-9)


@pytest.fixture(scope="module")
def drawn(page):
    """Open a chapter page and return its drawn explorer's element."""

    def open_chapter(chapter: str):
        page.goto(page.base + f"{chapter}.html", wait_until="networkidle")
        box = page.locator(".crm-explorer")
        box.scroll_into_view_if_needed()
        page.wait_for_selector(".crm-explorer[data-state=ready]", timeout=30_000)
        return box.element_handle()

    return open_chapter


def test_the_abc_chart_prints_crmlabs_classes_at_every_setting(page, drawn):
    from crmlab.classify import abc_classify
    from crmlab.datasets import load_distributors
    from crmlab.viz.classify import summarize_classes
    from crmlab.viz.explorers import ABC_A, ABC_B, ABC_RULES

    sales = load_distributors()
    box = drawn("chapters/ch07_grading_customers/grading_customers")
    settings = [(a, b, rule) for a in ABC_A for b in ABC_B for rule in ABC_RULES]
    seen = page.evaluate(
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


def test_the_kano_chart_prints_crmlabs_category_for_every_answer_pair(page, drawn):
    from crmlab.satisfaction import KANO_CATEGORIES, kano_category
    from crmlab.viz.satisfaction import KANO_ANSWERS, KANO_MEANINGS

    box = drawn("chapters/ch09_customer_satisfaction/customer_satisfaction")
    pairs = list(itertools.product(KANO_ANSWERS, KANO_ANSWERS))
    seen = page.evaluate(SWEEP_JS, [box, [[["fa", f], ["da", d]] for f, d in pairs]])
    for (f, d), texts in zip(pairs, seen, strict=True):
        code = kano_category(f, d)
        english, chinese = KANO_CATEGORIES[code]
        assert f"Category {code}: {english} ({chinese})" in texts
        assert KANO_MEANINGS[code] in texts
