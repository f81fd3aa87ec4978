"""Helpers shared by the grading and book tests: what must never reach students."""

from __future__ import annotations

import re
import runpy
from dataclasses import dataclass
from pathlib import Path

import nbformat

from conftest import ROOT

COURSE = ROOT / "exercises"
SOURCE = COURSE / "source"

_REGION = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.DOTALL)


def assignments() -> list[str]:
    """Names of the graded assignments in the course's source folder."""
    return sorted(p.name for p in SOURCE.iterdir() if p.is_dir() and p.name[:2] == "ch")


def notebooks(assignment: str) -> list[Path]:
    return sorted((SOURCE / assignment).glob("*.ipynb"))


@dataclass(frozen=True)
class WrongAnswer:
    """One deliberately wrong answer: autograding must then give every autograded
    point except ``part_points``, the points of the part it answers."""

    notebook: str
    grade_id: str
    wrong: str
    part_points: float


def wrong_answer(assignment: str) -> WrongAnswer:
    """The wrong-answer case kept beside the assignment (``wrong_answer.py``)."""
    path = SOURCE / assignment / "wrong_answer.py"
    assert path.exists(), f"{assignment} has no wrong-answer case ({path.name})"
    (notebook,) = notebooks(assignment)
    case = runpy.run_path(str(path))
    return WrongAnswer(
        notebook.name, case["GRADE_ID"], case["WRONG"], case["PART_POINTS"]
    )


def public_text() -> str:
    """Everything published anyway: chapters, book pages and the library's code."""
    paths = [*ROOT.glob("chapters/**/*.md"), *ROOT.glob("book/**/*.md")]
    paths += ROOT.glob("crmlab/**/*.py")
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(paths))


def secret_lines(assignment: str, *, min_length: int = 24) -> set[str]:
    """Distinctive lines of the solutions, hidden tests and model answers.

    Lines shorter than ``min_length`` (``return total``, ``### END``) are too
    generic to prove a leak, and lines that the book or the library publish
    anyway (``acquisition_cost=acquisition)``) cannot leak; both are left out.
    """
    lines: set[str] = set()
    for path in notebooks(assignment):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "markdown" and meta.get("solution"):
                chunks = [cell.source]
            else:
                chunks = [m.group(2) for m in _REGION.finditer(cell.source)]
            for chunk in chunks:
                lines.update(
                    line.strip()
                    for line in chunk.splitlines()
                    if len(line.strip()) >= min_length
                )
    published = public_text()
    return {line for line in lines if line not in published}


def leaks(text: str, secrets: set[str]) -> list[str]:
    """The secret lines (and nbgrader markers) that occur in ``text``."""
    found = [s for s in secrets if s in text]
    found += re.findall(r"(?:BEGIN|END) (?:SOLUTION|HIDDEN TESTS)", text)
    return found
