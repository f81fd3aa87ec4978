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


# --------------------------------------------------------------------------
# Per-student data (crmlab.datasets.student_id / student_seed)
# --------------------------------------------------------------------------

#: Ids of the round trip's honest students: each must score full marks on their own data.
STUDENT_IDS = ("2026001", "2026002", "2026003")
_TYPED = re.compile(r"^STUDENT_ID\s*=.*$", re.MULTILINE)


def uses_student_data(notebook: nbformat.NotebookNode) -> bool:
    """Whether the notebook draws its numbers from the student's id."""
    return any(
        "student_seed(" in c.source for c in notebook.cells if c.cell_type == "code"
    )


def type_student_id(notebook: nbformat.NotebookNode, student: str) -> None:
    """Fill ``STUDENT_ID`` as a student does, in the notebook's editable id cell."""
    import ast

    for cell in notebook.cells:
        if cell.cell_type != "code" or not _TYPED.search(cell.source):
            continue
        for node in ast.parse(cell.source).body:
            targets = getattr(node, "targets", [])
            if any(getattr(t, "id", "") == "STUDENT_ID" for t in targets):
                lines = cell.source.splitlines()
                lines[node.lineno - 1 : node.end_lineno] = [f"STUDENT_ID = {student!r}"]
                cell.source = "\n".join(lines)
                return
    raise AssertionError("the notebook has no STUDENT_ID cell")


def assigned_names(source: str) -> list[str]:
    """Names a cell binds at top level by assignment (not functions or imports)."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names: list[str] = []
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name) and name.id not in names:
                    names.append(name.id)
    return names


def read_names(source: str) -> set[str]:
    """The names a cell reads from before it: read, and never bound in the cell."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = [n for n in ast.walk(tree) if isinstance(n, ast.Name)]
    bound = {n.id for n in names if not isinstance(n.ctx, ast.Load)}
    return {n.id for n in names if isinstance(n.ctx, ast.Load)} - bound


# Runs a notebook's code cells except the tests, once per student id (the
# autograder's variable set), and pickles the values each cell assigned.
_VALUES_SCRIPT = r"""
import base64, json, os, pickle, sys, tempfile
os.environ["MPLBACKEND"] = "Agg"
from IPython.core.interactiveshell import InteractiveShell
job = json.load(sys.stdin)
shell = InteractiveShell.instance()
out = {}
for student in job["ids"]:
    os.environ["CRMLAB_STUDENT_ID"] = student
    os.chdir(tempfile.mkdtemp())
    shell.reset(new_session=False)
    values = {}
    for key, source, names in job["cells"]:
        result = shell.run_cell(source, silent=True)
        if not result.success:
            raise SystemExit(f"cell {key} failed for {student}: {result.error_in_exec!r}")
        for name in names:
            if name.startswith("_") or name not in shell.user_ns:
                continue
            try:
                data = pickle.dumps(shell.user_ns[name])
            except Exception:  # a connection, a module: not a value a student copies
                continue
            values[f"{key}:{name}"] = base64.b64encode(data).decode()
    out[student] = values
print(json.dumps(out))
"""


def cell_values(notebook: nbformat.NotebookNode, ids) -> dict[str, dict[str, object]]:
    """``{id: {"grade_id:name": value}}``: what each non-test cell assigned, per id."""
    import base64
    import json
    import pickle
    import subprocess
    import sys

    cells = []
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or (meta.get("grade") and not meta.get("solution")):
            continue
        key = meta.get("grade_id", "plain")
        cells.append((key, cell.source, assigned_names(cell.source)))
    result = subprocess.run(
        [sys.executable, "-c", _VALUES_SCRIPT],
        input=json.dumps({"ids": list(ids), "cells": cells}),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    raw = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        student: {k: pickle.loads(base64.b64decode(v)) for k, v in values.items()}
        for student, values in raw.items()
    }


def same_value(a: object, b: object) -> bool:
    """Equal values, pandas and NumPy objects included."""
    import numpy as np
    import pandas as pd

    if type(a) is not type(b):
        return False
    if isinstance(a, pd.DataFrame | pd.Series):
        return a.equals(b)
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and bool(np.array_equal(a, b))
    try:
        return bool(a == b)
    except Exception:  # an object without a plain equality: compare its pickle
        import pickle

        return pickle.dumps(a) == pickle.dumps(b)


def literal(value: object) -> str:
    """Python source that recreates ``value``, as a student typing it would."""
    import ast
    import base64
    import pickle

    text = repr(value)
    try:
        if same_value(ast.literal_eval(text), value):
            return text
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        pass
    data = base64.b64encode(pickle.dumps(value)).decode()
    return f'__import__("pickle").loads(__import__("base64").b64decode("{data}"))'


@dataclass(frozen=True)
class Copy:
    """A submission whose data-driven answers are a classmate's literal values."""

    notebook: nbformat.NotebookNode
    moved: dict[str, list[str]]  # answer cell grade_id -> names whose values moved
    lost_points: float  # points of the test cells that read a moved name


def copied_answers(
    solution: nbformat.NotebookNode, own: str, classmate: str
) -> tuple[Copy, dict[str, dict[str, object]]]:
    """The solution with each answer whose value differs between ``own`` and
    ``classmate`` overwritten by the classmate's value; and the values per id."""
    values = cell_values(solution, [own, classmate])
    notebook = nbformat.from_dict(solution)
    moved: dict[str, list[str]] = {}
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("solution"):
            continue
        key = meta["grade_id"]
        names = [
            name
            for name in assigned_names(cell.source)
            if f"{key}:{name}" in values[own]
            and not same_value(
                values[own][f"{key}:{name}"], values[classmate][f"{key}:{name}"]
            )
        ]
        if names:
            moved[key] = names
            lines = [f"{n} = {literal(values[classmate][f'{key}:{n}'])}" for n in names]
            cell.source += "\n# copied from a classmate\n" + "\n".join(lines) + "\n"
    names = {n for ns in moved.values() for n in ns}
    lost = sum(
        c.metadata["nbgrader"].get("points", 0)
        for c in notebook.cells
        if c.cell_type == "code"
        and c.metadata.get("nbgrader", {}).get("grade")
        and not c.metadata["nbgrader"].get("solution")
        and read_names(c.source) & names
    )
    return Copy(notebook, moved, lost), values
