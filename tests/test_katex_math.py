"""The build-time equation renderer (``book/_ext/katex_math.py``) on its own.

It needs Node.js and ``node_modules/katex`` (``npm ci``, which ``make book``
runs), so it is marked ``book``; it builds nothing and takes about a second.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from docutils import nodes

from conftest import ROOT

pytestmark = pytest.mark.book

EXT = ROOT / "book" / "_ext"
KATEX = ROOT / "node_modules" / "katex"


@pytest.fixture(scope="module")
def katex_math():
    if shutil.which("node") is None or not KATEX.is_dir():
        pytest.fail("node or node_modules/katex missing: run `npm ci` (make book does)")
    sys.path.insert(0, str(EXT))
    try:
        import katex_math

        yield katex_math
    finally:
        sys.path.remove(str(EXT))


def render(katex_math, items):
    batch = {"options": katex_math.OPTIONS, "items": items}
    done = subprocess.run(
        ["node", str(katex_math.RENDER_JS), str(KATEX)],
        input=json.dumps(batch),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return json.loads(done.stdout)["results"]


def test_one_node_process_renders_the_books_kinds_of_equations_with_mathml(
    katex_math,
):
    items = [
        [r"\operatorname{CLV} = \sum_{i=1}^{n} \tfrac{m}{(1+\delta)^i}", False],
        [r"x = \begin{cases} 1 & \text{if } a \\ 0 & \text{else} \end{cases}", True],
        [r"\underbrace{a+b}_{\text{total}} \in \mathbb{R}", True],
    ]
    results = render(katex_math, items)
    assert [sorted(result) for result in results] == [["html"]] * 3
    assert all('class="katex-mathml"' in result["html"] for result in results)
    assert 'class="katex-display"' in results[1]["html"]
    assert 'class="katex-display"' not in results[0]["html"]


def test_a_tex_error_is_reported_not_rendered(katex_math):
    (result,) = render(katex_math, [[r"\frac{1}{", True]])
    assert "html" not in result and "KaTeX parse error" in result["error"]


def test_paragraphs_of_a_displayed_equation_are_stacked_and_rows_aligned(
    katex_math,
):
    block = nodes.math_block("a = b\n\nc &= d \\\\ &= e", "a = b\n\nc &= d \\\\ &= e")
    block["nowrap"] = False
    tex = katex_math.display_tex(block)
    assert tex == (
        r"\begin{gathered}a = b\\\begin{aligned}c &= d \\ &= e\end{aligned}"
        r"\end{gathered}"
    )
    (result,) = render(katex_math, [[tex, True]])
    assert "html" in result
