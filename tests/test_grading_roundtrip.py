"""nbgrader round trips of every graded assignment, in a temporary copy of the course.

For each assignment: generate the student version, check it holds no solution
or hidden test, submit work for several students, autograde (one nbgrader run
for the whole batch), generate feedback and export grades, then check every
score. The students: three honest ids answering with the solution (each on
their own numbers), one who copied a classmate's data-driven answers as
literal values, one who typed a classmate's id into ``STUDENT_ID``, an
untouched notebook and one wrong answer.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from grading_support import (
    COURSE,
    STUDENT_IDS,
    assignments,
    copied_answers,
    leaks,
    notebooks,
    secret_lines,
    type_student_id,
    uses_student_data,
    wrong_answer,
)

BIN = Path(sys.executable).parent
# A looping cell is stopped after this many seconds, as in the course. Honest
# code needs a few seconds; 10 s was hit by correct submissions on a busy 2-core
# machine. The looping submission (chapter 3 only) still shows that the limit stops it.
TEST_TIMEOUT = 60
ROBUSTNESS_ASSIGNMENT = "ch03_customer_value"
COPIER = "2026004"  # copied STUDENT_IDS[0]'s data-driven answers
BORROWER = "2026005"  # typed STUDENT_IDS[0] into STUDENT_ID


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        [str(BIN / "nbgrader"), *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def cell(notebook: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    matches = [
        c
        for c in notebook.cells
        if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    ]
    assert len(matches) == 1, f"no single cell {grade_id!r}"
    return matches[0]


def autograded_points(notebook: nbformat.NotebookNode) -> float:
    return sum(
        c.metadata["nbgrader"].get("points", 0)
        for c in notebook.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
    )


def submit(
    course: Path, assignment: str, student: str, books: dict[str, object]
) -> None:
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True)
    for name, notebook in books.items():
        nbformat.write(notebook, folder / name)


def typed(books: dict, student: str) -> dict:
    """The notebooks with ``student`` typed into STUDENT_ID (where there is one)."""
    out = {n: nbformat.from_dict(nb) for n, nb in books.items()}
    for notebook in out.values():
        if uses_student_data(notebook):
            type_student_id(notebook, student)
    return out


def first_answer_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return next(
        c
        for c in notebook.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")
    )


# Patches the reference library so that the wrong Part B answer would compare
# equal to it, if the tests trusted the module the student's code can reach.
PATCH_CRMLAB = """
import crmlab.value
crmlab.value.clv = lambda revenue, cost=0, *, survival=1, discount_rate=0, \\
    acquisition_cost=0, timing="end": discounted_clv(
        list(revenue), list(cost) if hasattr(cost, "__len__") else [cost] * len(revenue),
        list(survival) if hasattr(survival, "__len__") else [survival] * len(revenue),
        discount_rate, acquisition_cost)
"""


def robustness_submissions(source: dict, release: dict, wrong: dict) -> dict[str, dict]:
    """Looping, broken and tampering submissions of the chapter-3 assignment."""
    looping = {name: nbformat.from_dict(nb) for name, nb in release.items()}
    broken = {name: nbformat.from_dict(nb) for name, nb in source.items()}
    tamper = {name: nbformat.from_dict(nb) for name, nb in wrong.items()}
    for notebook in looping.values():
        first_answer_cell(notebook).source = "while True:\n    pass"
    for notebook in broken.values():
        first_answer_cell(notebook).source = "def oops(:\n    return"
    for notebook in tamper.values():
        for c in notebook.cells:
            meta = c.metadata.get("nbgrader", {})
            if meta.get("grade") and c.cell_type == "code":
                c.source = "pass  # tests removed by the student"
                meta["points"] = 100
        answer = cell(notebook, "discounted_clv_answer")
        answer.source += "\n" + PATCH_CRMLAB
    return {"looping": looping, "broken": broken, "tamper": tamper}


@pytest.fixture(scope="module", params=assignments())
def graded(request, tmp_path_factory):
    """Run the whole round trip for one assignment and return what it made."""
    assignment = request.param
    course = tmp_path_factory.mktemp(assignment) / "course"
    shutil.copytree(
        COURSE,
        course,
        ignore=shutil.ignore_patterns(
            "release", "submitted", "autograded", "feedback", "*.db"
        ),
    )
    nbgrader(course, "generate_assignment", assignment, "--force")

    names = [p.name for p in notebooks(assignment)]
    source = {n: read(course / "source" / assignment / n) for n in names}
    release = {n: read(course / "release" / assignment / n) for n in names}
    case = wrong_answer(assignment)
    wrong = {n: nbformat.from_dict(nb) for n, nb in source.items()}
    cell(wrong[case.notebook], case.grade_id).source = case.wrong.strip()

    (name,) = names
    students = {sid: typed(source, sid) for sid in STUDENT_IDS}
    copy, values = copied_answers(source[name], COPIER, STUDENT_IDS[0])
    students[COPIER] = {name: copy.notebook}
    students[BORROWER] = typed(source, STUDENT_IDS[0])
    students.update(untouched=release, one_wrong=wrong)
    if assignment == ROBUSTNESS_ASSIGNMENT:
        students.update(robustness_submissions(source, release, wrong))
    for student, books in students.items():
        submit(course, assignment, student, books)

    timeout = f"--Execute.timeout={TEST_TIMEOUT}"
    nbgrader(course, "autograde", assignment, "--create", "--force", timeout)
    nbgrader(course, "generate_feedback", assignment, "--force")
    nbgrader(course, "export", "--to", "grades.csv")

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {
            s: gradebook.find_submission(assignment, s).code_score for s in students
        }
        max_code = gradebook.find_assignment(assignment).max_code_score
    total = sum(autograded_points(nb) for nb in source.values())
    return {
        "assignment": assignment,
        "course": course,
        "release": release,
        "scores": scores,
        "max_code": max_code,
        "total": total,
        "case": case,
        "copy": copy,
        "values": values,
        "per_student": uses_student_data(source[name]),
    }


def test_student_version_holds_no_solution_or_hidden_test(graded):
    secrets = secret_lines(graded["assignment"])
    assert secrets, "the source notebooks should hold solutions to hide"
    for name, notebook in graded["release"].items():
        found = leaks(nbformat.writes(notebook), secrets)
        assert not found, f"{name} shows students: {found[:3]}"


def test_student_version_holds_no_rubric_or_wrong_answer(graded):
    released = graded["course"] / "release" / graded["assignment"]
    assert sorted(p.name for p in released.iterdir()) == sorted(graded["release"])


def test_student_version_keeps_visible_tests_and_stubs(graded):
    text = "".join(nbformat.writes(nb) for nb in graded["release"].values())
    assert "raise NotImplementedError()" in text
    assert "YOUR ANSWER HERE" in text
    assert "assert " in text


def test_instructor_solution_scores_full_autograded_points(graded):
    assert graded["max_code"] == pytest.approx(graded["total"])
    assert graded["total"] > 0
    for student in STUDENT_IDS:
        assert graded["scores"][student] == pytest.approx(graded["total"]), student


def test_untouched_student_version_scores_zero(graded):
    assert graded["scores"]["untouched"] == 0


def test_one_wrong_answer_loses_exactly_its_parts_points(graded):
    expected = graded["total"] - graded["case"].part_points
    assert graded["scores"]["one_wrong"] == pytest.approx(expected)


def test_grades_export_to_csv_with_one_row_per_student(graded):
    with open(graded["course"] / "grades.csv", newline="") as handle:
        rows = [
            r for r in csv.DictReader(handle) if r["assignment"] == graded["assignment"]
        ]
    by_student = {r["student_id"]: float(r["raw_score"]) for r in rows}
    assert set(by_student) == set(graded["scores"])
    assert by_student[STUDENT_IDS[0]] == pytest.approx(graded["total"])
    assert by_student["untouched"] == 0


def test_feedback_shows_no_hidden_test_or_solution(graded):
    secrets = {s for s in secret_lines(graded["assignment"]) if "BEGIN" not in s}
    hidden_only = secrets - {
        line.strip()
        for nb in notebooks(graded["assignment"])
        for line in nbformat.writes(read(nb)).splitlines()
        if "SOLUTION" in line
    }
    feedback = graded["course"] / "feedback" / "untouched" / graded["assignment"]
    pages = list(feedback.glob("*.html"))
    assert pages, "feedback was not generated"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in text
        assert not [s for s in hidden_only if s in text and "rng" in s]


# Robustness is exercised once, on the chapter-3 assignment (whose round trip
# adds the looping, broken and tampering students).
@pytest.mark.parametrize("graded", [ROBUSTNESS_ASSIGNMENT], indirect=True)
def test_autograder_survives_looping_broken_and_tampering_submissions(graded):
    scores, total = graded["scores"], graded["total"]
    # A cell that loops forever is stopped; nothing else was answered.
    assert scores["looping"] == 0
    # A syntax error in the Part A answer costs Part A's 2 points, nothing more.
    assert scores["broken"] == pytest.approx(total - 2)
    # Deleted tests and inflated points come back from the gradebook, and the
    # patched crmlab is reloaded: the wrong Part B still loses its 4 points.
    assert scores["tamper"] == pytest.approx(total - graded["case"].part_points)


# Per-student data: every honest id above scored full marks on its own numbers.


def _data_values(graded, student: str) -> dict[str, object]:
    """The values of the locked data cells (not answers) for ``student``."""
    notebook = read(graded["course"] / "source" / graded["assignment"] / _name(graded))
    locked = {
        c.metadata["nbgrader"]["grade_id"]
        for c in notebook.cells
        if c.metadata.get("nbgrader", {}).get("locked")
    }
    return {
        k: v for k, v in graded["values"][student].items() if k.split(":")[0] in locked
    }


def _name(graded) -> str:
    (name,) = graded["release"]
    return name


def test_two_ids_get_different_data_where_the_assignment_is_per_student(graded):
    from grading_support import same_value

    own, other = _data_values(graded, COPIER), _data_values(graded, STUDENT_IDS[0])
    assert own.keys() == other.keys()
    differ = sorted(k for k in own if not same_value(own[k], other[k]))
    if graded["per_student"]:
        assert differ, "every data cell gave the two students the same numbers"
        assert graded["copy"].moved, "no answer depends on the student's numbers"
    else:
        # Without per-student data everyone gets the same numbers.
        assert not differ and not graded["copy"].moved


def test_copying_a_classmates_answers_loses_exactly_their_points(graded):
    copy = graded["copy"]
    expected = graded["total"] - copy.lost_points
    assert graded["scores"][COPIER] == pytest.approx(expected), copy.moved
    if graded["per_student"]:
        assert copy.lost_points > 0


def test_a_classmates_id_typed_in_is_graded_on_ones_own_data(graded):
    # The solution computes from the data, so it passes on the data drawn for
    # the id it was submitted under, whatever id was typed.
    assert graded["scores"][BORROWER] == pytest.approx(graded["total"])
    autograded = graded["course"] / "autograded" / BORROWER / graded["assignment"]
    text = nbformat.writes(read(autograded / _name(graded)))
    if graded["per_student"]:
        assert f"student {BORROWER}'s" in text
        assert f"student {STUDENT_IDS[0]}'s" not in text
