"""The instructor's grading day: release, autograde, feedback and grades in batches.

Run from the repository root (the Makefile does)::

    python exercises/batch.py release
    python exercises/batch.py collect ch03_customer_value ~/Downloads/ch03
    python exercises/batch.py autograde ch03_customer_value
    python exercises/batch.py feedback ch03_customer_value
    python exercises/batch.py grades

A batch never stops for one student. Before grading, every submission in
``submitted/<student>/<assignment>/`` is checked and, where it can be, repaired
on a copy in ``checked/`` (nbgrader autogrades that copy; the student's files
stay as they were handed in):

* a graded cell that was copied (same or new cell id): the student's last answer
  is kept, and only one copy of each test;
* a misnamed notebook (``customer_value (1).ipynb``): the only notebook in the
  folder is taken as the assignment's notebook;
* an old notebook format (nbformat 3) is converted to 4.

A submission that cannot be graded (an empty file, a file that is not a
notebook, no notebook at all) is recorded with its reason. Each student is
then autograded on their own, so that one failure cannot stop the rest. The
report (``reports/<assignment>.txt``, with the machine-readable
``reports/<assignment>.json``) says how many were graded, what happened to
each submission that was repaired or not graded, and which submissions edited
a test cell (compared with the released notebook, so an untouched notebook is
never flagged); these are also marked for review in the formgrader.

This module needs nbgrader (``pip install ".[grading]"``) but not ``crmlab``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import logging
import os
import re
import shutil
import sys
import uuid
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

__all__ = [
    "Precheck",
    "autograde",
    "collect",
    "export_grades",
    "feedback",
    "main",
    "parts",
    "precheck",
    "release",
]

COURSE = Path(__file__).resolve().parent
CHECKED = "checked"  # nbgrader's input: checked and repaired copies of submissions
REPORTS = "reports"
PART_HEADING = re.compile(r"^##\s+Part\s+([A-Z])\b", re.MULTILINE)

# Warnings of nbgrader's own dependencies that say nothing about a submission.
warnings.filterwarnings("ignore", module="sqlalchemy")
warnings.filterwarnings("ignore", message=".*SQLAlchemy.*")
warnings.filterwarnings("ignore", category=DeprecationWarning)


def _nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _is_test(cell) -> bool:
    meta = _nbgrader_meta(cell)
    return (
        cell.get("cell_type") == "code"
        and meta.get("grade")
        and not meta.get("solution")
    )


def released_notebooks(
    course: Path, assignment: str
) -> dict[str, nbformat.NotebookNode]:
    """The student versions of the assignment's notebooks, by file name."""
    folder = course / "release" / assignment
    if not folder.is_dir():
        raise SystemExit(
            f"{assignment} has not been released: run `make release` first "
            f"(no folder {folder})."
        )
    return {
        p.name: nbformat.read(p, as_version=4) for p in sorted(folder.glob("*.ipynb"))
    }


def parts(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """Map every graded cell's ``grade_id`` to its part letter (``"A"``).

    A graded cell belongs to the part whose ``## Part X`` heading comes last
    before it.
    """
    part, found = "", {}
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = PART_HEADING.search(cell.source)
            if match:
                part = match.group(1)
        meta = _nbgrader_meta(cell)
        if meta.get("grade"):
            found[meta["grade_id"]] = part
    return found


# --------------------------------------------------------------------------
# Precheck and repair
# --------------------------------------------------------------------------


@dataclass
class Precheck:
    """What the precheck found in one student's submission."""

    student: str
    gradable: bool = True
    reason: str = ""  # why it cannot be graded
    repairs: list[str] = field(default_factory=list)
    edited_tests: list[str] = field(default_factory=list)  # "grade_id (Part X)"


def _read_submission(path: Path) -> tuple[nbformat.NotebookNode | None, str, list]:
    """The notebook at ``path`` as nbformat 4, or None and the reason."""
    raw = path.read_bytes()
    if not raw.strip():
        return None, f"{path.name} is empty ({len(raw)} bytes)", []
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, f"{path.name} is not a notebook (not JSON)", []
    if not isinstance(data, dict) or "nbformat" not in data:
        return None, f"{path.name} is not a notebook (no nbformat field)", []
    notes = []
    version = data.get("nbformat")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as error:  # any reader failure: the file is not gradable
        return None, f"{path.name} is not a readable notebook ({error})", []
    if version != 4:
        notes.append(f"converted {path.name} from nbformat {version} to 4")
    if not notebook.cells:
        return None, f"{path.name} has no cells", []
    return notebook, "", notes


def _choose_notebook(folder: Path, name: str) -> tuple[Path | None, str, list]:
    """The file to grade as ``name``: that file, or the folder's only notebook."""
    expected = folder / name
    if expected.exists():
        return expected, "", []
    found = sorted(
        p
        for p in folder.glob("*.ipynb")
        if p.is_file() and ".ipynb_checkpoints" not in p.parts
    )
    if len(found) == 1:
        note = f"took '{found[0].name}' as {name} (the only notebook in the folder)"
        return found[0], "", [note]
    if not found:
        others = sorted(p.name for p in folder.iterdir() if p.is_file())
        listed = ", ".join(others) if others else "the folder is empty"
        return None, f"no notebook in the folder ({listed})", []
    names = ", ".join(p.name for p in found)
    return None, f"{len(found)} notebooks and none is named {name} ({names})", []


def _deduplicate(notebook, released) -> list[str]:
    """Remove copies of graded cells; return what was done.

    Of an answer cell copied several times, the student's last changed copy is
    kept (the last copy when none was changed); of a test or locked cell, the
    first. Cell ids made unique afterwards.
    """
    stubs = {
        _nbgrader_meta(c)["grade_id"]: c.source
        for c in released.cells
        if _nbgrader_meta(c).get("grade_id")
    }
    positions: dict[str, list[int]] = {}
    for index, cell in enumerate(notebook.cells):
        meta = _nbgrader_meta(cell)
        if meta.get("grade_id") and (
            meta.get("grade") or meta.get("solution") or meta.get("locked")
        ):
            positions.setdefault(meta["grade_id"], []).append(index)
    drop, notes = set(), []
    for grade_id, where in positions.items():
        if len(where) < 2:
            continue
        if _nbgrader_meta(notebook.cells[where[0]]).get("solution"):
            changed = [
                i for i in where if notebook.cells[i].source != stubs.get(grade_id)
            ]
            keep = (changed or where)[-1]
            notes.append(
                f"{grade_id} was copied {len(where)} times: kept the last answer"
            )
        else:
            keep = where[0]
            notes.append(f"{grade_id} was copied {len(where)} times: kept one")
        drop.update(i for i in where if i != keep)
    notebook.cells = [c for i, c in enumerate(notebook.cells) if i not in drop]
    seen = set()
    for cell in notebook.cells:
        if "id" in cell and cell.id in seen:
            cell.id = uuid.uuid4().hex[:8]
        seen.add(cell.get("id"))
    return notes


def _edited_tests(notebook, released) -> list[str]:
    """Test cells whose source or points differ from the released notebook."""
    where = parts(released)
    shipped = {
        _nbgrader_meta(c)["grade_id"]: (c.source, _nbgrader_meta(c).get("points"))
        for c in released.cells
        if _is_test(c)
    }
    found = {
        _nbgrader_meta(c)["grade_id"]: (c.source, _nbgrader_meta(c).get("points"))
        for c in notebook.cells
        if _nbgrader_meta(c).get("grade_id") in shipped
    }
    edited = []
    for grade_id, (source, points) in shipped.items():
        if grade_id not in found:
            how = "deleted"
        elif found[grade_id][0].strip() != source.strip():
            how = "changed"
        elif found[grade_id][1] != points:
            how = "points changed"
        else:
            continue
        edited.append(f"{grade_id} (Part {where.get(grade_id, '?')}, {how})")
    return edited


def precheck(course: Path, assignment: str) -> list[Precheck]:
    """Check and repair every submission of ``assignment`` into ``checked/``."""
    released = released_notebooks(course, assignment)
    out_root = course / CHECKED
    results = []
    submitted = sorted(
        p for p in (course / "submitted").glob(f"*/{assignment}") if p.is_dir()
    )
    for folder in submitted:
        student = folder.parent.name
        check = Precheck(student)
        target = out_root / student / assignment
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        timestamp = folder / "timestamp.txt"
        if timestamp.exists():
            shutil.copy(timestamp, target / timestamp.name)
        for name, release in released.items():
            path, reason, notes = _choose_notebook(folder, name)
            notebook = None
            if path is not None:
                notebook, reason, more = _read_submission(path)
                notes += more
            if notebook is None:
                check.gradable, check.reason = False, reason
                break
            notes += _deduplicate(notebook, release)
            check.edited_tests += _edited_tests(notebook, release)
            check.repairs += notes
            nbformat.write(notebook, target / name)
        if not check.gradable:
            shutil.rmtree(target)
        results.append(check)
    return results


# --------------------------------------------------------------------------
# nbgrader, in this process
# --------------------------------------------------------------------------


def _api(course: Path, **settings):
    """nbgrader's API on the course, with the course's configuration."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    extra = Config()
    for key, value in settings.items():
        section, name = key.split("__")
        extra[section][name] = value
    config.merge(extra)
    coursedir = CourseDirectory(config=config)
    coursedir.root = str(course)
    return NbGraderAPI(coursedir=coursedir, config=config)


def _faster_gradebook() -> None:
    """Gradebook writes without an fsync per commit, on one engine per database.

    nbgrader commits the gradebook some 40 times per submission; with SQLite's
    default rollback journal each commit waits for the disk (10 ms on a busy
    machine: 0.4 s a student). In WAL mode with ``synchronous=NORMAL`` a commit
    is not synced until the next checkpoint, and the database stays consistent
    after a crash (at worst the last commits are lost, and the batch is run
    again). The mode is kept in the file; nbgrader and the formgrader read it
    as before.

    nbgrader also opens the gradebook some nine times per submission, each time
    with a new SQLAlchemy engine, which compiles every query again and is
    disposed of on close: here one engine per database serves them all.
    """
    import sqlite3

    import nbgrader.api
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if getattr(_faster_gradebook, "done", False):
        return

    @event.listens_for(Engine, "connect")
    def _pragmas(connection, _record):
        if isinstance(connection, sqlite3.Connection):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    engines: dict = {}
    create = nbgrader.api.create_engine

    def shared_engine(url, **options):
        key = (str(url), tuple(sorted(options.items())))
        if key not in engines:
            engines[key] = create(url, **options)
        return engines[key]

    def close(gradebook):
        gradebook.db.remove()  # the shared engine stays open for the next one

    nbgrader.api.create_engine = shared_engine
    nbgrader.api.Gradebook.close = close
    _faster_gradebook.done = True


def _quiet_loggers() -> None:
    """nbgrader's log goes to the report; only our own lines reach the terminal."""
    for name in ("traitlets", "NbGraderAPI", "nbgrader"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


@contextlib.contextmanager
def _silenced():
    """Swallow what nbgrader and the kernels print directly (kept in the log)."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        yield buffer


def _last_error(result: dict) -> str:
    lines = [
        line.strip()
        for line in (result.get("error") or result.get("log") or "").splitlines()
        if line.strip()
    ]
    errors = [line for line in lines if line.startswith("[ERROR]")]
    line = (errors or lines or ["unknown error"])[-1]
    return line.removeprefix("[ERROR] ")[:300]


def release(course: Path = COURSE, assignments: list[str] | None = None) -> list[str]:
    """Generate the student version of every assignment (all of them, or those named)."""
    names = assignments or sorted(
        p.name
        for p in (course / "source").iterdir()
        if p.is_dir() and p.name[:2] == "ch"
    )
    api = _api(course)
    failed = []
    for name in names:
        with _silenced():
            result = api.generate_assignment(name, force=True)
        if result["success"]:
            print(f"released {name} -> {course.name}/release/{name}/")
        else:
            failed.append(name)
            print(f"could not release {name}: {_last_error(result)}")
    return failed


def collect(course: Path, assignment: str, inbox: Path) -> list[str]:
    """File the returned work in ``submitted/<student_id>/<assignment>/``.

    ``inbox`` holds a folder per student, named by the student's id, whose files
    are copied as they are; or a notebook per student, ``<student_id>.ipynb``,
    saved under the assignment's notebook name. Returns the students filed.
    """
    (name,) = released_notebooks(course, assignment)
    filed = []
    for entry in sorted(inbox.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            student, files = (
                entry.name,
                {p.name: p for p in entry.iterdir() if p.is_file()},
            )
        elif entry.suffix == ".ipynb":
            student, files = entry.stem, {name: entry}
        else:
            print(f"  skipped {entry.name}: not a folder or a .ipynb file")
            continue
        target = course / "submitted" / student / assignment
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for file_name, path in files.items():
            shutil.copy2(path, target / file_name)
        filed.append(student)
    print(f"Filed {len(filed)} submissions in {course.name}/submitted/*/{assignment}/")
    return filed


def _mark_for_review(course: Path, assignment: str, checks: list[Precheck]) -> None:
    """Flag edited test cells in the gradebook, so the formgrader shows them."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for check in checks:
            for entry in check.edited_tests:
                grade_id = entry.split(" ")[0]
                for notebook in gradebook.find_assignment(assignment).notebooks:
                    try:
                        grade = gradebook.find_grade(
                            grade_id, notebook.name, assignment, check.student
                        )
                    except MissingEntry:
                        continue
                    grade.needs_manual_grade = True
        gradebook.db.commit()


def _class_list(course: Path) -> list[str]:
    """The student ids of ``students.csv``, if the course keeps one."""
    roster = course / "students.csv"
    if not roster.exists():
        return []
    with open(roster, newline="", encoding="utf-8") as handle:
        return [row["student_id"].strip() for row in csv.DictReader(handle)]


def _name_students(course: Path) -> None:
    """Names from ``students.csv`` (student_id, first_name, last_name, email).

    A student the class list does not name is shown by id (the formgrader
    would show "None, None").
    """
    from nbgrader.api import Gradebook

    roster = course / "students.csv"
    rows = []
    if roster.exists():
        with open(roster, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for row in rows:
            student = row.pop("student_id").strip()
            details = {k: (v.strip() or None) for k, v in row.items() if k}
            gradebook.update_or_create_student(student, **details)
        for student in gradebook.students:
            if not (student.first_name or student.last_name):
                student.last_name = student.id
                student.first_name = ""
        gradebook.db.commit()


def _as_nbgrader_runs_it(notebook, source) -> nbformat.NotebookNode:
    """The notebook as nbgrader will execute it: tests and locked cells restored.

    This mirrors nbgrader's OverwriteCells closely enough to run submissions
    ahead in parallel; where it differs, the fingerprint check in
    ``sandbox.SandboxExecute`` notices and that notebook runs again in order.
    """
    restore = {}
    for cell in source.cells:
        meta = _nbgrader_meta(cell)
        if meta.get("grade_id") and (_is_test(cell) or meta.get("locked")):
            restore[meta["grade_id"]] = cell.source
    for cell in notebook.cells:
        grade_id = _nbgrader_meta(cell).get("grade_id")
        if grade_id in restore:
            cell.source = restore[grade_id]
    return notebook


def _execute_timeout(course: Path) -> float:
    """The course's ``Execute.timeout`` (seconds a cell may run)."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    return float(config.Execute.get("timeout", 60) or 60)


def _run_ahead(course: Path, assignment: str, checks, workers: int):
    """Run every gradable submission in sandboxes, ``workers`` at a time.

    nbgrader then autogrades one student after another (one writer to the
    SQLite gradebook), taking each student's results from here as they finish.
    """
    from concurrent.futures import ThreadPoolExecutor

    import sandbox

    pool = sandbox.Pool(workers, _execute_timeout(course))
    executor = ThreadPoolExecutor(max_workers=workers)
    sources = {
        p.name: nbformat.read(p, as_version=4)
        for p in sorted((course / "source" / assignment).glob("*.ipynb"))
    }
    for check in checks:
        if not check.gradable:
            continue
        folder = course / CHECKED / check.student / assignment
        for name, source in sources.items():
            path = folder / name
            if not path.exists():
                continue
            notebook = _as_nbgrader_runs_it(nbformat.read(path, as_version=4), source)
            future = executor.submit(pool.run, notebook, folder, check.student)
            key = (check.student, Path(name).stem)
            sandbox.PRECOMPUTED[key] = (sandbox.fingerprint(notebook), future)
    return pool, executor


def autograde(course: Path = COURSE, assignment: str = "", workers: int = 0) -> dict:
    """Precheck, then autograde each student on their own; write the report.

    Student code runs sandboxed (``sandbox.py``) in ``workers`` parallel
    sandboxes (default: ``CRMLAB_WORKERS``, else one per CPU core); ``UNSAFE=1`` in the environment runs
    it without a sandbox, one student at a time, as plain nbgrader does.
    """
    unsafe = os.environ.get("UNSAFE", "") == "1"
    if not unsafe:
        import sandbox

        reason = sandbox.unavailable_reason()
        if reason:
            raise SystemExit(
                f"Autograding refused: {reason}.\n"
                "Student code would run as you, with your files and the network. "
                "Install bubblewrap (`make system-deps`), or, knowing this, run "
                "`make autograde ASSIGNMENT=... UNSAFE=1`."
            )
    checks = precheck(course, assignment)
    _faster_gradebook()
    ahead = None
    if not unsafe:
        workers = workers or int(os.environ.get("CRMLAB_WORKERS", "0") or 0)
        ahead = _run_ahead(course, assignment, checks, workers or os.cpu_count() or 1)
    api = _api(course, CourseDirectory__submitted_directory=CHECKED)
    graded = []
    try:
        for check in checks:
            if not check.gradable:
                print(f"  {check.student}: not graded, {check.reason}")
                continue
            with _silenced():
                result = api.autograde(
                    assignment, check.student, force=True, create=True
                )
            if result["success"]:
                graded.append(check.student)
                print(f"  {check.student}: graded")
            else:
                check.gradable = False
                check.reason = f"nbgrader failed: {_last_error(result)}"
                print(f"  {check.student}: not graded, {check.reason}")
    finally:
        if ahead is not None:
            pool, executor = ahead
            executor.shutdown(cancel_futures=True)
            pool.close()
    _mark_for_review(course, assignment, [c for c in checks if c.student in graded])
    _name_students(course)
    handed_in = {c.student for c in checks}
    report = {
        "assignment": assignment,
        "graded": graded,
        "submissions": [asdict(c) for c in checks],
        "missing": [s for s in _class_list(course) if s not in handed_in],
    }
    write_report(course, assignment, report)
    return report


def report_text(report: dict) -> str:
    """The instructor's summary of one autograde batch."""
    submissions = report["submissions"]
    lines = [
        f"Autograde of {report['assignment']}: graded {len(report['graded'])} of "
        f"{len(submissions)} submissions."
    ]
    failed = [s for s in submissions if not s["gradable"]]
    repaired = [s for s in submissions if s["gradable"] and s["repairs"]]
    edited = [s for s in submissions if s["gradable"] and s["edited_tests"]]
    if failed:
        lines += ["", "Not graded (the student must hand in again):"]
        lines += [f"  {s['student']}: {s['reason']}" for s in failed]
    if repaired:
        lines += ["", "Repaired before grading (the original files are unchanged):"]
        lines += [f"  {s['student']}: {'; '.join(s['repairs'])}" for s in repaired]
    if edited:
        lines += [
            "",
            "Edited test cells (the released tests were run instead; review these "
            "in the formgrader, where they are marked as needing manual grading):",
        ]
        lines += [f"  {s['student']}: {', '.join(s['edited_tests'])}" for s in edited]
    if not (failed or repaired or edited):
        lines += ["", "Every submission was graded as handed in."]
    if report.get("missing"):
        lines += ["", "On the class list (students.csv) but nothing handed in:"]
        lines += ["  " + ", ".join(report["missing"])]
    return "\n".join(lines) + "\n"


def write_report(course: Path, assignment: str, report: dict) -> Path:
    folder = course / REPORTS
    folder.mkdir(exist_ok=True)
    (folder / f"{assignment}.json").write_text(
        json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    path = folder / f"{assignment}.txt"
    path.write_text(report_text(report), encoding="utf-8")
    return path


def read_report(course: Path, assignment: str) -> dict | None:
    path = course / REPORTS / f"{assignment}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def feedback(course: Path = COURSE, assignment: str = "") -> dict[str, str]:
    """Feedback pages for every graded student; says who got none, and why."""
    report = read_report(course, assignment) or {"submissions": [], "graded": []}
    api = _api(course)
    missing = {}
    for entry in report["submissions"]:
        if not entry["gradable"]:
            missing[entry["student"]] = f"not graded: {entry['reason']}"
    for student in report["graded"]:
        with _silenced():
            result = api.generate_feedback(assignment, student, force=True)
        if result["success"]:
            print(f"  {student}: feedback/{student}/{assignment}/")
        else:
            missing[student] = f"feedback failed: {_last_error(result)}"
    for student, why in sorted(missing.items()):
        print(f"  {student}: no feedback ({why})")
    return missing


# --------------------------------------------------------------------------
# Grades
# --------------------------------------------------------------------------

NOT_SUBMITTED = "not submitted"
NOT_GRADED = "could not be graded"
WRITTEN_PENDING = "written part not yet graded"
REVIEW = "edited tests: review"
GRADED = "graded"


def grade_rows(course: Path) -> tuple[list[dict], dict[str, list[str]]]:
    """One row per student and assignment, and each assignment's part letters."""
    from nbgrader.api import Gradebook, MissingEntry

    part_letters: dict[str, list[str]] = {}
    rows = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        students = {s.id: s for s in gradebook.students}
        for assignment in gradebook.assignments:
            name = assignment.name
            released = released_notebooks(course, name)
            where = {}
            for notebook in released.values():
                where.update(parts(notebook))
            part_letters[name] = sorted(set(where.values()))
            report = read_report(course, name) or {"submissions": []}
            by_student = {s["student"]: s for s in report["submissions"]}
            for student_id in sorted(students):
                student = students[student_id]
                row = {
                    "assignment": name,
                    "student_id": student_id,
                    "last_name": student.last_name or "",
                    "first_name": student.first_name or "",
                    "status": "",
                    "autograded": None,
                    "written": None,
                    "total": None,
                    "max_score": assignment.max_score,
                    "parts": {},
                }
                entry = by_student.get(student_id)
                handed_in = (course / "submitted" / student_id / name).is_dir()
                try:
                    submission = gradebook.find_submission(name, student_id)
                except MissingEntry:
                    submission = None
                if entry and not entry["gradable"]:
                    row["status"] = f"{NOT_GRADED}: {entry['reason']}"
                elif submission is None:
                    row["status"] = NOT_GRADED if handed_in else NOT_SUBMITTED
                else:
                    _fill_scores(row, submission, where, entry)
                rows.append(row)
    return rows, part_letters


def _fill_scores(row, submission, where, entry) -> None:
    scores: dict[str, float] = {}
    pending = False
    written = 0.0
    has_written = False
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            part = where.get(grade.name, "")
            score = grade.score
            scores[part] = scores.get(part, 0.0) + (score or 0.0)
            if grade.cell.cell_type == "markdown" or grade.auto_score is None:
                has_written = True
                if grade.manual_score is None:
                    pending = True
                else:
                    written += grade.manual_score
    row["parts"] = scores
    row["autograded"] = submission.code_score
    row["written"] = None if pending or not has_written else written
    row["total"] = None if pending else submission.score
    if entry and entry.get("edited_tests"):
        row["status"] = f"{REVIEW} ({', '.join(entry['edited_tests'])})"
    elif pending:
        row["status"] = WRITTEN_PENDING
    else:
        row["status"] = GRADED


COLUMNS = [
    "assignment",
    "student_id",
    "last_name",
    "first_name",
    "status",
    "autograded",
    "written",
    "total",
    "max_score",
]


def export_grades(course: Path = COURSE, csv_path=None, xlsx_path=None) -> list[dict]:
    """Write ``grades.csv`` (one row per student and assignment) and ``grades.xlsx``.

    A blank score means "no score yet" (see ``status``), never zero. The
    workbook has one sheet per assignment with the points of each part.
    """
    rows, part_letters = grade_rows(course)
    letters = sorted({p for ps in part_letters.values() for p in ps})
    csv_path = Path(csv_path or course / "grades.csv")
    with open(csv_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS + [f"part_{p}" for p in letters])
        for row in rows:
            cells = [_blank(row[c]) for c in COLUMNS]
            cells += [
                _blank(row["parts"].get(p))
                if p in part_letters[row["assignment"]]
                else ""
                for p in letters
            ]
            writer.writerow(cells)
    if xlsx_path is not False:
        _write_xlsx(Path(xlsx_path or course / "grades.xlsx"), rows, part_letters)
    return rows


def _blank(value):
    return "" if value is None else value


def _write_xlsx(path: Path, rows: list[dict], part_letters) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for assignment, letters in part_letters.items():
        sheet = book.create_sheet(assignment[:31])
        header = ["student_id", "last_name", "first_name", "status"]
        header += [f"Part {p}" for p in letters] + ["autograded", "written", "total"]
        header += ["max_score"]
        sheet.append(header)
        for row in rows:
            if row["assignment"] != assignment:
                continue
            sheet.append(
                [row["student_id"], row["last_name"], row["first_name"], row["status"]]
                + [row["parts"].get(p) for p in letters]
                + [row["autograded"], row["written"], row["total"], row["max_score"]]
            )
        sheet.freeze_panes = "B2"
    book.save(path)


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    # nbgrader runs `alembic` from PATH: that of this interpreter's environment.
    bin_dir = str(Path(sys.executable).parent)
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    parser = argparse.ArgumentParser(
        prog="batch.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--course", type=Path, default=COURSE, help="course directory")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("release", help="student versions of every assignment")
    for name in ("autograde", "feedback"):
        sub = commands.add_parser(name)
        sub.add_argument("assignment")
    sub = commands.add_parser("collect", help="file returned work in submitted/")
    sub.add_argument("assignment")
    sub.add_argument("inbox", type=Path, help="a folder per student, or <id>.ipynb")
    commands.add_parser("grades", help="grades.csv and grades.xlsx")
    args = parser.parse_args(argv)
    course = args.course.resolve()
    _quiet_loggers()
    if args.command == "release":
        return 1 if release(course) else 0
    if args.command == "autograde":
        if not (course / "source" / args.assignment).is_dir():
            print(f"There is no assignment {args.assignment!r} in {course}/source/.")
            return 2
        report = autograde(course, args.assignment)
        print()
        print(report_text(report), end="")
        print(f"(This report is in {course.name}/{REPORTS}/{args.assignment}.txt)")
        return 0
    if args.command == "collect":
        collect(course, args.assignment, args.inbox.resolve())
        return 0
    if args.command == "feedback":
        feedback(course, args.assignment)
        return 0
    rows = export_grades(course)
    print(f"{len(rows)} rows: {course.name}/grades.csv and {course.name}/grades.xlsx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
