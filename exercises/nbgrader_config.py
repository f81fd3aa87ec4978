"""nbgrader configuration of the CRM Lab course (run nbgrader from this folder)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from grading_hooks import HideHiddenTests  # noqa: E402
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

c.CourseDirectory.course_id = "crmlab"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.IncludeHeaderFooter.header = "source/header.ipynb"

# Each assignment folder keeps its rubric (model answers) and the round trip's
# wrong answer beside the notebook; neither is ever copied to students.
INSTRUCTOR_ONLY = ["rubric.md", "wrong_answer.py"]
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

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Feedback goes to students: show which checks failed, never the hidden tests.
c.GenerateFeedback.preprocessors = [
    GetGrades,
    HideHiddenTests,
    CSSHTMLHeaderPreprocessor,
]
