"""nbgrader hooks of the CRM Lab course."""

from nbconvert.preprocessors import Preprocessor
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Bool, List


class HideHiddenTests(ClearHiddenTests):
    """Remove hidden tests from feedback, with the tracebacks that would quote them.

    nbgrader restores hidden tests before autograding, so the autograded
    notebook, and the feedback made from it, would otherwise show students
    the hidden tests and their inputs. A failed check keeps its last line
    (``AssertionError: <message>``), which says in words what is wrong.
    """

    # nbconvert's HTML exporter configures display_data_priority for every
    # preprocessor; nbgrader's base class has it unconfigurable, so each
    # `make feedback` warned "Config option `display_data_priority` not recognized".
    display_data_priority = List(
        NbGraderPreprocessor.display_data_priority.default_value
    ).tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        is_test = cell.metadata.get("nbgrader", {}).get("grade", False)
        if cell.cell_type == "code" and is_test:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output['ename']}: {output['evalue']}"]
        return cell, resources


# Long failure messages wrap at the page's edge instead of running off it.
WRAP_CSS = """
div.output_area pre, div.output_subarea pre, div.output_text pre, .output pre {
    white-space: pre-wrap;
    word-wrap: break-word;
    overflow-wrap: anywhere;
}
"""


class WrapOutputs(Preprocessor):
    """Add CSS to the feedback page that wraps long outputs (``pre-wrap``)."""

    enabled = Bool(True)  # nbconvert preprocessors are off unless enabled

    def preprocess(self, nb, resources):
        inlining = resources.setdefault("inlining", {})
        css = inlining.get("css", [])
        css = [css] if isinstance(css, str) else list(css)
        inlining["css"] = [*css, WRAP_CSS]
        return nb, resources
