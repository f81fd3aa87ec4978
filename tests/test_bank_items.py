"""The graded notebooks ask their exam-style choice items from the practice bank.

``scripts/bank_items.py`` writes every bank cell of a notebook (the item, the
solution, the checks) from the chapter's practice pool; its docstring says how.
These tests pin that the notebooks equal what it writes from the current bank,
that the checks accept the bank's answer and nothing else without giving it
away, and that no item of the exam pool reaches a notebook.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys

import nbformat
import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import question_bank as qb  # noqa: E402


def _script():
    spec = importlib.util.spec_from_file_location(
        "bank_items", ROOT / "scripts" / "bank_items.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bank_items = _script()
NOTEBOOKS = bank_items.notebook_paths()
#: lettered options ("A. ... B. ...") or a form label such as "(单选" in a cell
_LETTERED = re.compile(r"(?:^|\s)A[.)]\s+\S.*?(?:^|\s)B[.)]\s+\S", re.S)
_LABEL = re.compile(r"\((?:单选|多选|判断)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _name(path) -> str:
    return bank_items.unit_of(path)


def _read(path):
    return nbformat.read(path, as_version=4)


def _asked(path):
    notebook = _read(path)
    items = bank_items.practice_items(bank_items.unit_of(path))
    return notebook, bank_items.asked_items(notebook, items)


def _cells(notebook, key: str):
    return [c for c in notebook.cells if key in bank_items.bank_meta(c)]


def test_the_chapters_from_bank_ask_items_from_it():
    asking = [p for p in NOTEBOOKS if _asked(p)[1]]
    assert len(asking) >= 10, [_name(p) for p in asking]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_bank_cells_are_what_the_script_writes_from_the_bank(path):
    notebook = _read(path)
    items = bank_items.practice_items(bank_items.unit_of(path))
    stale = [
        notebook.cells[i].metadata.get("nbgrader", {}).get("grade_id", i)
        for i, source in bank_items.written_cells(notebook, items).items()
        if notebook.cells[i].source != source
    ]
    assert not stale, (
        f"{path.relative_to(ROOT)}: the cells {stale} differ from the question "
        f"bank; run `{bank_items.COMMAND}` to rewrite them from it"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_every_item_is_a_choice_item_of_the_chapters_practice_pool(path):
    unit = bank_items.unit_of(path)
    practice = bank_items.practice_items(unit)
    for cell in _cells(_read(path), "bank_item"):
        item_id = bank_items.bank_meta(cell)["bank_item"]
        assert item_id.startswith(f"{unit[:4]}-p"), f"{unit}: {item_id}"
        assert item_id in practice, f"{unit}: {item_id} is not a practice item"
        assert practice[item_id]["form"] in bank_items.FORMS, item_id


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_every_item_is_solved_once_and_checked_once(path):
    notebook, asked = _asked(path)
    for key in ("bank_solution", "bank_check"):
        named = [v for c in _cells(notebook, key) for v in bank_items.bank_meta(c)[key]]
        assert sorted(named) == sorted(asked), f"{_name(path)}: {key} {named}"
    for cell in _cells(notebook, "bank_check"):
        assert cell.metadata["nbgrader"]["grade"], "a bank check must be graded"


def _check_key(source: str) -> str:
    """The short code by which the notebook's "Your checks" cell knows a check."""
    first = source.lstrip().split("\n", 1)[0]
    return hashlib.sha1(first.encode()).hexdigest()[:6]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_every_bank_check_is_counted_in_your_checks(path):
    notebook = _read(path)
    tools = [c.source for c in notebook.cells if "_CHECKS = {" in c.source]
    checks = _cells(notebook, "bank_check")
    if checks:
        assert len(tools) == 1, f"{_name(path)}: no single 'Your checks' tool cell"
    missing = [
        c.metadata["nbgrader"]["grade_id"]
        for c in checks
        if f'"{_check_key(c.source)}"' not in tools[0]
    ]
    assert not missing, f"{_name(path)}: _CHECKS does not count {missing}"


def _wrong_answers(item: dict) -> list:
    """Well-formed answers other than the bank's."""
    letters = qb.LETTERS[: len(item.get("options", []))]
    if item["form"] == "single":
        return [x for x in letters if x != item["answer"]]
    if item["form"] == "multiple":
        right = set(item["answer"])
        return [right - {x} for x in right] + [
            right | {x} for x in set(letters) - right
        ]
    return [not item["answer"]]


def _failure(source: str, namespace: dict) -> str | None:
    try:
        exec(source, dict(namespace))  # noqa: S102 - the notebook's own check
    except AssertionError as error:
        return str(error)
    return None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_the_checks_accept_the_bank_answer_and_no_other(path):
    notebook, asked = _asked(path)
    solved = {}
    for cell in _cells(notebook, "bank_solution"):
        exec(cell.source, {}, solved)  # noqa: S102 - the notebook's own solution
    assert solved == {v: bank_items.answer_value(i) for v, i in asked.items()}
    for cell in _cells(notebook, "bank_check"):
        assert _failure(cell.source, solved) is None
        for variable in bank_items.bank_meta(cell)["bank_check"]:
            item = asked[variable]
            for wrong in _wrong_answers(item):
                message = _failure(cell.source, {**solved, variable: wrong})
                assert message, f"{item['id']}: {wrong!r} passes the check"
                assert _CJK.search(message) and re.search("[a-z]{4}", message)
                assert bank_items.answer_code(item) not in message


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_a_badly_formed_answer_is_told_how_to_answer(path):
    for cell in _cells(_read(path), "bank_check"):
        variable = bank_items.bank_meta(cell)["bank_check"][0]
        message = _failure(cell.source, {variable: "Z"})
        assert message and variable in message and _CJK.search(message)


def _exam_items() -> list[dict]:
    units = sorted({bank_items.unit_of(p) for p in NOTEBOOKS})
    items = []
    for unit in units:
        path = qb.pool_paths(ROOT, unit)["exam"]
        if path.is_file():
            items += qb.load_pool(path, unit, "exam").items
    return items


def _normal(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def test_no_exam_item_reaches_a_notebook():
    """No exam id anywhere in a notebook, nor an exam question's text (a
    translation item's question is one term, which a notebook may well use)."""
    exam = _exam_items()
    assert exam, "no exam pool found"
    texts = [
        _normal(i["question"])
        for i in exam
        if i.get("form") != "translation" and len(_normal(i["question"])) >= 30
    ]
    for path in NOTEBOOKS:
        raw = path.read_text(encoding="utf-8")
        assert not re.search(r"\bch\d\d-e\d+\b", raw), f"{path}: names an exam item"
        text = _normal(
            " ".join(c.source for c in _read(path).cells)
            + json.dumps([c.metadata for c in _read(path).cells], ensure_ascii=False)
        )
        leaked = [t[:60] for t in texts if t in text]
        assert not leaked, f"{path.relative_to(ROOT)} asks exam items: {leaked}"


def _hand_written(notebook) -> list[str]:
    return [
        cell.metadata.get("nbgrader", {}).get("grade_id", cell.source[:40])
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        and "bank_item" not in bank_items.bank_meta(cell)
        and (_LETTERED.search(cell.source) or _LABEL.search(cell.source))
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_no_hand_written_choice_item_is_left(path):
    found = _hand_written(_read(path))
    assert not found, (
        f"{path.relative_to(ROOT)}: hand-written choice items in {found}; ask them "
        "from the practice pool (a markdown cell with crmlab bank_item metadata)"
    )


def test_the_hand_written_item_finder_finds_the_old_forms():
    old = nbformat.v4.new_notebook()
    old.cells = [
        nbformat.v4.new_markdown_cell(text)
        for text in (
            "**Question 2 (单选).** Which is it?\nA. one  B. two  C. three",
            "**q3 (判断 true/false, `True` or `False`).** A statement.",
            "1. `q1`: a key is\n   A. primary  B. foreign.",
            "A customer of class A. Nothing to choose here.",
        )
    ]
    assert len(_hand_written(old)) == 3


def test_a_bank_edit_leaves_the_notebook_stale_until_the_script_runs(tmp_path):
    path = next(p for p in NOTEBOOKS if _asked(p)[1])
    unit = bank_items.unit_of(path)
    notebook, asked = _asked(path)
    item_id = next(iter(asked.values()))["id"]
    items = [dict(i) for i in bank_items.practice_items(unit).values()]
    edited = next(i for i in items if i["id"] == item_id)
    edited["question"] = "An edited question (编辑过的题目)?"
    bank = tmp_path / "chapters" / unit / "questions.yml"
    bank.parent.mkdir(parents=True)
    bank.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    copy = tmp_path / "exercises" / "source" / unit / path.name
    copy.parent.mkdir(parents=True)
    copy.write_bytes(path.read_bytes())
    assert bank_items.rewrite(copy, tmp_path, write=False)
    assert bank_items.rewrite(copy, tmp_path)
    assert not bank_items.rewrite(copy, tmp_path, write=False)
    assert "An edited question (编辑过的题目)?" in copy.read_text(encoding="utf-8")
