"""A class of 100 submissions of one assignment, autograded in sandboxes: how long?

Issue 20's budget: 100 submissions in at most 120 s on a 2-core machine,
sandbox included. In a temporary copy of the course, one assignment is
released and handed in by 100 students (most answered from the solution, some
with the round trip's wrong answer, some untouched), then ``batch.py
autograde`` (what ``make autograde`` runs) grades them all. For scale, a bare
``jupyter nbconvert --execute`` of the same notebook is timed too, and the
ratio per submission reported. Writes ``bench/class_of_100.md``.

    .venv/bin/python bench/class_of_100.py [--students 100] [--workers N]
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
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run(
                [str(BIN / "jupyter"), "nbconvert", "--execute", "--to", "notebook"]
                + ["--output-dir", out, str(notebook)],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--workers", type=int, default=0, help="0: one per core")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "bench" / "class_of_100.md"
    )
    args = parser.parse_args()
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env.pop("UNSAFE", None)
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "exercises"
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
                "__pycache__",
            ),
        )
        for folder in (course / "source").iterdir():
            if folder.is_dir() and folder.name != ASSIGNMENT:
                shutil.rmtree(folder)
        batch = [str(BIN / "python"), str(COURSE / "batch.py"), "--course", str(course)]
        subprocess.run([*batch, "release"], check=True, capture_output=True, env=env)
        source = nbformat.read(course / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
        release = nbformat.read(
            course / "release" / ASSIGNMENT / NOTEBOOK, as_version=4
        )
        for student, notebook in class_of(args.students, release, source).items():
            folder = course / "submitted" / student / ASSIGNMENT
            folder.mkdir(parents=True)
            nbformat.write(notebook, folder / NOTEBOOK)

        bare = bare_nbconvert(course / "source" / ASSIGNMENT / NOTEBOOK)
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        command = [*batch, "autograde", ASSIGNMENT]
        if args.workers:
            env["CRMLAB_WORKERS"] = str(args.workers)
        result = subprocess.run(command, capture_output=True, text=True, env=env)
        total = time.perf_counter() - start
        load_after = os.getloadavg()[0]
        if result.returncode != 0:
            print(result.stdout[-3000:], result.stderr[-3000:])
            return 1
        graded = sum(line.endswith(": graded") for line in result.stdout.splitlines())
    per = total / args.students
    cores = os.cpu_count()
    budget = 120 * args.students / 100
    verdict = "within" if total <= budget else "OVER"
    text = f"""# A class of {args.students}: sandboxed autograding time

Measured by `bench/class_of_100.py` ({time.strftime("%Y-%m-%d", time.gmtime())},
{platform.python_implementation()} {platform.python_version()}, {cores} cores, load
average {load_before:.1f} when the autograde started: the machine is shared, so
these are figures under load).

One assignment (`{ASSIGNMENT}`), {args.students} submissions (70 % answered,
20 % with one wrong answer, 10 % untouched), graded by `batch.py autograde`
(what `make autograde` runs): precheck, each submission run in a bubblewrap
sandbox (student phase, then the hidden-test phase), {args.workers or cores}
sandboxes in parallel, nbgrader writing the gradebook one student at a time.

| | seconds |
|---|---|
| whole class, {graded} of {args.students} graded | {total:.1f} |
| per submission | {per:.2f} |
| bare `jupyter nbconvert --execute` of the notebook (median of 3) | {bare:.2f} |
| **ratio per submission** (per submission / bare nbconvert) | **{per / bare:.2f}** |

Budget: 120 s for 100 submissions: **{verdict}** ({total:.0f} s of wall time, load
average {load_before:.1f} before and {load_after:.1f} after, on {cores} cores). The
machine is shared: the bare nbconvert's time, measured just before, shows how
loaded it was; on a machine to itself the batch is faster.
"""
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0 if verdict == "within" else 1


if __name__ == "__main__":
    sys.exit(main())
