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


class _SchemaCheckedOnce:
    """``jsonschema`` for nbgrader's cell-metadata check, with the schema checked once.

    nbgrader validates each graded cell with ``jsonschema.validate``, which
    first checks the schema itself: 0.1 s a notebook, the largest part of
    nbgrader's own time per student. Same errors, same order of checks.
    """

    def __init__(self, module):
        self._module = module
        self._validators = {}

    def __getattr__(self, name):
        return getattr(self._module, name)

    def validate(self, instance, schema, *args, **kwargs):
        if args or kwargs:
            return self._module.validate(instance, schema, *args, **kwargs)
        key = id(schema)
        if key not in self._validators:
            cls = self._module.validators.validator_for(schema)
            cls.check_schema(schema)
            self._validators[key] = (schema, cls(schema))  # keeps the id alive
        error = self._module.exceptions.best_match(
            self._validators[key][1].iter_errors(instance)
        )
        if error is not None:
            raise error


def check_metadata_schema_once() -> None:
    import jsonschema
    from nbgrader.nbgraderformat import common

    if not isinstance(common.jsonschema, _SchemaCheckedOnce):
        common.jsonschema = _SchemaCheckedOnce(jsonschema)
