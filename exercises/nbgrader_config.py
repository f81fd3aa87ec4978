"""nbgrader configuration of the CRM Lab course (run nbgrader from this folder)."""

import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from grading_hooks import (  # noqa: E402
    HideHiddenTests,
    WrapOutputs,
    check_metadata_schema_once,
)
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.converters import Autograde  # noqa: E402
from nbgrader.preprocessors import Execute, GetGrades  # noqa: E402
from sandbox import SandboxExecute  # noqa: E402

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

c.CourseDirectory.course_id = "crmlab"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# The course keeps its own exchange folder (git-ignored): the system-wide default,
# /srv/nbgrader/exchange, is not writable for most instructors and the course
# hands assignments out through its learning-management system anyway.
c.Exchange.root = os.path.join(c.CourseDirectory.root, "exchange")
os.makedirs(c.Exchange.root, exist_ok=True)
c.IncludeHeaderFooter.header = "source/header.ipynb"

# Each assignment folder keeps its rubric (model answers), the round trip's
# wrong answer and the chapter's exam question pool beside the notebook; none
# is ever copied to students.
INSTRUCTOR_ONLY = ["rubric.md", "wrong_answer.py", "exam_questions.yml"]
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    *INSTRUCTOR_ONLY,
]

# Student code: a cell that runs longer than this is stopped and scored as failed,
# so a looping submission cannot hang the autograder.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# Each kernel warns that it runs over TCP without encryption (it talks only to
# the autograder on this machine): that line, once per notebook, hid the ones
# that matter. Kernel errors are still shown.
c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]
# nbgrader's gradebook uses SQLAlchemy APIs that newer SQLAlchemy warns about.
warnings.filterwarnings("ignore", module="sqlalchemy")
warnings.filterwarnings("ignore", message=r".*(SQLAlchemy|sqlalchemy).*")

# Student code runs in a bubblewrap sandbox (sandbox.py): no course files, no
# network, limited memory, processes and time, and hidden tests kept out of
# everything students see. Where bubblewrap is missing, autograding stops with
# a message, unless the instructor runs student code unsandboxed on purpose
# (UNSAFE=1 in the environment, `make autograde UNSAFE=1`).
c.Autograde.autograde_preprocessors = [
    SandboxExecute if pp is Execute else pp
    for pp in Autograde.autograde_preprocessors.default()
]
c.SandboxExecute.unsafe = os.environ.get("UNSAFE", "") == "1"
# nbgrader re-checks its metadata schema for every cell; check it once.
check_metadata_schema_once()

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Feedback goes to students: show which checks failed, never the hidden tests.
c.GenerateFeedback.preprocessors = [
    GetGrades,
    HideHiddenTests,
    CSSHTMLHeaderPreprocessor,
    WrapOutputs,
]
