"""Build the bilingual glossary page from the CSV files in ``book/glossary/``.

Each chapter keeps its own terms in ``book/glossary/<chapter>.csv`` with the
columns ``english, chinese, pinyin, chapter, definition``. When Sphinx reads
the glossary page, this extension appends two views of all terms: a Sphinx
glossary sorted by English (each entry carries both the English and the
Chinese term, so ``{term}`` links work in either language) and a table sorted
by pinyin that reads from Chinese to English.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

COLUMNS = ["english", "chinese", "pinyin", "chapter", "definition"]


def read_terms(folder: Path, env=None) -> list[dict[str, str]]:
    """Read every glossary CSV below ``folder``, checking columns and duplicates."""
    terms, seen = [], {}
    for path in sorted(folder.glob("*.csv")):
        if env is not None:
            env.note_dependency(str(path))  # rebuild the page when a CSV changes
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != COLUMNS:
                raise ExtensionError(f"{path}: columns must be {COLUMNS}")
            for row in reader:
                for key in ("english", "chinese"):
                    name = row[key].strip().lower()
                    if name in seen:
                        raise ExtensionError(
                            f"{path}: term {row[key]!r} is already in {seen[name]}"
                        )
                    seen[name] = path.name
                terms.append({k: row[k].strip() for k in COLUMNS})
    return terms


def glossary_markdown(terms: list[dict[str, str]]) -> str:
    """MyST text of the two views of the glossary."""
    lines = ["", "## English → 中文", "", ":::{glossary}", ":sorted:", ""]
    for term in terms:
        lines += [term["english"], term["chinese"]]
        lines += [f"  {term['definition']} ({{doc}}`/{term['chapter']}`)", ""]
    lines += [":::", "", "## 中文 → English", ""]
    lines += ["| 中文 | 拼音 (pinyin) | English |", "| --- | --- | --- |"]
    for term in sorted(terms, key=lambda t: t["pinyin"].lower()):
        lines.append(
            f"| {{term}}`{term['chinese']}` | {term['pinyin']} | {term['english']} |"
        )
    return "\n".join(lines) + "\n"


def add_terms(app: Sphinx, docname: str, source: list[str]) -> None:
    if docname != app.config.crm_glossary_page:
        return
    folder = Path(app.srcdir) / app.config.crm_glossary_dir
    source[0] += glossary_markdown(read_terms(folder, app.env))


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("crm_glossary_page", "book/glossary", "env")
    app.add_config_value("crm_glossary_dir", "book/glossary", "env")
    app.connect("source-read", add_terms)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
