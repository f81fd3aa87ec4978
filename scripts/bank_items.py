"""Write the exam-style choice items of the graded notebooks from the question bank.

A graded notebook (``exercises/source/chNN_<slug>/<slug>.ipynb``) asks its
single-choice (单选), multiple-choice (多选) and true/false (判断) items from its
chapter's PRACTICE pool (``chapters/chNN_<slug>/questions.yml``), never from the
exam pool. Three kinds of cells say so in their metadata, under ``crmlab``:

* a markdown cell ``{"bank_item": "ch08-p11", "variable": "needs"}`` shows the
  item: the question and the options lettered A-E in the bank's order;
* the solution cell ``{"bank_solution": ["needs", "key"]}`` sets each variable
  to the bank's answer;
* a graded cell ``{"bank_check": ["needs"]}`` checks the form of each answer
  (visible) and the answer itself (a hidden test).

This script rewrites the sources of those cells from the current bank::

    .venv/bin/python scripts/bank_items.py            # rewrite every notebook
    .venv/bin/python scripts/bank_items.py --check    # only say which are stale

Answers: a single-choice item is one capital letter as a string (``"B"``), a
multiple-choice item the set of all the right letters (``{"A", "C"}``), a
true/false item ``True`` or ``False``. ``tests/test_bank_items.py`` pins that
every notebook equals what this script writes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

from question_bank import LETTERS, load_pool, pool_paths  # noqa: E402

#: the forms a notebook can ask from the bank: key -> how it is labelled
FORMS = {
    "single": "单选 single choice: one capital letter as a string",
    "multiple": "多选 multiple choice: the set of all the right letters",
    "true_false": "判断 true or false: `True` or `False`",
}
# nbgrader's own region markers (``### BEGIN ...``), which must never stand
# spelled out outside exercises/source
_SOLUTION_MARKS = ClearSolutions()
_HIDDEN_MARKS = ClearHiddenTests()
NOTEBOOKS = "exercises/source/ch*_*/*.ipynb"
COMMAND = ".venv/bin/python scripts/bank_items.py"
_CHECK = "bank_check"
_SOLUTION = "bank_solution"


def notebook_paths(root: Path = ROOT) -> list[Path]:
    """Every graded notebook of the course, in chapter order."""
    return sorted(root.glob(NOTEBOOKS))


def unit_of(path: Path) -> str:
    """The chapter unit ``chNN_<slug>`` of a graded notebook."""
    return Path(path).parent.name


def practice_items(unit: str, root: Path = ROOT) -> dict[str, dict]:
    """The unit's practice items by id (the loader of ``question_bank``)."""
    path = pool_paths(root, unit)["practice"]
    if not path.is_file():
        return {}
    return {item["id"]: item for item in load_pool(path, unit, "practice").items}


def bank_meta(cell) -> dict:
    """The ``crmlab`` metadata of a cell (empty if it has none)."""
    return cell.get("metadata", {}).get("crmlab", {})


def asked_items(notebook, items: dict[str, dict]) -> dict[str, dict]:
    """``{variable: item}`` of the notebook's bank-item cells, in order.

    Raises ValueError naming the id if it is not in the practice pool.
    """
    asked = {}
    for cell in notebook.cells:
        meta = bank_meta(cell)
        if "bank_item" not in meta:
            continue
        if meta["bank_item"] not in items:
            raise ValueError(
                f"bank_item {meta['bank_item']!r} is not an item of the practice pool"
            )
        item = items[meta["bank_item"]]
        if item["form"] not in FORMS:
            raise ValueError(f"bank_item {item['id']!r} is a {item['form']} item")
        if meta["variable"] in asked:
            raise ValueError(f"variable {meta['variable']!r} asks two bank items")
        asked[meta["variable"]] = item
    return asked


def _named(variables: list[str], asked: dict[str, dict]) -> list[dict]:
    missing = [v for v in variables if v not in asked]
    if missing:
        raise ValueError(f"{missing} name no bank_item cell's variable")
    return [asked[v] for v in variables]


def answer_value(item: dict):
    """The bank's answer as the value a student sets: "B", {"A", "C"} or True."""
    if item["form"] == "multiple":
        return set(item["answer"])
    return item["answer"]


def answer_code(item: dict) -> str:
    """The bank's answer written as Python."""
    value = answer_value(item)
    if isinstance(value, set):
        return "{" + ", ".join(f'"{letter}"' for letter in sorted(value)) + "}"
    return repr(value) if isinstance(value, bool) else f'"{value}"'


def item_text(variable: str, item: dict) -> str:
    """The markdown of one item: the question, then its lettered options."""
    question = " ".join(str(item["question"]).split())
    lines = [f"**`{variable}`** ({FORMS[item['form']]}). {question}"]
    options = [" ".join(str(o).split()) for o in item.get("options", [])]
    if options:
        lines.append("")
        lines += [f"- {LETTERS[n]}. {o}" for n, o in enumerate(options)]
    return "\n".join(lines)


def solution_code(variables: list[str], asked: dict[str, dict]) -> str:
    """The solution cell: each variable set to the bank's answer."""
    items = _named(variables, asked)
    lines = [f"{v} = {answer_code(i)}" for v, i in zip(variables, items, strict=True)]
    return "\n".join(
        [
            f"### {_SOLUTION_MARKS.begin_solution_delimeter}",
            *lines,
            f"### {_SOLUTION_MARKS.end_solution_delimeter}",
        ]
    )


def _form_check(variable: str, item: dict) -> list[str]:
    letters = LETTERS[: len(item.get("options", []))]
    last = letters[-1:]
    if item["form"] == "single":
        quoted = ", ".join(f'"{letter}"' for letter in letters)
        test = f"{variable} in ({quoted})"
        english = f"{variable} must be one capital letter from A to {last}, as a string"
        chinese = f"{variable} 必须是 A 到 {last} 之间的一个大写字母（字符串）。"
    elif item["form"] == "multiple":
        test = f'isinstance({variable}, set) and {variable} <= set("{letters}")'
        english = f"{variable} must be a set of capital letters from A to {last}"
        chinese = f"{variable} 必须是由 A 到 {last} 之间的大写字母组成的集合。"
    else:
        test = f"isinstance({variable}, bool)"
        english = f"{variable} must be True or False, without quotes around it"
        chinese = f"{variable} 必须是 True 或 False，不加引号。"
    return [f"assert {test}, (", f'    "{english}."', f'    " {chinese}"', ")"]


def _answer_check(variable: str, item: dict) -> list[str]:
    compare = "is" if item["form"] == "true_false" else "=="
    english, chinese = "the question and the options", "题目和选项"
    if item["form"] == "true_false":
        english, chinese = "the statement", "这句陈述"
    return [
        f"assert {variable} {compare} {answer_code(item)}, (",
        f'    "{variable} is not right yet; read {english} again."',
        f'    " {variable} 的答案还不对，请再读一遍{chinese}。"',
        ")",
    ]


def check_code(variables: list[str], asked: dict[str, dict]) -> str:
    """A graded cell: the form of each answer (visible), the answer (hidden)."""
    pairs = list(zip(variables, _named(variables, asked), strict=True))
    kind = "item" if len(pairs) == 1 else "items"
    names = " and ".join(variables)
    lines = [f'"""Check {names} (exam-style {kind} from the question bank)."""']
    for v, item in pairs:
        lines += _form_check(v, item)
    lines.append(f"### {_HIDDEN_MARKS.begin_test_delimeter}")
    for v, item in pairs:
        lines += _answer_check(v, item)
    lines.append(f"### {_HIDDEN_MARKS.end_test_delimeter}")
    return "\n".join(lines)


def written_cells(notebook, items: dict[str, dict]) -> dict[int, str]:
    """``{cell index: source}`` of every bank cell as this script writes it."""
    asked = asked_items(notebook, items)
    sources = {}
    for index, cell in enumerate(notebook.cells):
        meta = bank_meta(cell)
        if "bank_item" in meta:
            sources[index] = item_text(meta["variable"], asked[meta["variable"]])
        elif _SOLUTION in meta:
            sources[index] = solution_code(meta[_SOLUTION], asked)
        elif _CHECK in meta:
            sources[index] = check_code(meta[_CHECK], asked)
    return sources


def rewrite(path: Path, root: Path = ROOT, *, write: bool = True) -> bool:
    """Rewrite the bank cells of one notebook; True if any was stale."""
    notebook = nbformat.read(path, as_version=4)
    sources = written_cells(notebook, practice_items(unit_of(path), root))
    stale = [i for i, s in sources.items() if notebook.cells[i].source != s]
    if stale and write:
        for index in stale:
            notebook.cells[index].source = sources[index]
        Path(path).write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
    return bool(stale)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list stale ones")
    args = parser.parse_args(argv)
    stale = [p for p in notebook_paths() if rewrite(p, write=not args.check)]
    for path in stale:
        verb = "is stale" if args.check else "rewritten"
        print(f"{path.relative_to(ROOT)}: {verb}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
