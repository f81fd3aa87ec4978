"""An instructor's grading day, run through the Makefile as a new instructor would.

In a temporary copy of the course: ``make release`` (every assignment), a class
of 30 hands in one assignment (filed by ``make collect``) with every odd submission of issue 19 (renamed,
empty, not JSON, no notebook, nbformat 3, extra cells, graded cells copied with
the same and with a new id, an edited test, a wrong answer, an untouched
notebook), then ``make autograde``, ``make feedback`` and ``make grades``, and
``make formgrader`` is started and queried over HTTP. Each check names the
problem of the issue it reproduces.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from grading_support import COURSE, ROOT, assignments, wrong_answer

BIN = Path(sys.executable).parent
ASSIGNMENT = "ch07_grading_customers"
NOTEBOOK = "grading_customers.ipynb"
CLASS_SIZE = 30


def make(target: str, course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run a Makefile target on ``course`` with this test's virtual environment."""
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-o",
            f"{BIN.parent}/.installed",
            f"VENV={BIN.parent}",
            f"COURSE={course}",
            target,
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result


def answered(release: nbformat.NotebookNode, source: nbformat.NotebookNode):
    """The released notebook with every answer cell filled in from the solution."""
    answers = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    notebook = copy.deepcopy(release)
    for c in notebook.cells:
        grade_id = c.metadata.get("nbgrader", {}).get("grade_id")
        if c.metadata.get("nbgrader", {}).get("solution"):
            c.source = answers[grade_id]
    return notebook


def find(notebook, grade_id: str) -> int:
    return next(
        i
        for i, c in enumerate(notebook.cells)
        if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    )


class Files(dict):
    """A folder of raw files as handed in: file name -> text."""


def class_of_30(release, source) -> dict[str, object]:
    """Student id -> notebook, or {file name: bytes} for a folder of raw files."""
    good = answered(release, source)
    case = wrong_answer(ASSIGNMENT)
    answer_id = "abc_eight_steps_answer"
    test_id = "abc_matches_crmlab"

    wrong = copy.deepcopy(good)
    wrong.cells[find(wrong, case.grade_id)].source = case.wrong.strip()

    def duplicated_answer(new_id: bool):
        # The stub stays; the student pasted a copy below it and answered there.
        notebook = copy.deepcopy(release)
        index = find(notebook, answer_id)
        pasted = copy.deepcopy(good.cells[index])
        if new_id:
            pasted.id = "pasted01"
        notebook.cells.insert(index + 1, pasted)
        for c in notebook.cells:
            grade_id = c.metadata.get("nbgrader", {}).get("grade_id")
            if c.metadata.get("nbgrader", {}).get("solution") and grade_id != answer_id:
                c.source = good.cells[find(good, grade_id)].source
        return notebook

    duplicated_test = copy.deepcopy(good)
    index = find(duplicated_test, test_id)
    duplicated_test.cells.insert(index, copy.deepcopy(duplicated_test.cells[index]))

    extra = copy.deepcopy(good)
    extra.cells.insert(3, nbformat.v4.new_code_cell("scratch = 1 + 1\nprint(scratch)"))
    extra.cells.append(nbformat.v4.new_markdown_cell("My notes."))

    tampered = copy.deepcopy(good)
    tampered.cells[find(tampered, test_id)].source = "pass"

    v3 = nbformat.convert(copy.deepcopy(good), 3)

    students: dict[str, object] = {
        "s01_untouched": release,
        "s02_one_wrong": wrong,
        "s03_renamed": Files({"grading_customers (1).ipynb": nbformat.writes(good)}),
        "s04_empty": Files({NOTEBOOK: ""}),
        "s05_not_json": Files({NOTEBOOK: "this is not a notebook"}),
        "s06_no_notebook": Files({"answers.docx": "PK..."}),
        "s07_nbformat3": Files({NOTEBOOK: nbformat.writes(v3, version=3)}),
        "s08_extra_cells": extra,
        "s09_pasted_same_id": duplicated_answer(new_id=False),
        "s10_pasted_new_id": duplicated_answer(new_id=True),
        "s11_copied_test": duplicated_test,
        "s12_edited_test": tampered,
    }
    for number in range(len(students) + 1, CLASS_SIZE + 1):
        students[f"s{number:02d}_good"] = good
    return students


def hand_in(inbox: Path, students: dict[str, object]) -> None:
    """The returned work as downloaded: a folder per odd student, <id>.ipynb for
    the others."""
    for student, work in students.items():
        if isinstance(work, Files):
            folder = inbox / student
            folder.mkdir(parents=True)
            for name, text in work.items():
                (folder / name).write_text(text, encoding="utf-8")
            continue
        if student.endswith("_good"):
            path = inbox / f"{student}.ipynb"
        else:
            (inbox / student).mkdir(parents=True)
            path = inbox / student / NOTEBOOK
        # Raw JSON: nbformat.write would quietly renumber a duplicated cell id.
        path.write_text(
            json.dumps(work, indent=1, ensure_ascii=False), encoding="utf-8"
        )


def roster(course: Path, students) -> None:
    """students.csv with every student's name, and one who never handed in."""
    with open(course / "students.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student_id", "first_name", "last_name", "email"])
        for number, student in enumerate(students, start=1):
            writer.writerow([student, f"Xiao{number}", "Wang", ""])
        writer.writerow(["s99_absent", "Li", "Zhang", ""])


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """The whole day on one assignment; returns the course and each command's output."""
    course = tmp_path_factory.mktemp("day") / "course"
    shutil.copytree(
        COURSE,
        course,
        ignore=shutil.ignore_patterns(
            "release",
            "submitted",
            "autograded",
            "feedback",
            "checked",
            "reports",
            "exchange",
            "*.db",
            "grades.*",
            "students.csv",
        ),
    )
    out = {"release": make("release", course)}
    folder = course / "release" / ASSIGNMENT
    release = nbformat.read(folder / NOTEBOOK, as_version=4)
    source = nbformat.read(course / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
    students = class_of_30(release, source)
    inbox = course.parent / "downloads"
    hand_in(inbox, students)
    out["collect"] = make(
        "collect", course, f"ASSIGNMENT={ASSIGNMENT}", f"FROM={inbox}"
    )
    roster(course, students)
    started = time.monotonic()
    out["autograde"] = make("autograde", course, f"ASSIGNMENT={ASSIGNMENT}")
    out["autograde_seconds"] = time.monotonic() - started
    out["feedback"] = make("feedback", course, f"ASSIGNMENT={ASSIGNMENT}")
    # The instructor grades two written answers: a full one and a real 0.
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student, points in [("s13_good", 4), ("s01_untouched", 0)]:
            grade = gradebook.find_grade(
                "written_service_memo", "grading_customers", ASSIGNMENT, student
            )
            grade.manual_score = points
            grade.needs_manual_grade = False
        gradebook.db.commit()
    out["grades"] = make("grades", course)
    return {"course": course, "students": students, **out}


def report(day) -> str:
    return (day["course"] / "reports" / f"{ASSIGNMENT}.txt").read_text(encoding="utf-8")


def scores(day) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{day['course'] / 'gradebook.db'}") as gradebook:
        return {
            s.student.id: s.code_score
            for s in gradebook.find_assignment(ASSIGNMENT).submissions
        }


# Problem 1 -----------------------------------------------------------------


def test_make_release_releases_every_assignment(day):
    released = sorted(p.name for p in (day["course"] / "release").iterdir())
    assert released == assignments()
    for name in released:
        assert f"released {name}" in day["release"].stdout


def test_grades_say_not_submitted_instead_of_zero_for_assignments_not_handed_in(day):
    rows = grade_rows(day)
    others = [r for r in rows if r["assignment"] != ASSIGNMENT]
    assert others, "every released assignment should have rows"
    assert {r["status"] for r in others} == {"not submitted"}
    assert {r["total"] for r in others} == {""}


# Problems 2 and 3: the whole class is graded, with a report -----------------


def test_make_collect_files_every_submission_under_the_students_id(day):
    submitted = day["course"] / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(day["students"])
    good = submitted / "s20_good" / ASSIGNMENT
    assert [p.name for p in good.iterdir()] == [NOTEBOOK]
    assert f"Filed {CLASS_SIZE} submissions" in day["collect"].stdout


def test_one_autograde_grades_every_gradable_student_of_the_class(day):
    graded = scores(day)
    unreadable = {"s04_empty", "s05_not_json", "s06_no_notebook"}
    assert set(graded) == set(day["students"]) - unreadable
    print(f"autograde of {CLASS_SIZE} took {day['autograde_seconds']:.0f} s")


def test_repaired_submissions_score_what_their_answers_earn(day):
    graded = scores(day)
    full = graded["s13_good"]
    assert full > 0
    assert graded["s01_untouched"] == 0
    case = wrong_answer(ASSIGNMENT)
    assert graded["s02_one_wrong"] == pytest.approx(full - case.part_points)
    for student in [
        "s03_renamed",
        "s07_nbformat3",
        "s08_extra_cells",
        "s09_pasted_same_id",
        "s10_pasted_new_id",
        "s11_copied_test",
        # The test replaced by `pass` is put back and run: the answers are right.
        "s12_edited_test",
    ]:
        assert graded[student] == pytest.approx(full), student


def test_report_counts_the_class_and_explains_each_odd_submission(day):
    text = report(day)
    lines = text.splitlines()
    assert lines[0] == (
        f"Autograde of {ASSIGNMENT}: graded {CLASS_SIZE - 3} of {CLASS_SIZE} submissions."
    )

    def line(student):
        (found,) = [x for x in lines if x.strip().startswith(student + ":")]
        return found

    assert "is empty" in line("s04_empty")
    assert "not JSON" in line("s05_not_json")
    assert "no notebook in the folder (answers.docx)" in line("s06_no_notebook")
    assert "took 'grading_customers (1).ipynb' as grading_customers.ipynb" in line(
        "s03_renamed"
    )
    assert "from nbformat 3 to 4" in line("s07_nbformat3")
    assert "abc_eight_steps_answer was copied 2 times" in line("s09_pasted_same_id")
    assert "abc_eight_steps_answer was copied 2 times" in line("s10_pasted_new_id")
    assert "abc_matches_crmlab was copied 2 times" in line("s11_copied_test")
    assert day["autograde"].stdout.count("graded\n") >= CLASS_SIZE - 3
    assert lines[-2:] == [
        "On the class list (students.csv) but nothing handed in:",
        "  s99_absent",
    ]
    # The same report reaches the terminal.
    assert text in day["autograde"].stdout


def test_originals_stay_as_handed_in(day):
    folder = day["course"] / "submitted" / "s03_renamed" / ASSIGNMENT
    assert [p.name for p in folder.iterdir()] == ["grading_customers (1).ipynb"]


# Problem 4 ------------------------------------------------------------------


def test_only_the_really_edited_test_is_flagged_and_marked_for_review(day):
    text = report(day)
    section = text.split("Edited test cells")[1].split("\n\n")[0]
    flagged = section.splitlines()[1:]
    assert flagged == ["  s12_edited_test: abc_matches_crmlab (Part A, changed)"]
    assert "checksum" not in day["autograde"].stdout + day["autograde"].stderr
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{day['course'] / 'gradebook.db'}") as gradebook:
        review = {
            s.student.id
            for s in gradebook.find_assignment(ASSIGNMENT).submissions
            if any(
                g.needs_manual_grade and g.cell.cell_type == "code"
                for nb in s.notebooks
                for g in nb.grades
            )
        }
    assert review == {"s12_edited_test"}


# Problem 3 (feedback) and 7 --------------------------------------------------


def test_feedback_names_every_student_without_a_page_and_why(day):
    out = day["feedback"].stdout
    for student, why in [
        ("s04_empty", "is empty"),
        ("s05_not_json", "not JSON"),
        ("s06_no_notebook", "no notebook"),
    ]:
        (line,) = [x for x in out.splitlines() if x.strip().startswith(student)]
        assert "no feedback" in line and why in line
    pages = list((day["course"] / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))
    assert len(pages) == CLASS_SIZE - 3


def test_feedback_wraps_long_failure_messages(day):
    page = day["course"] / "feedback" / "s02_one_wrong" / ASSIGNMENT
    html = (page / "grading_customers.html").read_text(encoding="utf-8")
    assert "white-space: pre-wrap" in html


def test_no_noise_in_the_instructors_terminal(day):
    for step in ("release", "collect", "autograde", "feedback", "grades"):
        text = day[step].stdout + day[step].stderr
        for noise in (
            "without encryption",
            "SAWarning",
            "SADeprecationWarning",
            "sqlalchemy",
            "Traceback",
            "[WARNING]",
            "checksum",
        ):
            assert noise not in text, f"make {step} prints {noise!r}"


def test_hidden_test_message_counts_customers_in_good_english(day):
    source = (COURSE / "source" / ASSIGNMENT / NOTEBOOK).read_text(encoding="utf-8")
    assert "some of {n} customers" not in source


# Grades ----------------------------------------------------------------------


def grade_rows(day) -> list[dict]:
    with open(day["course"] / "grades.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_grades_csv_tells_each_status_apart(day):
    rows = {
        r["student_id"]: r for r in grade_rows(day) if r["assignment"] == ASSIGNMENT
    }
    assert rows["s99_absent"]["status"] == "not submitted"
    assert rows["s04_empty"]["status"].startswith("could not be graded: ")
    assert "is empty" in rows["s04_empty"]["status"]
    assert rows["s14_good"]["status"] == "written part not yet graded"
    assert rows["s14_good"]["total"] == ""
    assert rows["s14_good"]["written"] == ""
    assert rows["s13_good"]["status"] == "graded"
    assert float(rows["s13_good"]["total"]) == pytest.approx(
        float(rows["s13_good"]["max_score"])
    )
    # A real 0: an untouched notebook whose written answer was graded 0.
    assert rows["s01_untouched"]["status"] == "graded"
    assert float(rows["s01_untouched"]["total"]) == 0
    assert rows["s12_edited_test"]["status"].startswith("edited tests: review")
    assert rows["s13_good"]["first_name"] == "Xiao13"
    assert rows["s13_good"]["last_name"] == "Wang"


def test_grades_csv_has_the_points_of_each_part(day):
    rows = {
        r["student_id"]: r for r in grade_rows(day) if r["assignment"] == ASSIGNMENT
    }
    # Points of ch07 (the notebook's introduction): A 4, B 2, C 2, D 2, E 3, F 2, G 4.
    expected = {"A": 4, "B": 2, "C": 2, "D": 2, "E": 3, "F": 2, "G": 4}
    full = rows["s13_good"]
    assert {p: float(full[f"part_{p}"]) for p in expected} == expected
    wrong = rows["s02_one_wrong"]
    case = wrong_answer(ASSIGNMENT)
    lost = {p: expected[p] - float(wrong[f"part_{p}"]) for p in "ABCDEF"}
    assert sum(lost.values()) == pytest.approx(case.part_points)
    assert rows["s04_empty"]["part_A"] == ""


def test_grades_xlsx_matches_the_csv_cell_by_cell(day):
    from openpyxl import load_workbook

    book = load_workbook(day["course"] / "grades.xlsx")
    assert book.sheetnames == assignments()
    sheet = book[ASSIGNMENT]
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = table[0]
    assert header[:4] == ["student_id", "last_name", "first_name", "status"]
    assert header[4:11] == [f"Part {p}" for p in "ABCDEFG"]
    assert header[11:] == ["autograded", "written", "total", "max_score"]
    csv_rows = {
        r["student_id"]: r for r in grade_rows(day) if r["assignment"] == ASSIGNMENT
    }
    assert len(table) - 1 == len(csv_rows) == CLASS_SIZE + 1
    for row in table[1:]:
        expected = csv_rows[row[0]]
        assert row[1:4] == (
            [expected["last_name"], expected["first_name"], expected["status"]]
        )
        for column, value in zip(header[4:], row[4:], strict=True):
            key = "part_" + column[-1] if column.startswith("Part") else column
            if expected[key] == "":
                assert value is None, (row[0], column)
            else:
                assert value == pytest.approx(float(expected[key])), (row[0], column)


# Problem 5 ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def test_make_formgrader_serves_the_class_with_names(day, tmp_path):
    course = day["course"]
    port = free_port()
    log = tmp_path / "formgrader.log"
    extra = (
        f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 "
        "--IdentityProvider.token= --ServerApp.password="
    )
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    with open(log, "w") as handle:
        server = subprocess.Popen(
            [
                "make",
                "--no-print-directory",
                "-o",
                f"{BIN.parent}/.installed",
                f"VENV={BIN.parent}",
                f"COURSE={course}",
                "formgrader",
                f"FORMGRADER_EXTRA={extra}",
            ],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}/formgrader/api"
        for _ in range(120):
            try:
                students = get(f"{base}/students")
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError("the formgrader did not start: " + log.read_text())
        names = {s["id"]: (s["first_name"], s["last_name"]) for s in students}
        assert names["s13_good"] == ("Xiao13", "Wang")
        assert None not in {n for pair in names.values() for n in pair}
        listed = {a["name"] for a in get(f"{base}/assignments")}
        assert ASSIGNMENT in listed
        submissions = get(f"{base}/submissions/{ASSIGNMENT}")
        assert len([s for s in submissions if s["autograded"]]) == CLASS_SIZE - 3
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    text = log.read_text()
    assert "unwritable" not in text.lower(), text[-2000:]
    assert "/srv/nbgrader/exchange" not in text


def test_plain_nbgrader_is_quiet_too(day):
    """The course's configuration, not only batch.py, removes problem 7's noise."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    output = ""
    for command in (
        ["autograde", "--CourseDirectory.submitted_directory=checked"],
        ["generate_feedback"],
    ):
        result = subprocess.run(
            [BIN / "nbgrader", command[0], ASSIGNMENT, "--student", "s13_good"]
            + ["--force", *command[1:]],
            cwd=day["course"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        output += result.stdout + result.stderr
    assert "without encryption" not in output
    assert "not recognized" not in output
    assert "Warning" not in output.replace("[WARNING]", "")  # Python warnings
