"""A self-learner's install: ``pip install ".[notebook]"`` runs a downloaded chapter.

A fresh virtual environment gets the package (from a copy of the files a
``pip install .`` reads, so that the build leaves nothing in the repository)
with its ``notebook`` extra; a chapter converted to ``.ipynb``, as the book's
download button gives it, then runs there from a folder outside the repository.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "ch03_customer_value" / "customer_value.md"


def run(*command, cwd: Path, timeout: int = 1200) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.mark.slow
def test_notebook_extra_runs_a_downloaded_chapter_outside_the_repository(tmp_path):
    package = tmp_path / "crmlab-src"
    package.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, package / name)
    shutil.copytree(
        ROOT / "crmlab",
        package / "crmlab",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    bin_ = venv / "bin"
    # The pip cache makes this an offline install where the wheels are cached.
    run(
        bin_ / "python",
        "-m",
        "pip",
        "install",
        "-q",
        f"{package}[notebook]",
        cwd=tmp_path,
    )

    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    notebook = downloads / "customer_value.ipynb"
    jupytext.write(jupytext.read(CHAPTER), notebook)
    run(
        bin_ / "jupyter",
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--ExecutePreprocessor.timeout=600",
        "--output",
        "executed.ipynb",
        notebook,
        cwd=downloads,
    )
    assert (downloads / "executed.ipynb").stat().st_size > notebook.stat().st_size
    # JupyterLab is there to open it, and jupytext lets it open the .md source too.
    assert run(bin_ / "jupyter", "lab", "--version", cwd=downloads).stdout.strip()
    found = run(
        bin_ / "python", "-c", "import crmlab; print(crmlab.__file__)", cwd=downloads
    )
    assert str(venv) in found.stdout
    assert (
        not (ROOT / "build").exists() or "build/" in (ROOT / ".gitignore").read_text()
    )
