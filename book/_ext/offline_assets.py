"""Serve the book's browser assets from the book itself, so it works offline.

Many readers are behind slow or filtered networks, so no page of the book may
load anything from another host, and a page should load only what it uses.
The browser libraries are installed from the npm registry by ``make book``
(``npm ci`` with the committed ``package.json`` and ``package-lock.json``)
and nothing third-party is committed. This extension

* copies them from ``node_modules/`` into the built book's
  ``_static/vendor/`` (:data:`VENDOR`: npm path -> vendor path): vega,
  vega-lite and vega-embed for the chapters' explorers (equations are
  typeset at build time by ``katex_math.py`` beside this file, which serves
  KaTeX's stylesheet and fonts itself: no page loads a script for math);
* gives myst-nb no widget scripts at all (no page uses Jupyter widgets;
  myst-nb's default would load them from a CDN);
* adds ``_static/crm-explorers.js`` (``explorers.js`` here, a few kB) to the
  pages that hold an explorer (``crmlab.viz.explorers``): it loads the vega
  libraries only when an explorer comes into view, and draws it;
* drops the search index and tools (:data:`SEARCH_JS`) from every page but
  the search page: the theme loads them everywhere for a search-as-you-type
  that is off;
* drops the theme's ``fontawesome.js`` (1.5 MB of JavaScript that redraws
  every icon as SVG) from every page: the theme's stylesheet already draws
  the same icons with the Font Awesome web font it ships;
* offers each executed chapter as a notebook download (``_sources/*.ipynb``),
  which sphinx-book-theme does only when a launch button is configured;
* lets content images load lazily (``loading="lazy"``), so a page loads the
  figures the reader scrolls to, not all of them at once.

Finally, each page's scripts are de-duplicated: Sphinx 7.4 lists a body-only
script added after the builder started twice (once as ``None``, once as
``''``), which declares sphinx-thebe's ``const THEBE_JS_URL`` twice, a
console error on every page (as is the theme's empty default colour mode,
set to ``auto`` here). ``bench/page_weight.py`` measures what each page
loads; the browser test (``tests/test_browser.py``) blocks and counts every
request to another host.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: npm path (under node_modules/) -> path under _static/vendor/; a folder is
#: copied whole (less IGNORE), a file alone
VENDOR = {
    "vega/build/vega.min.js": "vega/vega.min.js",
    "vega-lite/build/vega-lite.min.js": "vega-lite/vega-lite.min.js",
    "vega-embed/build/vega-embed.min.js": "vega-embed/vega-embed.min.js",
}
#: files never served: source maps, npm metadata
IGNORE = shutil.ignore_patterns("*.map", "bin")

EXPLORERS_JS = Path(__file__).with_name("explorers.js")
EXPLORERS_STATIC = "crm-explorers.js"
#: what marks a page with an explorer (crmlab.viz.explorers.Explorer.to_html)
EXPLORER_MARK = 'class="crm-explorer"'
#: the theme's SVG-icon script; its stylesheet has the same icons as a web font
FONTAWESOME_JS = re.compile(
    r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'
)
#: the search index and tools pydata-sphinx-theme loads on every page for its
#: search-as-you-type, which is off (its default): 0.17 MB and 3 requests a
#: page that only search.html uses (which loads them itself)
SEARCH_JS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js'
    r'|searchindex\.js)"></script>'
)
#: a content image with no loading attribute (Sphinx writes `<img alt=... src=...`)
EAGER_IMAGE = re.compile(r"<img (?![^>]*\bloading=)(?=[^>]*_images/)")


def node_modules(app: Sphinx) -> Path:
    """The ``node_modules/`` folder next to ``package.json``."""
    return Path(app.srcdir) / app.config.offline_assets_node_modules


def use_local_copies(app: Sphinx, config: Config) -> None:
    """No widget scripts at all; the theme's colour mode named."""
    # myst-nb's default loads RequireJS and the widget manager from a CDN on a
    # page with widget state; no page has any, and none may reach a CDN
    config.nb_ipywidgets_js = {}
    # pydata-sphinx-theme logs a console error for its empty default colour
    # mode ("Got invalid theme mode"); name the mode it falls back to anyway
    config.html_context = {"default_mode": "auto", **config.html_context}


def check_installed(app: Sphinx) -> None:
    """Fail early, with the command to run, when the npm packages are missing."""
    if app.builder.format != "html":
        return
    missing = [src for src in VENDOR if not (node_modules(app) / src).exists()]
    if missing:
        raise ExtensionError(
            f"offline_assets: {', '.join(missing)} not found in {node_modules(app)}; "
            "run `npm ci` in the repository root (`make book` does)."
        )


def copy_vendor(app: Sphinx, exception: Exception | None) -> None:
    """Copy the npm packages and the explorer script into the built book."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for src, dest in VENDOR.items():
        source, target = node_modules(app) / src, static / "vendor" / dest
        if source.is_dir():
            shutil.copytree(source, target, ignore=IGNORE, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    shutil.copyfile(EXPLORERS_JS, static / EXPLORERS_STATIC)
    logger.info("offline_assets: copied %s into %s", ", ".join(VENDOR), static)


def lighten_pages(app: Sphinx, exception: Exception | None) -> None:
    """Drop the theme's fontawesome.js and let images load lazily, on every page.

    Off the search page, drop the search index and tools too, unless the
    theme's search-as-you-type (which uses them on every page) is on. The
    theme writes these script tags in its layout template, where no Sphinx
    event reaches them, so the written pages are edited.
    """
    if exception is not None or app.builder.format != "html":
        return
    search_as_you_type = (app.config.html_theme_options or {}).get("search_as_you_type")
    changed = 0
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        lighter = EAGER_IMAGE.sub('<img loading="lazy" ', FONTAWESOME_JS.sub("", text))
        if page.name != "search.html" and not search_as_you_type:
            lighter = SEARCH_JS.sub("", lighter)
        if lighter != text:
            page.write_text(lighter, encoding="utf-8")
            changed += 1
    logger.info("offline_assets: lightened %d pages", changed)


def fix_page_scripts(app: Sphinx, pagename, templatename, context, doctree):
    """Add the explorer script where an explorer is; drop duplicated scripts.

    Scripts that differ only by a ``None``/``''`` filename are kept once.
    """
    if EXPLORER_MARK in context.get("body", ""):
        app.add_js_file(EXPLORERS_STATIC, loading_method="defer")
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        attributes = getattr(script, "attributes", {})
        key = (
            getattr(script, "filename", script) or "",
            getattr(script, "priority", 500),
            tuple(sorted(attributes.items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def offer_notebook_download(app: Sphinx, pagename, templatename, context, doctree):
    """Offer an executed MyST chapter as ``_sources/<page>.ipynb`` for download.

    sphinx-book-theme copies the notebook and adds the ``.ipynb`` download
    button only when a launch button (Binder, Colab, JupyterHub) is
    configured; the book has none by default, so do the same here.
    """
    if app.builder.format != "html" or not str(context.get("sourcename", "")).endswith(
        (".md", ".md.txt")
    ):
        return
    out = Path(app.outdir)
    executed = out.parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return
    target = out / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("offline_assets_node_modules", "node_modules", "env")
    # after myst_nb has registered its values
    app.connect("config-inited", use_local_copies, priority=900)
    app.connect("builder-inited", check_installed)
    app.connect("build-finished", copy_vendor)
    app.connect("build-finished", lighten_pages)
    app.connect("html-page-context", fix_page_scripts, priority=900)
    # before sphinx-book-theme draws its header buttons (priority 501)
    app.connect("html-page-context", offer_notebook_download, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.2"}
