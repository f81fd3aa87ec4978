"""Page weight of the built book: requests, bytes and load time of each page.

Usage (after ``make book``)::

    .venv/bin/python bench/page_weight.py [--label after] [--html _build/html]

Each page of ``_toc.yml`` is opened in a fresh browser context (an empty
cache) of the same headless Chromium the browser test uses
(``scripts/print_pdf.py``), served from 127.0.0.1 with every request to
another host blocked. Two moments are measured:

* **open**: the page has loaded and the network is idle, before scrolling;
* **used**: the page has been scrolled to the end (lazy images and
  explorers load) and every control of its explorers has been moved.

Bytes are the bodies the browser received (``Content-Length`` of each
response; the local server does not compress, so a host that gzips serves
less). The time is ``loadEventEnd`` on 127.0.0.1, and the time the open
page's bytes would take at 2 Mbit/s, a slow connection. The table goes to
``bench/page_weight.md`` under a heading per ``--label``; a second run with
the same label replaces its section. Budget of issue 11: open <= 1.5 MB in
<= 30 requests; used <= 2.5 MB.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "bench" / "page_weight.md"
BUDGET = {"open_requests": 30, "open_bytes": 1.5e6, "used_bytes": 2.5e6}
SLOW_BITS_PER_SECOND = 2e6


def _print_pdf():
    spec = importlib.util.spec_from_file_location(
        "print_pdf", ROOT / "scripts" / "print_pdf.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def toc_documents() -> list[str]:
    """Every document of ``_toc.yml``, root first."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    documents = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                documents.append(str(Path(entry["file"]).with_suffix("")))
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key))

    walk(toc.get("parts") or toc.get("chapters"))
    return documents


# Move every control of every explorer once: each select to its last option,
# each range input to its maximum, each checkbox toggled.
USE_EXPLORERS_JS = """async () => {
  const inputs = [...document.querySelectorAll('.crm-explorer input, .crm-explorer select')];
  for (const input of inputs) {
    if (input.tagName === 'SELECT') {
      input.selectedIndex = input.options.length - 1;
    } else if (input.type === 'range') {
      input.value = input.max;
    } else if (input.type === 'checkbox' || input.type === 'radio') {
      input.checked = !input.checked;
    }
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((done) => setTimeout(done, 50));
  }
  return inputs.length;
}"""
SCROLL_JS = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
    window.scrollTo(0, y);
    await new Promise((done) => setTimeout(done, 60));
  }
  window.scrollTo(0, document.body.scrollHeight);
}"""


class Meter:
    """Requests and received bytes of one page."""

    def __init__(self, page):
        self.requests = 0
        self.bytes = 0
        self.largest: dict[str, int] = {}
        page.on("requestfinished", self._finished)

    def _finished(self, request):
        if urlparse(request.url).scheme not in ("http", "https"):
            return
        response = request.response()
        size = int((response.headers if response else {}).get("content-length", 0))
        self.requests += 1
        self.bytes += size
        self.largest[urlparse(request.url).path] = size


def measure(browser, base: str, document: str, blocked: list[str]) -> dict:
    context = browser.new_context()
    page = context.new_page()
    _print_pdf().block_other_hosts(page, blocked)
    meter = Meter(page)
    page.goto(urljoin(base, f"{document}.html"), wait_until="load", timeout=120_000)
    page.wait_for_load_state("networkidle")
    load_ms = page.evaluate(
        "() => performance.getEntriesByType('navigation')[0].loadEventEnd"
    )
    opened = {"requests": meter.requests, "bytes": meter.bytes}
    top_open = sorted(meter.largest.items(), key=lambda kv: -kv[1])[:3]
    page.evaluate(SCROLL_JS)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    controls = page.evaluate(USE_EXPLORERS_JS)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    used = {"requests": meter.requests, "bytes": meter.bytes}
    context.close()
    return {
        "document": document,
        "open": opened,
        "used": used,
        "load_ms": load_ms,
        "controls": controls,
        "top_open": top_open,
    }


def table(rows: list[dict], label: str) -> str:
    mb = 1e6
    lines = [
        f"## {label}",
        "",
        f"Measured by `bench/page_weight.py` on {datetime.date.today()} with "
        "headless Chromium, cold cache, served from 127.0.0.1 (uncompressed).",
        "",
        "| Page | Open: requests | Open: MB | Load (ms) | Open at 2 Mbit/s (s) "
        "| Used: requests | Used: MB | Controls moved | Largest files when open |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    over = []
    for row in rows:
        opened, used = row["open"], row["used"]
        largest = ", ".join(
            f"{Path(path).name} {size / mb:.2f}" for path, size in row["top_open"]
        )
        lines.append(
            f"| {row['document']} | {opened['requests']} | {opened['bytes'] / mb:.2f} "
            f"| {row['load_ms']:.0f} "
            f"| {opened['bytes'] * 8 / SLOW_BITS_PER_SECOND:.1f} "
            f"| {used['requests']} | {used['bytes'] / mb:.2f} | {row['controls']} "
            f"| {largest} |"
        )
        if (
            opened["requests"] > BUDGET["open_requests"]
            or opened["bytes"] > BUDGET["open_bytes"]
            or used["bytes"] > BUDGET["used_bytes"]
        ):
            over.append(row["document"])
    lines += [
        "",
        "Budget (issue 11): open <= 30 requests and <= 1.5 MB, used <= 2.5 MB. "
        + (f"Over budget: {', '.join(over)}." if over else "Every page is within it."),
        "",
    ]
    return "\n".join(lines)


def write(section: str, label: str, output: Path) -> None:
    """Put ``section`` into ``output``, replacing an older one with its label."""
    header = (
        "# Page weight of the built book\n\n"
        "Written by `bench/page_weight.py`; see its docstring for what is measured.\n\n"
    )
    text = output.read_text(encoding="utf-8") if output.exists() else header
    pattern = re.compile(rf"^## {re.escape(label)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    output.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--label", default="current")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("pages", nargs="*", help="documents (default: every page)")
    args = parser.parse_args(argv)
    if not (args.html / "index.html").is_file():
        parser.error(f"{args.html}/index.html not found: run `make book` first")
    from playwright.sync_api import sync_playwright

    tools = _print_pdf()
    blocked: list[str] = []
    rows = []
    with tools.serve(args.html) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=tools.CHROMIUM, args=tools.CHROMIUM_ARGS, headless=True
        )
        try:
            for document in args.pages or toc_documents():
                rows.append(measure(browser, base, document, blocked))
                print(rows[-1], flush=True)
        finally:
            browser.close()
    section = table(rows, args.label)
    write(section, args.label, args.output)
    print(section)
    if blocked:
        print(
            f"error: requests to other hosts: {sorted(set(blocked))}", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
