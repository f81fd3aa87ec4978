"""Runs students' notebooks inside the sandbox (started by ``sandbox.py``).

Nothing here is secret: students may read this file. The protocol, one JSON line
each way, for one student after another:

1. stdin: ``{"cells": [[index, code], ...], "files": {...}, "student": id,
   "timeout": s, "wall": s}``: the code cells with the hidden tests taken out,
   the student's other files, and the id the notebook was submitted under (set
   as ``CRMLAB_STUDENT_ID``, so the data cells draw that student's numbers). Each cell's outputs go back as ``{"i": index, "outputs": [...]}``,
   then ``{"done": "student"}``.
2. Only then, stdin: ``{"cells": [...], "tests": [indices], ...}``: the cells
   with the hidden tests, run again from a fresh copy of this process. Back
   comes ``{"i": index, "ok": bool, "ename": name}`` for each test cell, then
   ``{"done": "tests"}``.

The heavy modules are imported once, before any student code, and each phase
is a fresh ``fork()`` of this clean process, in an emptied ``/tmp`` with the
student's files in ``/tmp/work``. After each phase every process the student's
code left behind is killed.
"""

import base64
import ctypes
import json
import os
import signal
import sys
import time

RESULTS = os.fdopen(os.dup(1), "w", buffering=1)
DEVNULL = os.open(os.devnull, os.O_RDWR)
os.environ.setdefault("MPLBACKEND", "Agg")

# Warm imports: trusted code only, before any student code runs.
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import numpy  # noqa: E402, F401
import pandas  # noqa: E402, F401
from IPython.core.displayhook import DisplayHook  # noqa: E402
from IPython.core.displaypub import DisplayPublisher  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from traitlets.config import Config  # noqa: E402

try:
    import pkgutil

    import crmlab

    for module in pkgutil.iter_modules(crmlab.__path__):
        __import__(f"crmlab.{module.name}")
except Exception:  # a course without crmlab still runs
    pass

# The variable crmlab.datasets.student_id reads; spelled here for a course without crmlab.
GRADER_ID_VARIABLE = "CRMLAB_STUDENT_ID"
OUTPUTS: list = []
WORK = "/tmp/work"


def _stream(name, text):
    if OUTPUTS and OUTPUTS[-1].get("name") == name:
        OUTPUTS[-1]["text"] += text
    else:
        OUTPUTS.append({"output_type": "stream", "name": name, "text": text})


class _Stream:
    def __init__(self, name):
        self.name = name

    def write(self, text):
        _stream(self.name, str(text))
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False


class _Publisher(DisplayPublisher):
    def publish(self, data, metadata=None, *args, **kwargs):
        OUTPUTS.append(
            {"output_type": "display_data", "data": data, "metadata": metadata or {}}
        )


class _Hook(DisplayHook):
    def write_output_prompt(self):
        pass

    def write_format_data(self, format_dict, md_dict=None):
        OUTPUTS.append(
            {
                "output_type": "execute_result",
                "data": format_dict,
                "metadata": md_dict or {},
                "execution_count": self.prompt_count,
            }
        )

    def finish_displayhook(self):
        pass


class _Shell(InteractiveShell):
    def _showtraceback(self, etype, evalue, stb):
        OUTPUTS.append(
            {
                "output_type": "error",
                "ename": getattr(etype, "__name__", str(etype)),
                "evalue": str(evalue),
                "traceback": list(stb),
            }
        )


class CellTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CellTimeout("this cell ran too long and was stopped")


def _send(message):
    RESULTS.write(json.dumps(message) + "\n")


def _make_shell():
    """The IPython shell every phase runs in, made once before any student code.

    Each phase is a fork of this process, so it gets its own copy of a shell
    that has run nothing (a shell takes some 50 ms to make).
    """
    config = Config()
    config.HistoryManager.enabled = False  # no history.sqlite in the scratch
    shell = _Shell.instance(colors="nocolor", config=config)
    shell.display_pub = _Publisher(shell=shell)
    shell.displayhook = _Hook(shell=shell, cache_size=1000)
    shell.display_trap.hook = shell.displayhook
    return shell


def _run(message, report):
    """In a fresh child: run the cells in order, calling ``report(i, outputs)``."""
    me = os.getpid()
    os.dup2(DEVNULL, 0)
    os.dup2(DEVNULL, 1)
    os.dup2(DEVNULL, 2)
    shell = _make_shell()
    sys.stdout, sys.stderr = _Stream("stdout"), _Stream("stderr")
    sys.displayhook = shell.displayhook
    signal.signal(signal.SIGALRM, _alarm)
    for index, source in message["cells"]:
        OUTPUTS.clear()
        signal.setitimer(signal.ITIMER_REAL, message["timeout"])
        try:
            shell.run_cell(source, store_history=True)
        except BaseException as error:  # SystemExit, a timeout between statements
            OUTPUTS.append(
                {
                    "output_type": "error",
                    "ename": type(error).__name__,
                    "evalue": str(error),
                    "traceback": [],
                }
            )
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if os.getpid() != me:  # a process the student's code forked: stop here
            os._exit(0)
        report(index, list(OUTPUTS))
    RESULTS.flush()
    os._exit(0)


def _fresh_scratch(files):
    """An empty /tmp with the student's files in /tmp/work, which becomes the cwd."""
    os.chdir("/")
    for entry in os.listdir("/tmp"):
        _remove(os.path.join("/tmp", entry))
    os.mkdir(WORK, 0o700)
    for name, data in files.items():
        if "/" in name or name in ("", ".", ".."):
            continue
        with open(os.path.join(WORK, name), "wb") as handle:
            handle.write(base64.b64decode(data))
    os.chdir(WORK)


def _remove(path):
    try:
        if os.path.islink(path) or not os.path.isdir(path):
            os.unlink(path)
            return
        os.chmod(path, 0o700)
        for entry in os.listdir(path):
            _remove(os.path.join(path, entry))
        os.rmdir(path)
    except OSError:
        pass


def _phase(message, files, report, student):
    _fresh_scratch(files)
    child = os.fork()
    if child == 0:
        try:
            # Whose numbers the notebook's data cells draw (crmlab.datasets.student_id)
            os.environ[GRADER_ID_VARIABLE] = student
            _run(message, report)
        finally:
            os._exit(1)
    deadline = time.monotonic() + message["wall"]
    while time.monotonic() < deadline:
        pid, _ = os.waitpid(child, os.WNOHANG)
        if pid:
            break
        time.sleep(0.01)
    _kill_the_rest()
    _fresh_scratch({})


def _kill_the_rest():
    """Kill every process of the student's code (all of this uid but us)."""
    for _ in range(200):
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            break
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
        time.sleep(0.005)
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def _grade(job):
    """One student: the student phase, the seal, the test phase."""
    files = job.get("files", {})
    student = str(job.get("student", ""))
    _phase(job, files, lambda i, outputs: _send({"i": i, "outputs": outputs}), student)
    _send({"done": "student"})
    line = sys.stdin.readline()
    if not line:
        sys.exit(0)
    tests_job = json.loads(line)
    tests = set(tests_job["tests"])

    def report(i, outputs):
        if i in tests:
            errors = [o for o in outputs if o["output_type"] == "error"]
            ename = errors[0]["ename"] if errors else ""
            _send({"i": i, "ok": not errors, "ename": ename})

    _phase(tests_job, files, report, student)
    _send({"done": "tests"})


def main():
    # Not dumpable: the student's processes (same uid) cannot ptrace this one or
    # read its memory, so one student cannot stay behind to watch the next.
    ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE
    _make_shell()  # the phases' forks inherit it, unused
    _send({"ready": True})
    for line in sys.stdin:
        _grade(json.loads(line))


if __name__ == "__main__":
    main()
