"""nbgrader hooks of the CRM Lab course."""

from nbgrader.preprocessors import ClearHiddenTests


class HideHiddenTests(ClearHiddenTests):
    """Remove hidden tests from feedback, with the tracebacks that would quote them.

    nbgrader restores hidden tests before autograding, so the autograded
    notebook, and the feedback made from it, would otherwise show students
    the hidden tests and their inputs. A failed check keeps its last line
    (``AssertionError: <message>``), which says in words what is wrong.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        is_test = cell.metadata.get("nbgrader", {}).get("grade", False)
        if cell.cell_type == "code" and is_test:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output['ename']}: {output['evalue']}"]
        return cell, resources
