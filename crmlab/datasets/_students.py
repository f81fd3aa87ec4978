"""Each student's own numbers: a random seed derived from the student id.

An assignment's data cells draw from ``student_seed(student_id(STUDENT_ID),
assignment)``. At home the id is the one the student typed (or, on a
JupyterHub, the user name); when the autograder runs a submission it sets
``CRMLAB_STUDENT_ID`` to the id the notebook was submitted under, which wins.
So the story is the same for everyone, the numbers differ, and numbers copied
from a classmate (or computed under a classmate's id) do not pass.
"""

from __future__ import annotations

import hashlib
import os
import re

__all__ = ["GRADER_ID_VARIABLE", "student_id", "student_seed"]

#: The environment variable the autograder sets to the submission's student id.
GRADER_ID_VARIABLE = "CRMLAB_STUDENT_ID"

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


def _checked(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string; got {type(value).__name__}")
    text = value.strip()
    if not _ID.fullmatch(text):
        raise ValueError(
            f"{name} must be 1-64 letters, digits or . _ @ - (starting with a letter "
            f"or digit); got {value!r}"
        )
    return text


def student_id(typed: object = "") -> str:
    """Return whose numbers this notebook uses.

    In order: the id the autograder set in ``CRMLAB_STUDENT_ID``; else
    ``typed``, the id the student entered; else the JupyterHub user name
    (``JUPYTERHUB_USER``).

    Parameters
    ----------
    typed : str, default=""
        The student id typed into the notebook; empty means "not entered".

    Raises
    ------
    ValueError
        If no id is available, or the id has characters other than letters,
        digits and ``. _ @ -``.

    Examples
    --------
    >>> import os
    >>> _ = os.environ.pop("CRMLAB_STUDENT_ID", None)
    >>> student_id(" 2026001 ")
    '2026001'
    """
    for name, value in (
        (GRADER_ID_VARIABLE, os.environ.get(GRADER_ID_VARIABLE, "")),
        ("STUDENT_ID", typed),
        ("JUPYTERHUB_USER", os.environ.get("JUPYTERHUB_USER", "")),
    ):
        if isinstance(value, str) and not value.strip():
            continue
        return _checked(name, value)
    raise ValueError(
        f"STUDENT_ID must be your student id; got {typed!r} and no JUPYTERHUB_USER. "
        "Type your student id between the quotes, for example "
        'STUDENT_ID = "2026001", and run the cell again. '
        '请在引号中填写你的学号，例如 STUDENT_ID = "2026001"，然后重新运行。'
    )


def student_seed(student: object, assignment: object) -> int:
    """Return the random seed of ``student``'s data in ``assignment``.

    A SHA-256 of ``"<assignment>:<student>"`` read as an integer below 2**32:
    the same id and assignment always give the same random seed, and the random
    seeds of different students (or assignments) are unrelated.

    Examples
    --------
    >>> student_seed("2026001", "ch07_grading_customers") == student_seed(
    ...     "2026001", "ch07_grading_customers")
    True
    >>> student_seed("2026001", "ch07_grading_customers") != student_seed(
    ...     "2026002", "ch07_grading_customers")
    True
    """
    student = _checked("student", student)
    assignment = _checked("assignment", assignment)
    digest = hashlib.sha256(f"{assignment}:{student}".encode()).digest()
    return int.from_bytes(digest[:4], "big")
