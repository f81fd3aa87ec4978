"""Fixtures shared by the tests that need the built book."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
INSTRUCTOR_HTML = ROOT / "_build" / "instructor" / "_build" / "html"


def toc_files() -> list[str]:
    """Docnames of every page in _toc.yml, in reading order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return files


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The built HTML book; built here (from the execution cache) when missing.

    ``make test`` builds the book first, so this normally finds it ready.
    """
    if not (HTML / "index.html").exists():
        command = [
            str(Path(sys.executable).parent / "jupyter-book"),
            "build",
            str(ROOT),
        ]
        subprocess.run([*command, "-n", "-W", "--keep-going"], check=True)
    return HTML


@pytest.fixture(scope="session")
def instructor_book(built_book) -> Path:
    """The built instructor edition (``make instructor``; built here when missing)."""
    if not (INSTRUCTOR_HTML / "index.html").exists():
        subprocess.run(["make", "instructor"], cwd=ROOT, check=True)
    return INSTRUCTOR_HTML
