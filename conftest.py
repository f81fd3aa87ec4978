"""Set-up shared by every test: the tests in tests/ and the doctests in crmlab/.

- Figures draw off screen (Agg, chosen before anything imports pyplot) and are
  closed after each test, so no test sees another test's figures.
- Doctests may use ``np`` and ``pd`` without importing them.
- Hypothesis runs the ``crmlab`` profile: the same examples on every run
  (``derandomize``) and no time limit per example, which a loaded machine would
  break. A test may still ask for more or fewer examples with
  ``@settings(max_examples=...)``.
- Tests are marked by what they need (the markers are listed in pyproject.toml),
  so that ``make check`` can leave out the slow ones. ``book`` is given here to
  every test that uses a built-book fixture, so that no fast run builds the
  book; ``grading`` to the nbgrader round trips.
- For the tests to import: ``ROOT``, the repository, and ``toc_docnames()``,
  the pages of ``_toc.yml`` in reading order. The built-book fixtures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

ROOT = Path(__file__).resolve().parent
HTML = ROOT / "_build" / "html"
INSTRUCTOR_HTML = ROOT / "_build" / "instructor" / "_build" / "html"

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import crm_units  # noqa: E402

settings.register_profile("crmlab", derandomize=True, deadline=None)
settings.load_profile("crmlab")

# Fixtures that build the book when it is missing: their users are `book` tests.
BOOK_FIXTURES = {"built_book", "instructor_book", "book_html"}
# The nbgrader test files have no markers of their own; they are marked here.
MARKS_BY_FILE = {
    name: ("grading", "slow")
    for name in (
        "test_grading_roundtrip.py",
        "test_grading_day.py",
        "test_student_notebooks.py",
        "test_grading_sandbox.py",
    )
}


def toc_docnames() -> list[str]:
    """Docnames of every page in ``_toc.yml``, root first, in reading order."""
    return crm_units.toc_docnames(ROOT / "_toc.yml")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        for mark in MARKS_BY_FILE.get(item.path.name, ()):
            item.add_marker(mark)
        if BOOK_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker("book")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True, scope="session")
def doctest_names(doctest_namespace):
    doctest_namespace.update(np=np, pd=pd)


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
