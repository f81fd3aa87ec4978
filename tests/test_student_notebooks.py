"""The student's side of a graded notebook: Run All never stops at an unfinished part.

Every released notebook is run from top to bottom as JupyterLab's *Run All*
does: a cell that raises stops the run unless it carries the
``raises-exception`` tag (nbclient follows the same rule). Unanswered, the run
reaches the last cell, whose summary says each part is not answered yet;
answered, every visible check of every part passes. Where the data are drawn
from the student's id, the student has typed it into ``STUDENT_ID`` (the
kernel sees no autograder or JupyterHub id); with none typed, the run stops at
the cell that draws the data, with a message that says what to type.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from grading_support import (
    COURSE,
    ROOT,
    assignments,
    notebooks,
    type_student_id,
    uses_student_data,
)
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from crmlab.datasets import GRADER_ID_VARIABLE

BIN = Path(sys.executable).parent
STUDENT = "2026001"


@pytest.fixture(autouse=True)
def _no_ids_but_the_typed_one(monkeypatch):
    """The kernels inherit this environment: no autograder or JupyterHub id."""
    monkeypatch.delenv(GRADER_ID_VARIABLE, raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)


def per_student() -> list[str]:
    return [
        a
        for a in assignments()
        if any(uses_student_data(nbformat.read(p, as_version=4)) for p in notebooks(a))
    ]


def typed(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    if uses_student_data(notebook):
        type_student_id(notebook, STUDENT)
    return notebook


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("students") / "course"
    shutil.copytree(
        COURSE,
        course,
        ignore=shutil.ignore_patterns(
            "release", "submitted", "autograded", "feedback", "checked", "*.db"
        ),
    )
    subprocess.run(
        [
            BIN / "python",
            ROOT / "exercises" / "batch.py",
            "--course",
            course,
            "release",
        ],
        check=True,
        capture_output=True,
    )
    return course


def run_all(notebook: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    """Run every cell in order; raises if a cell without raises-exception fails."""
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": folder}},
    )
    client.execute()
    return notebook


def text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []))


def answered(release, source):
    answers = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    for c in release.cells:
        meta = c.metadata.get("nbgrader", {})
        if meta.get("solution"):
            c.source = answers[meta["grade_id"]]
    return release


@pytest.mark.parametrize("assignment", assignments())
def test_run_all_reaches_the_summary_of_an_unanswered_notebook(released, assignment):
    folder = released / "release" / assignment
    (path,) = folder.glob("*.ipynb")
    notebook = run_all(typed(nbformat.read(path, as_version=4)), folder)
    summary = text(notebook.cells[-1])
    parts = [line for line in summary.splitlines() if line.startswith("Part ")]
    assert parts, summary
    for line in parts:
        assert " 0 of " in line and "not answered yet / 尚未作答" in line, line
    checks = [
        c
        for c in notebook.cells
        if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"
    ]
    # Each check says in both languages that its part is not answered yet.
    assert all("not answered yet. 尚未作答。" in text(c) for c in checks)
    if uses_student_data(notebook):
        shown = "".join(text(c) for c in notebook.cells)
        assert f"The numbers below are student {STUDENT}'s." in shown


@pytest.mark.parametrize("assignment", assignments())
def test_summary_counts_every_passing_check_of_an_answered_notebook(
    released, assignment
):
    folder = released / "release" / assignment
    (path,) = folder.glob("*.ipynb")
    source = nbformat.read(COURSE / "source" / assignment / path.name, as_version=4)
    notebook = typed(answered(nbformat.read(path, as_version=4), source))
    summary = text(run_all(notebook, folder).cells[-1])
    parts = [line for line in summary.splitlines() if line.startswith("Part ")]
    assert parts
    for line in parts:
        passed, _, rest = line.split(": ", 1)[1].partition(" of ")
        assert rest.startswith(f"{passed} checks pass"), line


@pytest.mark.parametrize("assignment", per_student())
def test_without_an_id_run_all_stops_where_the_data_are_drawn(released, assignment):
    folder = released / "release" / assignment
    (path,) = folder.glob("*.ipynb")
    notebook = nbformat.read(path, as_version=4)
    with pytest.raises(CellExecutionError) as stopped:
        run_all(notebook, folder)
    assert "student_seed(" in stopped.value.args[0] or "student_id(" in str(
        stopped.value
    )
    assert 'STUDENT_ID = "2026001"' in str(stopped.value)
    assert "请在引号中填写你的学号" in str(stopped.value)
