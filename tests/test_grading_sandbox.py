"""A hostile class: every kind of attack of issue 20, graded in one batch with honest students.

In a temporary copy of the course, one assignment is released and handed in by
honest students and by students whose notebooks (all answers right otherwise)
try to read the source notebook, steal the hidden tests into their outputs,
edit the gradebook, delete or edit a classmate's work, write outside their
scratch folder, open a network connection, or run a fork loop, a memory hog or
a ``while True`` in an answer cell. One ``batch.py autograde`` grades them all
(sandboxed, two workers), then ``batch.py feedback``.
"""

from __future__ import annotations

import copy
import hashlib
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest
from grading_support import COURSE, ROOT

BIN = Path(sys.executable).parent
ASSIGNMENT = "ch07_grading_customers"
NOTEBOOK = "grading_customers.ipynb"
TIMEOUT = 10  # seconds a cell may run in this test's course
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.DOTALL)

pytestmark = pytest.mark.skipif(
    shutil.which("bwrap") is None, reason="bubblewrap is not installed"
)


def batch(course: Path, *args: str, env=None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(BIN / "python"), str(ROOT / "exercises" / "batch.py")]
        + ["--course", str(course), *args],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result


def meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def answered(release, source):
    answers = {
        meta(c)["grade_id"]: c.source for c in source.cells if meta(c).get("solution")
    }
    notebook = copy.deepcopy(release)
    for c in notebook.cells:
        if meta(c).get("solution"):
            c.source = answers[meta(c)["grade_id"]]
    return notebook


def index_of(notebook, grade_id: str) -> int:
    return next(
        i for i, c in enumerate(notebook.cells) if meta(c).get("grade_id") == grade_id
    )


def part_points(source, answer_id: str) -> float:
    """The points of the tests that follow ``answer_id`` up to the next answer."""
    start = index_of(source, answer_id) + 1
    points = 0.0
    for c in source.cells[start:]:
        if meta(c).get("solution"):
            break
        if c.cell_type == "code" and meta(c).get("grade"):
            points += meta(c).get("points", 0)
    return points


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class Listener:
    """A TCP server on the host's loopback that counts connections."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.server.settimeout(0.5)
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.server.close()


def attacks(course: Path, outside: Path, port: int) -> dict[str, str]:
    """Student id -> the code of an extra cell that attacks (all answers right)."""
    source = course / "source" / ASSIGNMENT / NOTEBOOK
    gradebook = course / "gradebook.db"
    victim = course / "submitted" / "honest_1" / ASSIGNMENT / NOTEBOOK
    victim_checked = course / "checked" / "honest_1" / ASSIGNMENT / NOTEBOOK
    return {
        "reads_source": f"""
import os
# a line of this assignment's hidden tests (split: not in this cell's own
# source); nbgrader's generic marker would also match nbgrader's own test
# suite in the venv, which the sandbox must be able to read
marker = "default_rng(2026" + "0707)"
for path in [{str(source)!r}, "../../../source/{ASSIGNMENT}/{NOTEBOOK}"]:
    try:
        print(open(path).read())
    except OSError as error:
        print("blocked:", type(error).__name__)
for top in [os.getcwd(), "/tmp", os.path.expanduser("~"), "/root", "/home"]:
    for folder, _, files in os.walk(top):
        for name in files:
            try:
                text = open(os.path.join(folder, name), errors="ignore").read()
            except OSError:
                continue
            if marker in text:
                print("found hidden tests in", name, text)
""",
        "steals_hidden_tests": """
import atexit, os
_seen = []
def _steal(info):
    _seen.append(info.raw_cell)
    print(info.raw_cell)
    with open("/tmp/stolen.txt", "a") as handle:
        handle.write(info.raw_cell)
get_ipython().events.register("pre_run_cell", _steal)
atexit.register(lambda: print("".join(_seen)))
""",
        "edits_gradebook": f"""
import sqlite3
try:
    db = sqlite3.connect({str(gradebook)!r})
    db.execute("UPDATE grade SET auto_score = 0")
    db.execute("DELETE FROM submitted_notebook")
    db.commit()
    print("gradebook edited")
except Exception as error:
    print("blocked:", type(error).__name__)
""",
        "clobbers_classmate": f"""
import os, shutil
for path in [{str(victim)!r}, {str(victim_checked)!r}]:
    try:
        open(path, "w").write("{{}}")
    except OSError as error:
        print("blocked:", type(error).__name__)
    try:
        os.remove(path)
    except OSError as error:
        print("blocked:", type(error).__name__)
shutil.rmtree({str(course / "submitted")!r}, ignore_errors=True)
""",
        "writes_outside": f"""
for path in [{str(outside / "escaped.txt")!r}, {str(course / "escaped.txt")!r},
             {str(source)!r}, "/usr/escaped.txt", "../../../escaped.txt"]:
    try:
        open(path, "w").write("escaped")
        print("wrote", path)
    except OSError as error:
        print("blocked:", type(error).__name__)
""",
        "opens_network": f"""
import socket
for host in ["127.0.0.1", "localhost", "10.0.0.1"]:
    try:
        socket.create_connection((host, {port}), timeout=2).close()
        print("connected to", host)
    except OSError as error:
        print("blocked:", type(error).__name__)
""",
    }


# Answer cells replaced by a resource attack: that part's points are lost, no more.
SABOTAGE = {
    "fork_loop": (
        "amount_bands_answer",
        "import os\nchildren = 0\nwhile True:\n    os.fork()\n    children += 1\n",
    ),
    "memory_hog": (
        "pyramid_answer",
        "hog = []\nfor _ in range(40):\n    hog.append(b'x' * 100 * 1024**2)\n",
    ),
    "huge_allocation": ("effort_answer", "big = bytearray(4 * 1024**3)\n"),
    "infinite_loop": ("value_matrix_answer", "while True:\n    pass\n"),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    course = tmp_path_factory.mktemp("course") / "exercises"
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
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as handle:
        handle.write(f"\nc.Execute.timeout = {TIMEOUT}\n")
    outside = tmp_path_factory.mktemp("outside")
    batch(course, "release")
    source = nbformat.read(course / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
    release = nbformat.read(course / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    good = answered(release, source)
    total = sum(
        meta(c).get("points", 0)
        for c in source.cells
        if c.cell_type == "code" and meta(c).get("grade")
    )

    listener = Listener()
    students, expected = {}, {}
    for k in (1, 2, 3):
        students[f"honest_{k}"] = good
        expected[f"honest_{k}"] = total
    setup = index_of(good, "setup") + 1
    for student, code in attacks(course, outside, listener.port).items():
        notebook = copy.deepcopy(good)
        notebook.cells.insert(setup, nbformat.v4.new_code_cell(code))
        if student == "steals_hidden_tests":
            notebook.cells.append(
                nbformat.v4.new_code_cell("print(open('/tmp/stolen.txt').read())")
            )
        students[student] = notebook
        expected[student] = total
    for student, (answer_id, code) in SABOTAGE.items():
        notebook = copy.deepcopy(good)
        notebook.cells[index_of(notebook, answer_id)].source = code
        students[student] = notebook
        expected[student] = total - part_points(source, answer_id)
    for student, notebook in students.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / NOTEBOOK)

    before = {
        "source": digest(course / "source"),
        "release": digest(course / "release"),
        "submitted": digest(course / "submitted"),
    }
    try:
        autograde = batch(course, "autograde", ASSIGNMENT)
    finally:
        listener.close()
    feedback = batch(course, "feedback", ASSIGNMENT)

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {
            s: gradebook.find_submission(ASSIGNMENT, s).code_score for s in students
        }
    hidden = {
        line.strip()
        for match in HIDDEN.finditer(
            "\n".join(c.source for c in source.cells if c.cell_type == "code")
        )
        for line in match.group(1).splitlines()
        if len(line.strip()) >= 16
    }
    return {
        "course": course,
        "outside": outside,
        "before": before,
        "scores": scores,
        "expected": expected,
        "hidden": hidden,
        "connections": listener.connections,
        "log": autograde.stdout + feedback.stdout,
    }


def test_every_student_of_the_hostile_class_is_graded(hostile):
    assert set(hostile["scores"]) == set(hostile["expected"]), hostile["log"]
    assert all(score is not None for score in hostile["scores"].values())


def test_honest_students_keep_full_marks(hostile):
    for student in ("honest_1", "honest_2", "honest_3"):
        assert hostile["scores"][student] == hostile["expected"][student], student


def test_each_hostile_student_gets_only_what_its_answers_earned(hostile):
    wrong = {
        s: (hostile["scores"][s], hostile["expected"][s])
        for s in hostile["expected"]
        if hostile["scores"][s] != pytest.approx(hostile["expected"][s])
    }
    assert not wrong, wrong


def test_sabotaged_parts_lose_their_points(hostile):
    for student in SABOTAGE:
        assert hostile["scores"][student] < hostile["scores"]["honest_1"], student


def test_source_release_and_submissions_are_byte_identical(hostile):
    course = hostile["course"]
    assert digest(course / "source") == hostile["before"]["source"]
    assert digest(course / "release") == hostile["before"]["release"]
    assert digest(course / "submitted") == hostile["before"]["submitted"]


def test_nothing_is_written_outside_the_scratch_folder(hostile):
    assert not list(hostile["outside"].iterdir())
    assert not (hostile["course"] / "escaped.txt").exists()
    assert not Path("/usr/escaped.txt").exists()


def test_no_connection_reaches_the_host(hostile):
    assert hostile["connections"] == 0


def test_no_hidden_test_appears_in_any_feedback_or_autograded_output(hostile):
    course = hostile["course"]
    assert hostile["hidden"]
    pages = list((course / "feedback").rglob("*.html"))
    assert len(pages) == len(hostile["expected"])
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found = [line for line in hostile["hidden"] if line in text]
        assert not found, (page, found[:3])
    # The autograded notebooks' outputs (the formgrader shows them) too.
    for path in (course / "autograded").rglob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        outputs = "\n".join(
            str(o) for c in notebook.cells if c.cell_type == "code" for o in c.outputs
        )
        found = [line for line in hostile["hidden"] if line in outputs]
        assert not found, (path, found[:3])


def test_attacks_were_attempted_and_blocked(hostile):
    course = hostile["course"]

    def outputs(student):
        path = course / "autograded" / student / ASSIGNMENT / NOTEBOOK
        notebook = nbformat.read(path, as_version=4)
        return "\n".join(
            o.get("text", "")
            for c in notebook.cells
            if c.cell_type == "code"
            for o in c.outputs
        )

    for student in (
        "reads_source",
        "edits_gradebook",
        "clobbers_classmate",
        "writes_outside",
        "opens_network",
    ):
        text = outputs(student)
        assert "blocked:" in text, (student, text[:2000])
        for success in ("gradebook edited", "wrote ", "connected to", "found hidden"):
            assert success not in text, (student, text[:2000])


def test_a_missing_sandbox_refuses_to_autograde_unless_unsafe(hostile, tmp_path):
    fake = tmp_path / "bin"
    fake.mkdir()
    env = {"PATH": f"{fake}:/nonexistent", "HOME": str(tmp_path)}
    result = subprocess.run(
        [str(BIN / "python"), str(ROOT / "exercises" / "batch.py")]
        + ["--course", str(hostile["course"]), "autograde", ASSIGNMENT],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode != 0
    assert "bubblewrap" in result.stdout + result.stderr
    assert "UNSAFE=1" in result.stdout + result.stderr


# As a user without root (an instructor's own account), bwrap makes its own user
# namespace (``--unshare-user``) and the same limits hold. The sandbox's command
# for a non-root user is run here as "nobody" (when the tests run as root), with
# the system's Python inside: this machine's venv Python lives where "nobody"
# cannot read it.
LIMITS_CHECK = r"""
import os, socket, sys, time
print("uid", os.getuid())
try:
    open(sys.argv[1], "w")
    print("wrote outside")
except OSError as error:
    print("write blocked", type(error).__name__)
small = bytearray(200 * 1024**2)
print("200 MB ok")
try:
    big = bytearray(3 * 1024**3)
    print("3 GB allocated")
except MemoryError:
    print("3 GB refused")
try:
    socket.create_connection(("1.1.1.1", 80), timeout=3)
    print("connected")
except OSError as error:
    print("network blocked", type(error).__name__)
children = 0
try:
    while children < 1000:
        if os.fork() == 0:
            time.sleep(3)
            os._exit(0)
        children += 1
except OSError:
    pass
print("forked", children)
"""


def test_the_sandbox_without_root_keeps_its_limits(monkeypatch):
    import os

    sys.path.insert(0, str(ROOT / "exercises"))
    import sandbox

    forbidden = ROOT / "exercises" / "written_by_the_sandbox.txt"
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 65534)
    command = [*sandbox._bwrap([], 0), *sandbox._limited(30)]
    monkeypatch.undo()
    assert "--unshare-user" in command and "setpriv" not in command
    command += ["/usr/bin/python3", "-I", "-c", LIMITS_CHECK, str(forbidden)]
    if os.geteuid() == 0:
        nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        command = nobody + command
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd="/"
    )
    out = result.stdout
    assert "uid " in out and "uid 0\n" not in out, out + result.stderr
    assert "write blocked" in out and not forbidden.exists()
    assert "200 MB ok" in out and "3 GB refused" in out
    assert "network blocked" in out
    forked = int(out.split("forked ")[1].split()[0])
    assert forked < sandbox.PROCESSES
