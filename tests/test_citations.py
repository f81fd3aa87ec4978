"""Citations a reader can trust (issue 10).

Readers never see the word "seed": the course documents are cited by their
Chinese titles, and "seed" may only appear as a random seed ("random seed",
"fixed seed", "seeded", or a ``seed=`` argument). Every bibliography entry has
a real title, and a real author whenever it names one.
"""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "book" / "references.bib"
HTML = ROOT / "_build" / "html"

#: Uses of "seed" that speak of random numbers, which readers may see.
ALLOWED = re.compile(
    # ``seed (int, default=2024)``: a generator's parameter on the API page; student_seed: a function name
    r"random\s+seeds?|fixed\s+seeds?|seeded|\bseed\s*=\s*[\w.]+|\bseed\s*\(\s*int\b"
    r"|\bstudent_seed\b",
    re.IGNORECASE,
)
SEED = re.compile(r"seed", re.IGNORECASE)
CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)


def markdown_sources() -> list[Path]:
    """The chapter texts, formula parts and front and back matter."""
    return sorted(ROOT.glob("chapters/*/*.md")) + sorted(ROOT.glob("book/*.md"))


def seed_words(text: str) -> list[str]:
    """Each forbidden use of "seed" in ``text``, with a little context."""
    kept = ALLOWED.sub(" ", text)
    return [
        kept[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
        for m in SEED.finditer(kept)
    ]


@pytest.mark.parametrize(
    "path", markdown_sources(), ids=lambda p: str(p.relative_to(ROOT))
)
def test_markdown_prose_never_says_seed(path):
    prose = CODE_CELL.sub("", path.read_text(encoding="utf-8"))
    assert seed_words(prose) == []


def test_code_cells_say_seed_only_as_a_random_seed():
    found = {}
    for path in markdown_sources():
        cells = "\n".join(CODE_CELL.findall(path.read_text(encoding="utf-8")))
        if words := seed_words(cells):
            found[str(path.relative_to(ROOT))] = words
    assert found == {}


@pytest.mark.parametrize(
    "path",
    sorted(ROOT.glob("chapters/*/glossary.csv")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_glossary_never_says_seed(path):
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            assert seed_words(" ".join(row.values())) == [], row["english"]


# --- the bibliography ------------------------------------------------------

ENTRY = re.compile(r"@(\w+)\s*\{\s*([^,\s]+)\s*,(.*?)\n\}", re.DOTALL)
FIELD = re.compile(r"(\w+)\s*=\s*\{(.*?)\}\s*,?\s*$", re.MULTILINE | re.DOTALL)
#: Authors that are not people or bodies who wrote the work.
PLACEHOLDER = re.compile(r"seed|crm\s*lab|anonym|unknown|n\.\s*a\.|^\W*$", re.I)


def bib_entries() -> list[tuple[str, str, dict[str, str], str]]:
    """(type, key, fields, raw text) of each entry of references.bib."""
    text = BIB.read_text(encoding="utf-8")
    entries = []
    for kind, key, body in ENTRY.findall(text):
        fields = {}
        for line in re.split(r",\s*\n", body):
            if match := FIELD.match(line.strip()):
                fields[match.group(1).lower()] = match.group(2).strip()
        entries.append((kind.lower(), key, fields, body))
    return entries


def test_bibliography_parses():
    entries = bib_entries()
    assert len(entries) == BIB.read_text(encoding="utf-8").count("\n@") + 1
    keys = [key for _, key, _, _ in entries]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("entry", bib_entries(), ids=lambda e: e[1])
def test_bibliography_entry_has_a_real_title_and_author(entry):
    kind, key, fields, raw = entry
    assert fields.get("title", "").strip("{} "), f"{key} has no title"
    assert seed_words(key + " " + raw) == [], f"{key} speaks of seeds"
    if kind in {"article", "book", "incollection", "inproceedings"}:
        assert "author" in fields, f"{key} has no author"
    if "author" in fields:
        assert not PLACEHOLDER.search(fields["author"]), f"{key}: {fields['author']}"
    year = fields.get("year", "")
    assert re.fullmatch(r"\d{4}|n\.d\.", year), f"{key}: year {year!r}"


def test_every_cited_key_is_in_the_bibliography():
    known = {key for _, key, _, _ in bib_entries()}
    role = re.compile(r"\{cite(?::\w+)?\}`([^`]*)`")
    cited = set()
    for path in markdown_sources():
        for keys in role.findall(path.read_text(encoding="utf-8")):
            cited |= {k.strip() for k in keys.split(",") if k.strip()}
    assert cited - known == set()


# --- the built book --------------------------------------------------------


class VisibleText(HTMLParser):
    """The text a reader sees, without scripts, styles and code cell inputs."""

    SKIP = {"script", "style", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[bool] = []  # for each open tag: does it hide its text?

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "hr", "meta", "link", "input", "wbr", "source"}:
            return
        classes = (dict(attrs).get("class") or "").split()
        hidden = tag in self.SKIP or "cell_input" in classes
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if self.stack and tag not in {"br", "img", "hr", "meta", "link", "input"}:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


@pytest.mark.book
@pytest.mark.skipif(not HTML.is_dir(), reason="the book is not built (make book)")
def test_built_book_never_says_seed():
    found = {}
    for page in sorted(HTML.rglob("*.html")):
        if "_static" in page.parts or "_sources" in page.parts:
            continue
        parser = VisibleText()
        parser.feed(page.read_text(encoding="utf-8"))
        if words := seed_words(" ".join(parser.parts)):
            found[str(page.relative_to(HTML))] = words
    assert found == {}
