"""A class of 100 submissions of one assignment, autograded in sandboxes: how long?

Issue 20's budget: 100 submissions in at most 120 s on a 2-core machine,
sandbox included. In a temporary copy of the course, one assignment is
released and handed in by 100 students (most answered from the solution, some
with the round trip's wrong answer, some untouched), then ``batch.py
autograde`` (what ``make autograde`` runs) grades them all. For scale, a bare
``jupyter nbconvert --execute`` of the same notebook is timed too, and the
ratio per submission reported. Writes ``bench/class_of_100.md``.

    .venv/bin/python bench/class_of_100.py [--students 100] [--runs 3] [--workers N]

Each run grades a fresh copy of the same handed-in class; the figures of every
run and their medians go to the report.
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "exercises"
BIN = Path(sys.executable).parent
ASSIGNMENT = "ch07_grading_customers"
NOTEBOOK = "grading_customers.ipynb"
NOTES = "<!-- Notes below this line are written by hand and kept by the bench. -->"


def meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def class_of(n: int, release, source) -> dict[str, nbformat.NotebookNode]:
    answers = {
        meta(c)["grade_id"]: c.source for c in source.cells if meta(c).get("solution")
    }
    good = copy.deepcopy(release)
    for c in good.cells:
        if meta(c).get("solution"):
            c.source = answers[meta(c)["grade_id"]]
    case = runpy.run_path(str(COURSE / "source" / ASSIGNMENT / "wrong_answer.py"))
    wrong = copy.deepcopy(good)
    for c in wrong.cells:
        if meta(c).get("grade_id") == case["GRADE_ID"]:
            c.source = case["WRONG"].strip()
    students = {}
    for k in range(n):
        kind = good if k % 10 < 7 else wrong if k % 10 < 9 else release
        students[f"s{k:03d}"] = kind
    return students


def bare_nbconvert(notebook: Path, runs: int = 3) -> float:
    # The data cells need a student id, as the autograder gives them.
    env = {**os.environ, "CRMLAB_STUDENT_ID": "2026001"}
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run(
                [str(BIN / "jupyter"), "nbconvert", "--execute", "--to", "notebook"]
                + ["--output-dir", out, str(notebook)],
                check=True,
                capture_output=True,
                env=env,
            )
            times.append(time.perf_counter() - start)
    return statistics.median(times)


IGNORE = shutil.ignore_patterns(
    "release",
    "submitted",
    "autograded",
    "feedback",
    "checked",
    "reports",
    "exchange",
    "*.db",
    "*.db-*",
    "grades.*",
    "__pycache__",
)


def prepared_class(tmp: Path, students: int, env: dict) -> Path:
    """A copy of the course with the assignment released and handed in by the class."""
    course = tmp / "class"
    shutil.copytree(COURSE, course, ignore=IGNORE)
    for folder in (course / "source").iterdir():
        if folder.is_dir() and folder.name != ASSIGNMENT:
            shutil.rmtree(folder)
    batch = [str(BIN / "python"), str(COURSE / "batch.py"), "--course", str(course)]
    subprocess.run([*batch, "release"], check=True, capture_output=True, env=env)
    source = nbformat.read(course / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
    release = nbformat.read(course / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    for student, notebook in class_of(students, release, source).items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / NOTEBOOK)
    return course


def one_run(prepared: Path, tmp: Path, k: int, env: dict) -> dict:
    """Bare nbconvert (median of 3), then a whole autograde of a fresh copy."""
    course = tmp / f"run{k}"
    shutil.copytree(prepared, course)
    bare = bare_nbconvert(course / "source" / ASSIGNMENT / NOTEBOOK)
    batch = [str(BIN / "python"), str(COURSE / "batch.py"), "--course", str(course)]
    load = os.getloadavg()[0]
    start = time.perf_counter()
    result = subprocess.run(
        [*batch, "autograde", ASSIGNMENT], capture_output=True, text=True, env=env
    )
    total = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
    graded = sum(line.endswith(": graded") for line in result.stdout.splitlines())
    shutil.rmtree(course)
    return {"total": total, "bare": bare, "load": load, "graded": graded}


def report(runs: list[dict], students: int, workers: int) -> str:
    cores = os.cpu_count()
    budget = 120 * students / 100
    rows = "\n".join(
        f"| {k + 1} | {r['load']:.1f} | {r['graded']} | {r['total']:.1f} "
        f"| {r['total'] / students:.2f} | {r['bare']:.2f} "
        f"| {r['total'] / students / r['bare']:.2f} |"
        for k, r in enumerate(runs)
    )
    total = statistics.median(r["total"] for r in runs)
    ratio = statistics.median(r["total"] / students / r["bare"] for r in runs)
    within = sum(r["total"] <= budget for r in runs)
    verdict = "within" if total <= budget else "OVER"
    return f"""# A class of {students}: sandboxed autograding time

Measured by `bench/class_of_100.py --runs {len(runs)}` \
({time.strftime("%Y-%m-%d %H:%M", time.gmtime())} UTC, \
{platform.python_implementation()} {platform.python_version()}, {cores} cores). The
machine is shared: the load average when each autograde started is in the table, and
the bare nbconvert of the same notebook, timed just before each autograde, shows how
loaded it was.

One assignment (`{ASSIGNMENT}`), {students} submissions (70 % answered,
20 % with one wrong answer, 10 % untouched), graded by `batch.py autograde`
(what `make autograde` runs): precheck, each submission run in a bubblewrap
sandbox (student phase, then the hidden-test phase), {workers or cores}
sandboxes in parallel, nbgrader writing the gradebook one student at a time.

| run | load average | graded | whole class (s) | per submission (s) | bare nbconvert (s) | ratio |
|---|---|---|---|---|---|---|
{rows}

Median of {len(runs)} runs: **{total:.1f} s** for {students} submissions \
(**{verdict}** the budget of {budget:.0f} s; {within} of {len(runs)} runs within it); \
median ratio per submission to a bare `jupyter nbconvert --execute`: **{ratio:.2f}**.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="0: one per core")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "bench" / "class_of_100.md"
    )
    args = parser.parse_args()
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env.pop("UNSAFE", None)
    if args.workers:
        env["CRMLAB_WORKERS"] = str(args.workers)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        prepared = prepared_class(Path(tmp), args.students, env)
        for k in range(args.runs):
            runs.append(one_run(prepared, Path(tmp), k, env))
            print(runs[-1], flush=True)
    text = report(runs, args.students, args.workers)
    # Notes written by hand below the marker (the profile) are kept.
    if args.output.exists():
        kept = args.output.read_text(encoding="utf-8").partition(NOTES)
        if kept[1]:
            text += "\n" + NOTES + kept[2]
    args.output.write_text(text, encoding="utf-8")
    print(text)
    budget = 120 * args.students / 100
    return 0 if statistics.median(r["total"] for r in runs) <= budget else 1


if __name__ == "__main__":
    sys.exit(main())
