"""Serve the book's browser assets from the book itself, so it works offline.

Many readers are behind slow or filtered networks, so no page of the book may
load anything from another host. The three browser libraries the pages need
are installed from the npm registry by ``make book`` (``npm ci`` with the
committed ``package.json`` and ``package-lock.json``) and nothing third-party
is committed. This extension

* copies them from ``node_modules/`` into the built book's
  ``_static/vendor/`` (:data:`VENDOR`: npm path -> vendor folder), and
* points Sphinx at the copies: ``mathjax_path`` for equations and myst-nb's
  ``nb_ipywidgets_js`` for interactive widgets (RequireJS, then the Jupyter
  widgets HTML manager, whose ``embed-amd.js`` bundles the ``base``,
  ``controls`` and ``output`` widget modules and loads its icon fonts from
  its own folder).

Two small inline scripts make the local copies work together: RequireJS is
told that the widget modules live in the vendor folder, where the HTML
manager's icon fonts are, and ipywidgets 8, which typesets widget
labels with the MathJax 2 call ``MathJax.Hub.Queue``, is given that call on
top of MathJax 3. Finally, each page's scripts are de-duplicated: Sphinx 7.4
lists a body-only script added after the builder started twice (once as
``None``, once as ``''``), which declares sphinx-thebe's ``const
THEBE_JS_URL`` twice, a console error on every page (as is the theme's
empty default colour mode, set to ``auto`` here).

The HTML manager asks a CDN only for a widget module it does not bundle; the
book's widgets are all ipywidgets controls, and the browser test
(``tests/test_browser.py``) blocks and counts every request to another host.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: npm package path (under node_modules/) -> folder under _static/vendor/
VENDOR = {
    "mathjax/es5": "mathjax",
    "requirejs": "requirejs",
    "@jupyter-widgets/html-manager/dist": "html-manager",
}
#: files never served: source maps, the non-AMD bundle, npm metadata
IGNORE = shutil.ignore_patterns("*.map", "embed.js", "embed.js.LICENSE.txt", "bin")

MATHJAX = "vendor/mathjax/tex-mml-chtml.js"
IPYWIDGETS_JS = {
    "vendor/requirejs/require.js": {},
    # The "CDN" is asked only for a widget module that embed-amd.js does not
    # bundle (none of ipywidgets' own); a relative address keeps even that
    # request on the book's host, where it fails instead of leaving.
    "vendor/html-manager/embed-amd.js": {"data-jupyter-widgets-cdn": "_static/vendor/"},
}
# RequireJS reads a global ``require`` object as its configuration. The
# widget modules are defined inside embed-amd.js; each finds its fonts next to
# its own module address, so map every module name to the vendor folder. Sphinx
# 7.4 puts the page's relative path to the book's root in data-content_root.
REQUIRE_CONFIG_JS = """(() => {
  const root = new URL(document.documentElement.dataset.content_root
    + '_static/vendor/html-manager/', document.baseURI).href;
  const modules = ['base', 'base7', 'controls', 'controls7', 'html-manager',
    'html-manager/dist/libembed-amd'];
  window.require = { paths: Object.fromEntries(modules.map(
    (name) => ['@jupyter-widgets/' + name, root + name.split('/').pop()])) };
})();"""
# after the MathJax configuration (priority 500), before MathJax itself (defer)
MATHJAX2_SHIM_JS = """(() => {
  const pending = [];
  const hub = { Queue(job) {
    const element = Array.isArray(job) ? job[2] : undefined;
    const mathjax = window.MathJax;
    if (mathjax && mathjax.typesetPromise) {
      mathjax.startup.promise.then(() => mathjax.typesetPromise(element ? [element] : undefined));
    } else if (element) {
      pending.push(element);
    }
  } };
  const config = (window.MathJax = window.MathJax || {});
  config.Hub = hub;
  config.startup = Object.assign(config.startup || {}, { ready() {
    window.MathJax.startup.defaultReady();
    window.MathJax.Hub = hub;
    window.MathJax.startup.promise.then(() => window.MathJax.typesetPromise(pending));
  } });
})();"""


def node_modules(app: Sphinx) -> Path:
    """The ``node_modules/`` folder next to ``package.json``."""
    return Path(app.srcdir) / app.config.offline_assets_node_modules


def use_local_copies(app: Sphinx, config: Config) -> None:
    """Point MathJax and the widget scripts at ``_static/vendor/``."""
    config.mathjax_path = MATHJAX
    config.nb_ipywidgets_js = dict(IPYWIDGETS_JS)
    # pydata-sphinx-theme logs a console error for its empty default colour
    # mode ("Got invalid theme mode"); name the mode it falls back to anyway
    config.html_context = {"default_mode": "auto", **config.html_context}


def check_installed(app: Sphinx) -> None:
    """Fail early, with the command to run, when the npm packages are missing."""
    if app.builder.format != "html":
        return
    missing = [src for src in VENDOR if not (node_modules(app) / src).is_dir()]
    if missing:
        raise ExtensionError(
            f"offline_assets: {', '.join(missing)} not found in {node_modules(app)}; "
            "run `npm ci` in the repository root (`make book` does)."
        )


def copy_vendor(app: Sphinx, exception: Exception | None) -> None:
    """Copy the npm packages into the built book's ``_static/vendor/``."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "vendor"
    for src, dest in VENDOR.items():
        shutil.copytree(
            node_modules(app) / src, target / dest, ignore=IGNORE, dirs_exist_ok=True
        )
    logger.info("offline_assets: copied %s into %s", ", ".join(VENDOR), target)


def fix_page_scripts(app: Sphinx, pagename, templatename, context, doctree):
    """Configure RequireJS on widget pages; drop duplicated scripts.

    Scripts that differ only by a ``None``/``''`` filename are kept once.
    """
    scripts = context.get("script_files")
    if not scripts:
        return
    if any(str(getattr(s, "filename", "")).endswith("embed-amd.js") for s in scripts):
        app.add_js_file(None, body=REQUIRE_CONFIG_JS, priority=499)
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


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("offline_assets_node_modules", "node_modules", "env")
    # after sphinx.ext.mathjax and myst_nb have registered their values
    app.connect("config-inited", use_local_copies, priority=900)
    app.connect("builder-inited", check_installed)
    app.connect("build-finished", copy_vendor)
    app.connect("html-page-context", fix_page_scripts, priority=900)
    app.add_js_file(None, body=MATHJAX2_SHIM_JS, priority=501)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
