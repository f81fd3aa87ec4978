"""Chapters as units: every list of chapters in the book is generated here.

A written chapter is one unit, ``ch<NN>_<slug>``, in two folders::

    chapters/ch07_grading_customers/
        grading_customers.md   the chapter (listed in _toc.yml)
        glossary.csv           its key terms: english, chinese, pinyin, definition
        formulas.md            its part of the formula sheet
    exercises/source/ch07_grading_customers/
        grading_customers.ipynb  the graded assignment (nbgrader)
        rubric.md                rubric of the written answers (instructors only)
        wrong_answer.py          the round-trip test's one wrong answer
        exam_questions.yml       the exam pool of the question bank (instructors only)

and the chapter folder's ``questions.yml`` is its practice pool, shown as the
self-check quiz at the end of the chapter page (``quiz.py``, ``question_bank.py``).

``book/course.yml`` is the course plan (all fourteen units, written or not).
A page asks for a generated list with an empty directive, which is replaced by
MyST text before the page is parsed::

    ```{crm-units} formula-sheet
    ```

Lists: ``chapter-table`` (introduction), ``formula-sheet``, ``glossary``,
``assignments``, ``rubrics`` and ``schedule`` (instructor guide). A chapter in
the table of contents that lacks a part stops the build with a message naming
the chapter and the missing file.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

__all__ = ["Unit", "check_units", "read_glossary", "read_plan", "written_units"]

GLOSSARY_COLUMNS = ["english", "chinese", "pinyin", "definition"]
CHAPTER_PARTS = {"glossary": "glossary.csv", "formulas": "formulas.md"}
ASSIGNMENT_PARTS = {"rubric": "rubric.md", "wrong-answer case": "wrong_answer.py"}
#: the question bank's pools; required of every written chapter once every
#: chapter in the toc has them (until then a chapter without them has no quiz)
QUESTION_PARTS = {
    "practice questions": ("chapters", "questions.yml"),
    "exam questions": ("exercises", "exam_questions.yml"),
}
REQUIRE_QUESTIONS = True
_DOCNAME = re.compile(r"^chapters/ch(\d\d)_([a-z0-9_]+?)/(\w+)$")
_REQUEST = re.compile(r"^```\{crm-units\} ([\w-]+)\n```\n", re.MULTILINE)


@dataclass(frozen=True)
class Unit:
    """One unit of the course plan; ``written`` when the toc lists its chapter."""

    number: int
    slug: str
    title: str
    chinese: str
    part: str
    weeks: str
    written: bool = False

    @property
    def name(self) -> str:
        return f"ch{self.number:02d}_{self.slug}"

    @property
    def docname(self) -> str:
        return f"chapters/{self.name}/{self.slug}"

    def chapter_dir(self, root: Path) -> Path:
        return root / "chapters" / self.name

    def assignment_dir(self, root: Path) -> Path:
        return root / "exercises" / "source" / self.name


def read_plan(root: Path) -> list[Unit]:
    """Every unit of ``book/course.yml``, in course order."""
    plan = yaml.safe_load((root / "book" / "course.yml").read_text(encoding="utf-8"))
    return [
        Unit(u["number"], u["slug"], u["title"], u["chinese"], part["name"], u["weeks"])
        for part in plan["parts"]
        for u in part["units"]
    ]


def toc_docnames(toc_path: Path) -> list[str]:
    """Every ``file`` of a Jupyter Book table of contents, in reading order."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                found.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key))

    walk(toc.get("parts") or toc.get("chapters"))
    return found


def written_units(root: Path, toc_path: Path) -> list[Unit]:
    """The plan with ``written`` set from the toc; a toc chapter must be in the plan.

    A chapter is written when ``chapters/chNN_<slug>/<slug>`` is in the toc; other
    pages of its folder (``chapters/chNN_<slug>/<page>``) are its sections.
    """
    plan = {unit.name: unit for unit in read_plan(root)}
    docnames = [d for d in toc_docnames(toc_path) if d.startswith("chapters/")]
    written, sections = set(), {}
    for docname in docnames:
        match = _DOCNAME.match(docname)
        if not match:
            raise ExtensionError(
                f"toc entry {docname!r} must be chapters/chNN_<slug>/<slug> "
                f"or a section page chapters/chNN_<slug>/<page>"
            )
        name = f"ch{match.group(1)}_{match.group(2)}"
        if name not in plan:
            raise ExtensionError(
                f"chapter {name} is in the toc but not in book/course.yml "
                f"(number and slug must match a unit of the plan)"
            )
        if match.group(3) == match.group(2):
            written.add(name)
        else:
            sections[docname] = name
    for docname, name in sections.items():
        if name not in written:
            raise ExtensionError(
                f"section {docname!r} has no chapter {name} in the toc"
            )
    return [Unit(**{**u.__dict__, "written": u.name in written}) for u in plan.values()]


def missing_parts(unit: Unit, root: Path, questions: bool | None = None) -> list[str]:
    """What a written chapter lacks, as ``part (path)`` descriptions.

    ``questions`` (default :data:`REQUIRE_QUESTIONS`) asks for the question pools too.
    """
    wanted = {"chapter text": unit.chapter_dir(root) / f"{unit.slug}.md"}
    wanted |= {k: unit.chapter_dir(root) / v for k, v in CHAPTER_PARTS.items()}
    wanted["assignment notebook"] = unit.assignment_dir(root) / f"{unit.slug}.ipynb"
    wanted |= {k: unit.assignment_dir(root) / v for k, v in ASSIGNMENT_PARTS.items()}
    if REQUIRE_QUESTIONS if questions is None else questions:
        folders = {
            "chapters": unit.chapter_dir(root),
            "exercises": unit.assignment_dir(root),
        }
        wanted |= {k: folders[d] / f for k, (d, f) in QUESTION_PARTS.items()}
    return [
        f"{part} ({path.relative_to(root)})"
        for part, path in wanted.items()
        if not path.is_file()
    ]


def check_units(units: list[Unit], root: Path) -> None:
    """Raise naming every written chapter that lacks one of its parts."""
    problems = [
        f"chapter {unit.name} lacks its {part}"
        for unit in units
        if unit.written
        for part in missing_parts(unit, root)
    ]
    if problems:
        raise ExtensionError("; ".join(problems))


def read_glossary(units: list[Unit], root: Path) -> list[dict[str, str]]:
    """The terms of every written chapter; a term defined twice is an error."""
    terms, seen = [], {}
    for unit in units:
        if not unit.written:
            continue
        path = unit.chapter_dir(root) / CHAPTER_PARTS["glossary"]
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != GLOSSARY_COLUMNS:
                raise ExtensionError(f"{path}: columns must be {GLOSSARY_COLUMNS}")
            for row in reader:
                row = {k: row[k].strip() for k in GLOSSARY_COLUMNS}
                for name in (row["english"].lower(), row["chinese"]):
                    if name in seen:
                        raise ExtensionError(
                            f"{path}: term {name!r} is already in {seen[name]}"
                        )
                    seen[name] = unit.name
                terms.append({**row, "docname": unit.docname})
    return terms


def chapter_title(unit: Unit, root: Path) -> str:
    """The chapter's own ``# heading``."""
    text = (unit.chapter_dir(root) / f"{unit.slug}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", text, re.MULTILINE).group(1).strip()


def assignment_points(unit: Unit, root: Path) -> tuple[float, float]:
    """(autograded, written) points of a chapter's assignment notebook."""
    path = unit.assignment_dir(root) / f"{unit.slug}.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    graded = [c for c in cells if c["metadata"].get("nbgrader", {}).get("grade")]

    def points(kind: str) -> float:
        return sum(
            c["metadata"]["nbgrader"].get("points", 0)
            for c in graded
            if c["cell_type"] == kind
        )

    auto, written = points("code"), points("markdown")
    return auto, written


def _points(value: float) -> str:
    return f"{value:g}"


def chapter_table(units: list[Unit], root: Path) -> list[str]:
    lines = ["| Part | Chapter | Status |", "| --- | --- | --- |"]
    part = None
    for unit in units:
        shown = unit.part if unit.part != part else ""
        part = unit.part
        name = (
            f"{{doc}}`{unit.title} </{unit.docname}>`" if unit.written else unit.title
        )
        status = "in this book" if unit.written else "coming"
        lines.append(f"| {shown} | {unit.number}. {name} ({unit.chinese}) | {status} |")
    return lines


def formula_sheet(units: list[Unit], root: Path) -> list[str]:
    lines = []
    for unit in (u for u in units if u.written):
        title = chapter_title(unit, root)
        part = unit.chapter_dir(root) / CHAPTER_PARTS["formulas"]
        lines += [f"## Chapter {unit.number} — {title}", ""]
        lines += [f"Chapter: {{doc}}`/{unit.docname}`.", ""]
        lines += [part.read_text(encoding="utf-8").rstrip(), ""]
    return lines


def glossary(units: list[Unit], root: Path) -> list[str]:
    terms = read_glossary(units, root)
    lines = ["## English → 中文", "", ":::{glossary}", ":sorted:", ""]
    for term in terms:
        lines += [term["english"], term["chinese"]]
        lines += [f"  {term['definition']} ({{doc}}`/{term['docname']}`)", ""]
    lines += [":::", "", "## 中文 → English", ""]
    lines += ["| 中文 | 拼音 (pinyin) | English |", "| --- | --- | --- |"]
    for term in sorted(terms, key=lambda t: t["pinyin"].lower()):
        lines.append(
            f"| {{term}}`{term['chinese']}` | {term['pinyin']} | {term['english']} |"
        )
    return lines


def assignments(units: list[Unit], root: Path) -> list[str]:
    lines = [
        "| Assignment | Chapter | Autograded points | Written points |",
        "| --- | --- | --- | --- |",
    ]
    for unit in (u for u in units if u.written):
        auto, written = assignment_points(unit, root)
        lines.append(
            f"| `{unit.name}` | {{doc}}`/{unit.docname}` "
            f"| {_points(auto)} | {_points(written)} |"
        )
    return lines


def rubrics(units: list[Unit], root: Path) -> list[str]:
    lines = []
    for unit in (u for u in units if u.written):
        rubric = unit.assignment_dir(root) / ASSIGNMENT_PARTS["rubric"]
        lines += [f"### Assignment {unit.number} — {chapter_title(unit, root)}", ""]
        lines += [rubric.read_text(encoding="utf-8").rstrip(), ""]
    return lines


def schedule(units: list[Unit], root: Path) -> list[str]:
    plan = yaml.safe_load((root / "book" / "course.yml").read_text(encoding="utf-8"))
    rows = [
        (u.weeks, u.title, str(u.number), f"Assignment {u.number}" if u.written else "")
        for u in units
    ]
    rows += [(w["weeks"], w["topic"], w["chapters"], "") for w in plan["other_weeks"]]
    lines = ["| Week | Topic | Chapter | Assignment due |", "| --- | --- | --- | --- |"]
    first_week = lambda row: int(row[0].split("-")[0])  # noqa: E731
    for row in sorted(rows, key=first_week):
        lines.append("| " + " | ".join(row) + " |")
    return lines


GENERATORS = {
    "chapter-table": chapter_table,
    "formula-sheet": formula_sheet,
    "glossary": glossary,
    "assignments": assignments,
    "rubrics": rubrics,
    "schedule": schedule,
}


def _units(app: Sphinx) -> list[Unit]:
    root = Path(app.srcdir)
    return written_units(root, root / app.config.external_toc_path)


def _check(app: Sphinx) -> None:
    check_units(_units(app), Path(app.srcdir))


def _expand(app: Sphinx, docname: str, source: list[str]) -> None:
    if "{crm-units}" not in source[0]:
        return
    root, units = Path(app.srcdir), _units(app)
    for path in root.glob("chapters/*/*"):  # rebuild when a unit's part changes
        app.env.note_dependency(str(path))
    for path in root.glob("exercises/source/*/*"):
        app.env.note_dependency(str(path))
    app.env.note_dependency(str(root / "book" / "course.yml"))

    def generate(match: re.Match) -> str:
        name = match.group(1)
        if name not in GENERATORS:
            raise ExtensionError(f"{docname}: no generated list {name!r}")
        return "\n".join(GENERATORS[name](units, root)) + "\n"

    source[0] = _REQUEST.sub(generate, source[0])


class _Unexpanded(Directive):
    """A ``crm-units`` request that source-read did not replace is an error."""

    required_arguments = 1

    def run(self):
        raise self.error(f"crm-units {self.arguments[0]!r} was not expanded")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _check)
    app.connect("source-read", _expand)
    app.add_directive("crm-units", _Unexpanded)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.2"}
