"""Each submission runs in a bubblewrap sandbox; the hidden tests never reach feedback.

The sandbox (``bwrap``, Debian package ``bubblewrap``) sees a read-only ``/usr``,
Python and ``crmlab``, and one writable place: a 256 MB ``/tmp`` in memory,
where ``/tmp/work`` holds a scratch copy of the student's own files. It cannot
see the course (``source/``, the gradebook, other students), the instructor's
home or the network (a network namespace with only its own loopback), and it
runs as a uid of its own with limits on memory (address space), processes and
CPU time, while the grader stops it after a wall-clock limit.

A sandbox (a ``Worker``) grades one student after another: it imports the heavy
modules once, and runs each student in fresh processes forked from that clean
runner; before the next student, every process of the last one is killed and
``/tmp`` emptied (the runner is not dumpable, so student code cannot ptrace it).

How the hidden tests are kept from the student's code (``sandbox_runner.py``):

1. **Student phase.** The notebook runs with the hidden tests *taken out* of the
   test cells (as released). Every output the feedback shows comes from this
   run, which never saw a hidden test.
2. **Seal.** The grader reads this phase's outputs to the end; then every
   process the student's code left in the sandbox is killed.
3. **Test phase.** Only now do the hidden tests enter the sandbox: a fresh
   process runs the whole notebook with them. Student code that runs here may
   observe them (``sys.settrace``, IPython events), but nothing it produces is
   shown: the grader keeps one bit per test cell (passed or not) and the name of
   the error, never a message or output. A cell that fails only here gets a
   fixed message in feedback ("a hidden check failed").

A test cell scores its points only if it passed in both phases (a test cell
without hidden tests runs whole in the student phase and is skipped in the
test phase).

This module needs nbgrader; it is imported by ``nbgrader_config.py``.
"""

from __future__ import annotations

import atexit
import base64
import json
import os
import queue
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbgrader.preprocessors import ClearHiddenTests, Execute
from traitlets import Bool, Int

from crmlab.datasets import GRADER_ID_VARIABLE

__all__ = [
    "Pool",
    "SandboxExecute",
    "SandboxUnavailable",
    "Worker",
    "available",
    "fingerprint",
    "run_notebook",
]

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "sandbox_runner.py"
# nbgrader's own delimiters of a hidden-test region (``### BEGIN ...``).
_DELIMITERS = ClearHiddenTests()
HIDDEN = re.compile(
    rf"^[ \t]*### {_DELIMITERS.begin_test_delimeter}.*?"
    rf"^[ \t]*### {_DELIMITERS.end_test_delimeter}[^\n]*\n?",
    re.MULTILINE | re.DOTALL,
)
MEMORY = 1024**3  # address space of each sandboxed process (RLIMIT_AS)
PROCESSES = 64  # RLIMIT_NPROC, for the sandbox's own uid
SCRATCH_BYTES = 256 * 1024**2  # the sandbox's tmpfs, scratch copy included
FIRST_UID = 61000  # sandbox uids (as root): one per concurrent sandbox
HIDDEN_FAILED = (
    "A hidden check of this part failed: it tests your answer on inputs you have "
    "not seen. 本部分的隐藏测试未通过：它用你没见过的输入检查你的答案。"
)
NOT_RUN = (
    "This check did not run: the notebook was stopped (time, memory or process "
    "limit). 此检查未运行：笔记本因时间、内存或进程限制被停止。"
)


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create a sandbox here."""


def unavailable_reason() -> str:
    """Why the sandbox cannot run here ('' when it can)."""
    if shutil.which("bwrap") is None:
        return (
            "bubblewrap (bwrap) is not installed: run `make system-deps` "
            "(Debian: apt-get install bubblewrap)"
        )
    probe = subprocess.run(
        [*_bwrap([], 0), "true"], capture_output=True, text=True, timeout=30
    )
    if probe.returncode != 0:
        return f"bubblewrap cannot create a sandbox here: {probe.stderr.strip()}"
    return ""


def available() -> bool:
    return not unavailable_reason()


def _readonly_paths() -> list[str]:
    """What the student's Python needs: the interpreter, the venv, crmlab."""
    import importlib.util

    paths = {sys.base_prefix, sys.prefix}
    spec = importlib.util.find_spec("crmlab")
    if spec and spec.origin:
        paths.add(str(Path(spec.origin).parent))
    paths.add(str(RUNNER.parent / RUNNER.name))
    return sorted(p for p in paths if not p.startswith("/usr"))


def _bwrap(readonly: list[str], slot: int) -> list[str]:
    command = [
        "bwrap",
        "--unshare-ipc",
        "--unshare-pid",
        "--unshare-net",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--ro-bind",
        "/usr",
        "/usr",
    ]
    for name in ("bin", "lib", "lib64", "sbin"):
        if os.path.islink(f"/{name}"):
            command += ["--symlink", os.readlink(f"/{name}"), f"/{name}"]
        elif os.path.isdir(f"/{name}"):
            command += ["--ro-bind", f"/{name}", f"/{name}"]
    command += ["--proc", "/proc", "--dev", "/dev"]
    # The only writable place: a small tmpfs (the scratch copy lives in /tmp/work).
    command += ["--perms", "1777", "--size", str(SCRATCH_BYTES), "--tmpfs", "/tmp"]
    made = {"/", "/tmp", "/usr", "/proc", "/dev"}
    for target in readonly:
        for parent in reversed(Path(target).parents):
            if str(parent) not in made:
                command += ["--perms", "0755", "--dir", str(parent)]
                made.add(str(parent))
    for path in readonly:
        command += ["--ro-bind", path, path]
    command += ["--chdir", "/tmp"]
    if os.geteuid() == 0:
        # As root, bwrap keeps uid 0, which no process limit binds: drop to a uid
        # of this sandbox's own, so that RLIMIT_NPROC counts only its processes.
        uid = str(FIRST_UID + slot)
        command += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--"]
        command += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]
        command += ["--inh-caps=-all", "--bounding-set=-all"]
    else:
        command[1:1] = ["--unshare-user"]
        command += ["--"]
    return command


def _limited(timeout: float) -> list[str]:
    cpu = int(2 * timeout + 60)
    return [
        "prlimit",
        f"--as={MEMORY}",
        f"--nproc={PROCESSES}",
        f"--cpu={cpu}",
        "--core=0",
        f"--fsize={256 * 1024**2}",
        "--",
    ]


def strip_hidden(source: str) -> str:
    return HIDDEN.sub("", source)


def _is_test(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
    return bool(meta.get("grade")) and not meta.get("solution")


class Worker:
    """One sandbox that grades one student after another.

    Its runner imports the heavy modules once; each student runs in fresh
    processes forked from it, in an emptied ``/tmp``, and every process of the
    previous student is killed before the next starts. A worker whose runner
    died or overran is replaced.
    """

    def __init__(self, slot: int, timeout: float):
        self.slot, self.timeout = slot, timeout
        self.process = None
        self.buffer = b""

    def _start(self) -> None:
        env = {
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "MPLBACKEND": "Agg",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "HOME": "/tmp/work",
            "MPLCONFIGDIR": "/tmp/work/.matplotlib",
        }
        python = str(Path(sys.prefix) / "bin" / "python")
        command = [
            *_bwrap(_readonly_paths(), self.slot),
            *_limited(self.timeout),
            python,
            "-I",
            str(RUNNER),
        ]
        self.buffer = b""
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        for _ in self.lines(time.monotonic() + 300, "never"):
            break  # {"ready": true}

    def send(self, message: dict) -> None:
        try:
            self.process.stdin.write((json.dumps(message) + "\n").encode())
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    def lines(self, deadline: float, done: str):
        """JSON messages until ``{"done": done}``, the end of output or the deadline."""
        out = self.process.stdout
        while True:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                try:
                    message = json.loads(line)
                except ValueError:
                    continue  # noise (a forked process writing half a line)
                if not isinstance(message, dict):
                    continue
                if message.get("done") == done:
                    self.finished = True
                    return
                yield message
            left = deadline - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([out], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(out.fileno(), 1 << 20)
                if not chunk:
                    return
                self.buffer += chunk
                if len(self.buffer) > 64 * 1024**2:
                    return  # a flood of output: stop listening

    def close(self, graceful: bool = False) -> None:
        """Stop the sandbox: killed, or (``graceful``) told to end and reaped."""
        if self.process is None:
            return
        if graceful and self.process.poll() is None:
            try:
                self.process.stdin.close()  # the runner's loop ends
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.process = None

    def run(self, notebook, folder: Path | None, student: str = "") -> dict:
        """Grade one notebook: outputs of the student phase, one bit per test."""
        if self.process is None or self.process.poll() is not None:
            self.close()
            self._start()
        code = [
            (i, c.source) for i, c in enumerate(notebook.cells) if c.cell_type == "code"
        ]
        tests = [i for i, c in enumerate(notebook.cells) if _is_test(c)]
        timeout = self.timeout
        wall = max(3 * timeout, timeout * len(code)) + 60
        files = _folder_files(folder)
        job = {
            "cells": [(i, strip_hidden(source)) for i, source in code],
            "student": student,
            "timeout": timeout,
            "wall": wall,
            "files": files,
        }
        self.finished = False
        self.send(job)
        outputs: dict[int, list] = {}
        for message in self.lines(time.monotonic() + wall + 30, "student"):
            index = message.get("i")
            if isinstance(index, int) and index not in outputs:
                outputs[index] = _clean_outputs(message.get("outputs"))
        # Test cells without hidden tests ran whole in the student phase; the
        # test phase runs the other cells and the tests with hidden parts, up to
        # the last of these.
        hidden = [i for i, source in code if i in tests and HIDDEN.search(source)]
        results: dict[int, tuple[bool, str]] = {
            i: (True, "") for i in tests if i not in hidden
        }
        if self.finished:
            # Sealed: from here on nothing reaches the feedback but one bit a test.
            self.finished = False
            last = max(hidden, default=-1)
            cells = [
                (i, source)
                for i, source in code
                if i <= last and (i not in tests or i in hidden)
            ]
            self.send(
                {"cells": cells, "tests": hidden, "timeout": timeout, "wall": wall}
            )
            for message in self.lines(time.monotonic() + wall + 30, "tests"):
                index = message.get("i")
                if index in hidden and index not in results:
                    ename = str(message.get("ename", ""))
                    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,39}", ename):
                        ename = "Error"
                    results[index] = (message.get("ok") is True, ename)
        if not self.finished:
            self.close()  # died, overran or flooded: the next student gets a new one
        return {"outputs": outputs, "tests": results}


def _folder_files(folder: Path | None, limit: int = 20 * 1024**2) -> dict:
    """The student's own files (top level of their folder), base64, up to ``limit``."""
    files, total = {}, 0
    if folder is None or not folder.is_dir():
        return files
    for path in sorted(folder.iterdir()):
        # Not the notebook: the copy nbgrader hands over has the hidden tests
        # restored (the cells arrive over the protocol instead).
        if path.is_symlink() or not path.is_file() or path.suffix == ".ipynb":
            continue
        data = path.read_bytes()
        total += len(data)
        if total > limit:
            break
        files[path.name] = base64.b64encode(data).decode()
    return files


class Pool:
    """``size`` workers, for threads that each grade one notebook at a time."""

    def __init__(self, size: int, timeout: float):
        reason = unavailable_reason_cached()
        if reason:
            raise SandboxUnavailable(reason)
        self.free = queue.Queue()
        self.workers = [Worker(slot, timeout) for slot in range(size)]
        for worker in self.workers:
            self.free.put(worker)

    def run(self, notebook, folder: Path | None, student: str = "") -> dict:
        worker = self.free.get()
        try:
            return worker.run(notebook, folder, student)
        finally:
            self.free.put(worker)

    def close(self) -> None:
        for worker in self.workers:
            worker.close(graceful=True)


_pools: dict = {}


def run_notebook(
    notebook, folder: Path | None = None, timeout: float = 60, student: str = ""
) -> dict:
    """Run ``notebook`` (hidden tests included) in a sandbox, as described above.

    Returns ``{"outputs": {index: [outputs]}, "tests": {index: (ok, ename)}}``,
    the outputs of the student phase and the pass bit of each test cell.
    ``folder``: the student's folder, whose files are copied into the scratch;
    ``student``: the id whose numbers the data cells draw (``CRMLAB_STUDENT_ID``).
    """
    if timeout not in _pools:
        _pools[timeout] = Pool(1, timeout)
        atexit.register(_pools[timeout].close)
    return _pools[timeout].run(notebook, folder, student)


def _clean_outputs(outputs) -> list:
    """Outputs as nbformat wants them; anything malformed is dropped."""
    clean = []
    for output in outputs if isinstance(outputs, list) else []:
        if not isinstance(output, dict):
            continue
        kind = output.get("output_type")
        try:
            if kind == "stream" and output.get("name") in ("stdout", "stderr"):
                node = nbformat.v4.new_output(
                    kind, name=output["name"], text=str(output["text"])[:100_000]
                )
            elif kind in ("display_data", "execute_result"):
                data = {str(k): v for k, v in dict(output["data"]).items()}
                node = nbformat.v4.new_output(kind, data=data)
                if kind == "execute_result":
                    node.execution_count = None
            elif kind == "error":
                node = nbformat.v4.new_output(
                    kind,
                    ename=str(output["ename"])[:200],
                    evalue=str(output["evalue"])[:5000],
                    traceback=[str(t) for t in output.get("traceback", [])][:200],
                )
            else:
                continue
            nbformat.validate(
                nbformat.v4.new_notebook(
                    cells=[nbformat.v4.new_code_cell(outputs=[node])]
                )
            )
        except Exception:
            continue
        clean.append(node)
        if len(clean) >= 100:
            break
    return clean


_reason = None


def unavailable_reason_cached() -> str:
    global _reason
    if _reason is None:
        _reason = unavailable_reason()
    return _reason


def merge(notebook, result) -> None:
    """Put the sandbox's results into ``notebook``'s cells, for nbgrader to score."""
    count = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        cell.outputs = list(result["outputs"].get(index, []))
        if not _is_test(cell):
            continue
        if any(o.output_type == "error" for o in cell.outputs):
            continue  # failed in the student phase: its own message
        ok, ename = result["tests"].get(index, (False, ""))
        if index not in result["outputs"]:
            ok, message = False, NOT_RUN  # the student phase never reached it
        elif index in result["tests"]:
            message = HIDDEN_FAILED
        else:
            message = NOT_RUN  # the test phase was stopped before it
        if not ok:
            cell.outputs.append(
                nbformat.v4.new_output(
                    "error", ename=ename or "Error", evalue=message, traceback=[]
                )
            )


# Results computed ahead by batch.py's parallel workers, by (student, notebook).
PRECOMPUTED: dict = {}


def fingerprint(notebook) -> list[str]:
    return [c.source for c in notebook.cells if c.cell_type == "code"]


class SandboxExecute(Execute):
    """nbgrader's Execute step, run in the sandbox (see the module docstring)."""

    unsafe = Bool(False, help="Run student code without a sandbox (UNSAFE=1).").tag(
        config=True
    )
    sandbox_timeout = Int(0).tag(config=False)

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        student = str(info.get("student") or "")
        if self.unsafe:
            # The kernel inherits this process's environment.
            os.environ[GRADER_ID_VARIABLE] = student
            try:
                return super().preprocess(nb, resources)
            finally:
                os.environ.pop(GRADER_ID_VARIABLE, None)
        key = (info.get("student"), info.get("notebook"))
        ahead = PRECOMPUTED.pop(key, None)
        result = None
        if ahead is not None:
            expected, future = ahead
            if expected == fingerprint(nb):
                result = future.result()
        if result is None:
            folder = Path(resources.get("metadata", {}).get("path", "") or ".")
            result = run_notebook(nb, folder, self.timeout or 60, student)
        merge(nb, result)
        return nb, resources
