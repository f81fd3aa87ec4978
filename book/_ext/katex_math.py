"""Typeset the book's equations at build time with KaTeX: readers get HTML.

MathJax typesets in the reader's browser, which costs every page with an
equation 1.25 MB of JavaScript and fonts (issue 11's page-weight budget).
This extension is Sphinx's HTML math renderer instead (``katex``):

* once the sources are read (``env-updated``), it collects every equation of
  every document and renders those it has not rendered before in **one**
  ``node`` process (``katex_render.js`` beside this file, with the ``katex``
  package that ``npm ci`` installs from ``package.json``); the results are
  kept in ``<doctrees>/katex-cache.json``, so a rebuild renders only new or
  changed equations;
* it writes each equation as KaTeX's HTML and MathML (``htmlAndMathml``:
  screen readers read the MathML), inline in a ``span.math``, displayed in a
  ``div.math`` with the same id, number and permalink as Sphinx's MathJax
  renderer, so ``{eq}`` references keep working;
* a TeX error is a Sphinx warning at the equation's source line (the book
  builds with ``-W``), and so is anything KaTeX's strict mode reports;
* a page with equations links ``_static/vendor/katex/katex.css``: KaTeX's
  stylesheet plus a rule that lets a wide equation scroll on a phone. The
  six faces of nearly every equation (:data:`INLINE_FONTS`) are in it, cut
  down (fontTools) to the characters of the book's equations, so a page's
  math costs one request and about 80 kB; any other face is served as its
  ``woff2`` file, which only a page that uses it fetches. No page loads any
  script for equations; the PDF (``scripts/print_pdf.py``) prints the same
  HTML.

The search index is unchanged: Sphinx indexes the TeX source of the math
nodes, not the HTML written here.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import logging as std_logging
import re
import shutil
import string
import subprocess
from pathlib import Path

from docutils import nodes
from offline_assets import node_modules
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

RENDER_JS = Path(__file__).with_name("katex_render.js")
#: KaTeX's options for every equation (displayMode is set per equation)
OPTIONS = {"output": "htmlAndMathml", "throwOnError": True, "strict": "error"}
CSS = "vendor/katex/katex.css"
#: the other font formats KaTeX's stylesheet lists after each woff2 file
OTHER_FONT_FORMATS = re.compile(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("[a-z]+"\)')
#: the faces nearly every equation uses (text, italic letters, delimiters and
#: big operators): inlined into the stylesheet, subset to the characters of
#: the book's equations, so that a page's math costs one request, not seven.
#: Any other face (bold, AMS, ...) stays a woff2 file that only a page using
#: it fetches.
INLINE_FONTS = (
    "Main-Regular",
    "Math-Italic",
    "Size1-Regular",
    "Size2-Regular",
    "Size3-Regular",
    "Size4-Regular",
)
#: appended to the stylesheet: a wide displayed equation scrolls by itself
EXTRA_CSS = """
div.math{overflow-x:auto;overflow-y:hidden}
div.math .katex-display{margin:.5em 0}
"""


def display_tex(node: nodes.math_block) -> str:
    """The TeX of a displayed equation, wrapped as Sphinx's MathJax writer does.

    Paragraphs (blank-line separated) are equations of their own, one under
    the other; an equation with ``\\\\`` is a multi-line one (``aligned``).
    """
    if node.get("nowrap"):
        return node.astext()
    parts = [part.strip() for part in node.astext().split("\n\n") if part.strip()]
    parts = [
        rf"\begin{{aligned}}{part}\end{{aligned}}" if r"\\" in part else part
        for part in parts
    ]
    if len(parts) > 1:
        return r"\begin{gathered}" + r"\\".join(parts) + r"\end{gathered}"
    return parts[0] if parts else ""


def _key(tex: str, display: bool) -> str:
    return f"{'D' if display else 'I'}:{tex}"


def _katex_dir(app: Sphinx) -> Path:
    return node_modules(app) / "katex"


def _signature(app: Sphinx) -> str:
    """What the cached HTML depends on: KaTeX's version, options, the script."""
    package = json.loads((_katex_dir(app) / "package.json").read_text("utf-8"))
    digest = hashlib.sha256(RENDER_JS.read_bytes()).hexdigest()[:12]
    return json.dumps([package["version"], OPTIONS, digest], sort_keys=True)


class Renderer:
    """Rendered equations, from the cache file or from one ``node`` batch."""

    def __init__(self, app: Sphinx):
        self.app = app
        self.path = Path(app.doctreedir) / "katex-cache.json"
        self.signature = _signature(app)
        self.html: dict[str, str] = {}
        try:
            cached = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cached = {}
        if cached.get("signature") == self.signature:
            self.html = cached.get("html", {})

    def render(self, wanted: dict[str, tuple[str, bool, nodes.Node]]) -> int:
        """Render every wanted equation not yet rendered; warn about errors."""
        missing = [key for key in wanted if key not in self.html]
        if not missing:
            return 0
        if shutil.which("node") is None:
            raise ExtensionError(
                "katex_math: `node` not found; install Node.js (make system-deps)."
            )
        batch = {
            "options": OPTIONS,
            "items": [[wanted[key][0], wanted[key][1]] for key in missing],
        }
        done = subprocess.run(
            ["node", str(RENDER_JS), str(_katex_dir(self.app))],
            input=json.dumps(batch),
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        if done.returncode != 0:
            raise ExtensionError(f"katex_math: node failed:\n{done.stderr}")
        results = json.loads(done.stdout)["results"]
        for key, result in zip(missing, results, strict=True):
            if "html" in result:
                self.html[key] = result["html"]
            else:
                tex, _display, node = wanted[key]
                logger.warning(
                    "KaTeX cannot typeset %r: %s",
                    tex,
                    result["error"],
                    location=node,
                    type="katex",
                )
        self.path.write_text(
            json.dumps({"signature": self.signature, "html": self.html}),
            encoding="utf-8",
        )
        return len(missing)

    def get(self, tex: str, display: bool, node: nodes.Node) -> str:
        """One equation's HTML; renders it alone if the batch missed it."""
        key = _key(tex, display)
        if key not in self.html:
            # an equation added after the sources were read (rare): one more run
            self.render({key: (tex, display, node)})
        return self.html.get(key, f"<code>{html.escape(tex)}</code>")


def _renderer(app: Sphinx) -> Renderer:
    if getattr(app, "_katex_renderer", None) is None:
        app._katex_renderer = Renderer(app)
    return app._katex_renderer


def choose_renderer(app: Sphinx, config: Config) -> None:
    config.html_math_renderer = "katex"


def check_installed(app: Sphinx) -> None:
    if (
        app.builder.format == "html"
        and not (_katex_dir(app) / "package.json").is_file()
    ):
        raise ExtensionError(
            f"katex_math: katex not found in {node_modules(app)}; "
            "run `npm ci` in the repository root (`make book` does)."
        )


def render_all(app: Sphinx, env) -> list[str]:
    """Render every equation of every document in one batch, before writing."""
    if app.builder.format != "html":
        return []
    wanted: dict[str, tuple[str, bool, nodes.Node]] = {}
    for docname in sorted(env.found_docs):
        try:
            doctree = env.get_doctree(docname)
        except FileNotFoundError:
            continue
        for node in doctree.findall(nodes.math):
            wanted.setdefault(_key(node.astext(), False), (node.astext(), False, node))
        for node in doctree.findall(nodes.math_block):
            tex = display_tex(node)
            wanted.setdefault(_key(tex, True), (tex, True, node))
    count = _renderer(app).render(wanted)
    logger.info(
        "katex_math: %d equations, %d rendered now (one node process)",
        len(wanted),
        count,
    )
    return []


def html_visit_math(self, node: nodes.math) -> None:
    rendered = _renderer(self.builder.app).get(node.astext(), False, node)
    self.body.append(
        self.starttag(node, "span", "", CLASS="math notranslate nohighlight")
    )
    self.body.append(rendered + "</span>")
    raise nodes.SkipNode


def html_visit_displaymath(self, node: nodes.math_block) -> None:
    rendered = _renderer(self.builder.app).get(display_tex(node), True, node)
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(rendered + "</div>\n")
    raise nodes.SkipNode


def add_stylesheet(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Link KaTeX's stylesheet from the pages that have equations."""
    if app.builder.format != "html":
        return
    if app.env.get_domain("math").has_equations(pagename):
        app.add_css_file(CSS)


def subset_font(ttf: Path, characters: set[str]) -> bytes:
    """``ttf`` cut down to ``characters``, as a WOFF font (zlib: no brotli)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # fontTools logs "timestamp seems very low" for KaTeX's fonts: not ours to fix
    std_logging.getLogger("fontTools").setLevel(std_logging.ERROR)
    font = TTFont(ttf)
    subsetter = subset.Subsetter(subset.Options(notdef_outline=True))
    subsetter.populate(unicodes=sorted(ord(ch) for ch in characters))
    subsetter.subset(font)
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def book_characters(app: Sphinx) -> set[str]:
    """Every character of the book's rendered equations, and printable ASCII."""
    text = "".join(re.sub(r"<[^>]+>", "", h) for h in _renderer(app).html.values())
    return set(html.unescape(text)) | set(string.printable)


def copy_assets(app: Sphinx, exception: Exception | None) -> None:
    """Serve KaTeX's stylesheet, with its common faces inlined, and its woff2 fonts."""
    if exception is not None or app.builder.format != "html":
        return
    source = _katex_dir(app) / "dist"
    target = Path(app.outdir) / "_static" / Path(CSS).parent
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    css = (source / "katex.min.css").read_text(encoding="utf-8")
    css = OTHER_FONT_FORMATS.sub("", css)
    characters = book_characters(app)
    for name in INLINE_FONTS:
        woff = subset_font(source / "fonts" / f"KaTeX_{name}.ttf", characters)
        data = base64.b64encode(woff).decode("ascii")
        css, found = re.subn(
            rf'url\(fonts/KaTeX_{name}\.woff2\) format\("woff2"\)',
            f'url(data:font/woff;base64,{data}) format("woff")',
            css,
        )
        if found != 1:
            raise ExtensionError(f"katex_math: no @font-face for {name} in KaTeX's css")
    (target / Path(CSS).name).write_text(css + EXTRA_CSS, encoding="utf-8")
    for font in (source / "fonts").glob("*.woff2"):
        if font.stem.removeprefix("KaTeX_") not in INLINE_FONTS:
            shutil.copyfile(font, target / "fonts" / font.name)


def setup(app: Sphinx) -> dict[str, object]:
    app.setup_extension("offline_assets")
    app.add_html_math_renderer(
        "katex", (html_visit_math, None), (html_visit_displaymath, None)
    )
    app.connect("config-inited", choose_renderer)
    app.connect("builder-inited", check_installed)
    app.connect("env-updated", render_all)
    app.connect("html-page-context", add_stylesheet)
    app.connect("build-finished", copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
