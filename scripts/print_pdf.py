"""Print the one-page HTML book to a PDF with headless Chromium.

Usage: ``python scripts/print_pdf.py _build/singlehtml _build/pdf/crmlab.pdf``
(``make pdf`` builds the single page first). The page is served from
127.0.0.1, every request to another host is blocked and counted, and the page
is printed only when every image and web font has loaded, so the PDF shows
equations (typeset at build time by KaTeX, in its fonts), figures and Chinese
text (in the CJK font ``make system-deps`` installs). The browser helpers here are shared with
``tests/test_browser.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

#: Debian's Chromium (``make system-deps``); Playwright's own browser
#: download is not used.
CHROMIUM = "/usr/bin/chromium"
#: headless flags for a root user on a machine with no outside network:
#: without the background-networking ones Chromium keeps calling Google
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Equations are typeset at build time (KaTeX, book/_ext/katex_math.py): no
# script typesets them in the browser. Wait for the whole page to be parsed
# ("networkidle" can come first on a busy machine), for the images (lazy
# ones made eager) and the web fonts it uses (KaTeX's, the theme's), then
# count the equations.
TYPESET_JS = """async () => {
  if (document.readyState !== 'complete') {
    await new Promise((done) => window.addEventListener('load', done, { once: true }));
  }
  document.querySelectorAll('img[loading="lazy"]').forEach((img) => { img.loading = 'eager'; });
  await Promise.all([...document.images].map((img) => img.complete ? null
    : new Promise((done) => { img.onload = img.onerror = done; })));
  await document.fonts.ready;
  return document.querySelectorAll('.math .katex').length;
}"""
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#666">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    root_page: str | None = None

    def translate_path(self, path: str) -> str:
        if self.root_page and path.split("?")[0] == "/":
            path = "/" + self.root_page
        return super().translate_path(path)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(directory: Path, root_page: str | None = None) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at a free port; yield the base URL.

    With ``root_page``, the URL ``/`` shows that page: the single-page build
    writes its page into a subfolder (book/intro.html) but makes every link
    relative to the build's root.
    """
    handler_class = type("Handler", (_QuietHandler,), {"root_page": root_page})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium(playwright) -> Iterator[object]:
    """Launch Debian's headless Chromium with an empty profile."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"{CHROMIUM} not found: run `make system-deps` (apt-get install chromium)."
        )
    with tempfile.TemporaryDirectory(prefix="crmlab-chromium-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield context
        finally:
            context.close()


def block_other_hosts(page, blocked: list[str]) -> None:
    """Abort every request to a host other than 127.0.0.1, recording its URL."""

    def route(route):
        url = route.request.url
        if urlparse(url).scheme in ("data", "blob") or (
            urlparse(url).hostname in LOCAL_HOSTS
        ):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", route)


def start_page(site: Path) -> str:
    """The page ``index.html`` leads to (Jupyter Book writes a redirect)."""
    index = (site / "index.html").read_text(encoding="utf-8")
    match = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', index, re.I)
    return match.group(1) if match else "index.html"


def wait_for_typesetting(page) -> int:
    """Wait until the page's images and fonts have loaded.

    Returns the number of equations typeset by KaTeX at build time
    (``.math .katex`` elements).
    """
    return page.evaluate(TYPESET_JS)


def print_pdf(site: Path, output: Path) -> dict[str, object]:
    """Print the book's page in ``site`` to ``output``; return what was done."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    start = time.perf_counter()
    blocked: list[str] = []
    output.parent.mkdir(parents=True, exist_ok=True)
    with serve(site, root_page=start_page(site)) as base, sync_playwright() as pw:
        with chromium(pw) as browser:
            page = browser.new_page()
            block_other_hosts(page, blocked)
            page.goto(base, wait_until="networkidle", timeout=120_000)
            equations = wait_for_typesetting(page)
            page.emulate_media(media="print")
            page.pdf(
                path=str(output),
                format="A4",
                print_background=True,
                margin={
                    "top": "15mm",
                    "bottom": "18mm",
                    "left": "14mm",
                    "right": "14mm",
                },
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=FOOTER,
            )
    return {
        "pdf": str(output),
        "pages": len(PdfReader(output).pages),
        "equations": equations,
        "external_requests": len(blocked),
        "seconds": round(time.perf_counter() - start, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the singlehtml build folder")
    parser.add_argument("output", type=Path, help="the PDF to write")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(
            f"{args.site}/index.html not found: build with --builder singlehtml"
        )
    report = print_pdf(args.site, args.output)
    print(", ".join(f"{key}: {value}" for key, value in report.items()))
    if report["external_requests"]:
        print("error: the book asked other hosts for files", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
