"""The question bank: every unit's pools are valid, the validator rejects bad items,
parameterised items are computed by crmlab, exam papers are reproducible, and no
exam item reaches a student (the built book, the wheel, an nbgrader release).
"""

from __future__ import annotations

import copy
import html
import importlib.util
import json
import re
import runpy
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import crm_units  # noqa: E402
import question_bank as qb  # noqa: E402


def _exam_paper():
    spec = importlib.util.spec_from_file_location(
        "exam_paper", ROOT / "scripts" / "exam_paper.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def units_with_pools() -> list[str]:
    units = crm_units.written_units(ROOT, ROOT / "_toc.yml")
    return [
        u.name
        for u in units
        if u.written and qb.pool_paths(ROOT, u.name)["practice"].is_file()
    ]


UNITS = units_with_pools()


# ------------------------------------------------------------ the real bank


def test_chapters_1_and_2_have_pools():
    assert {"ch01_customers_crm", "ch02_customer_lifecycle"} <= set(UNITS)


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_with_pools_passes_the_validator(unit):
    assert qb.check_units(ROOT, [unit]) == []


def test_item_ids_are_unique_across_the_whole_bank():
    assert [p for p in qb.check_units(ROOT, UNITS) if "duplicate id" in p] == []


@pytest.mark.parametrize("unit", UNITS)
def test_each_pool_has_five_forms_and_the_exam_pool_is_no_smaller(unit):
    pools = qb.load_unit(ROOT, unit)
    practice, exam = pools["practice"].items, pools["exam"].items
    assert len(practice) >= 20
    assert len(exam) >= len(practice)
    assert len(qb.forms_count(practice)) >= 5
    assert len(qb.forms_count(exam)) >= 5


# ------------------------------------------------------------ small fixtures

CHAPTER = """# A chapter

## Alpha

```{code-cell} ipython3
## Not a heading (a comment in code)
```

### Beta `code`
"""


def _item(kind: str, n: int, form: str) -> dict:
    base = {
        "id": f"ch01-{kind[0]}{n:02d}",
        "form": form,
        "topic": "topic",
        "difficulty": 1,
        "section": "Alpha",
        "question": f"Question {kind} number {n}?",
        "explanation": "Because.",
    }
    answers = {
        "single": {"options": ["one", "two", "three"], "answer": "ABC"[n // 6 % 3]},
        "multiple": {"options": ["one", "two", "three"], "answer": ["A", "C"]},
        "true_false": {"answer": True},
        "term": {"answer": "A model answer.", "points": ["first", "second"]},
        "translation": {"answer": "客户", "direction": "en-zh"},
        "skill": {"answer": 12.5, "decimals": 1},
    }
    return {**base, **answers[form]}


FORMS = ["single", "multiple", "true_false", "term", "translation", "skill"]


def _pool(kind: str, size: int = 20) -> list[dict]:
    return [_item(kind, n, FORMS[(n - 1) % len(FORMS)]) for n in range(1, size + 1)]


def _write(root: Path, practice: list[dict], exam: list[dict]) -> dict[str, Path]:
    chapter = root / "chapters" / "ch01_demo"
    chapter.mkdir(parents=True, exist_ok=True)
    (chapter / "demo.md").write_text(CHAPTER, encoding="utf-8")
    paths = qb.pool_paths(root, "ch01_demo")
    for kind, items in (("practice", practice), ("exam", exam)):
        paths[kind].parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(items, allow_unicode=True, sort_keys=False)
        paths[kind].write_text(text, encoding="utf-8")
    return paths


def _problems(tmp_path, practice=None, exam=None) -> list[str]:
    practice = _pool("practice") if practice is None else practice
    exam = _pool("exam") if exam is None else exam
    _write(tmp_path, practice, exam)
    return qb.check_units(tmp_path, ["ch01_demo"])


def _with(n: int, **changes) -> list[dict]:
    """The valid practice pool with item ``n`` (1-based) changed."""
    items = _pool("practice")
    item = items[n - 1]
    for key, value in changes.items():
        if value is None:
            item.pop(key, None)
        else:
            item[key] = value
    return items


def test_the_valid_fixture_has_no_problems(tmp_path):
    assert _problems(tmp_path) == []


def test_headings_are_those_outside_code_with_markup_removed(tmp_path):
    _write(tmp_path, _pool("practice"), _pool("exam"))
    chapter = tmp_path / "chapters" / "ch01_demo"
    (chapter / "formulas.md").write_text("### A formula\n", encoding="utf-8")
    (chapter / "section_page.md").write_text("## On a section page\n", encoding="utf-8")
    headings = qb.chapter_headings(chapter)
    assert "On a section page" in headings
    assert "A formula" not in headings  # the formula sheet's part is not a page
    assert {"Alpha", "Beta code"} <= headings
    assert "Not a heading (a comment in code)" not in headings
    assert "A chapter" not in headings  # the page title is not a section


# item 1 is single, 2 multiple, 3 true_false, 4 term, 5 translation, 6 skill
REJECTIONS = {
    "no answer": (2, {"answer": None}, "ch01-p02: answer is missing"),
    "no explanation": (3, {"explanation": None}, "ch01-p03: explanation is missing"),
    "answer not an option": (1, {"answer": "D"}, "'D' is not among the 3 options"),
    "bad letter": (1, {"answer": "F"}, "'F' is not a letter A-E"),
    "lower-case letter": (7, {"answer": "b"}, "'b' is not a letter A-E"),
    "multiple with one letter": (2, {"answer": ["A"]}, "two or more letters"),
    "multiple answer off the options": (2, {"answer": ["A", "E"]}, "'E' is not among"),
    "lettered option": (
        1,
        {"options": ["A. one", "two", "three"]},
        "starts with a letter",
    ),
    "too few options": (1, {"options": ["one", "two"]}, "3 to 5 choices"),
    "unknown form": (3, {"form": "quiz"}, "ch01-p03: unknown form 'quiz'"),
    "true_false as text": (3, {"answer": "yes"}, "answer must be true or false"),
    "written without points": (4, {"points": None}, "ch01-p04: points must be"),
    "translation without direction": (5, {"direction": None}, "direction must be"),
    "skill answer not a number": (6, {"answer": "twelve"}, "answer must be a number"),
    "skill without decimals": (6, {"decimals": None}, "decimals must be"),
    "section not a heading": (1, {"section": "Gamma"}, "section 'Gamma' is not a"),
    "section inside code": (
        1,
        {"section": "Not a heading (a comment in code)"},
        "is not a ## or ### heading",
    ),
    "exam id in the practice pool": (
        1,
        {"id": "ch01-e99"},
        "id must look like ch01-pNN",
    ),
    "other chapter's id": (1, {"id": "ch02-p01"}, "id must look like ch01-pNN"),
    "bad difficulty": (1, {"difficulty": 5}, "difficulty must be 1, 2 or 3"),
}


@pytest.mark.parametrize("case", REJECTIONS, ids=list(REJECTIONS))
def test_the_validator_names_file_item_and_problem(tmp_path, case):
    n, changes, message = REJECTIONS[case]
    problems = _problems(tmp_path, practice=_with(n, **changes))
    assert problems, case
    path = str(qb.pool_paths(tmp_path, "ch01_demo")["practice"])
    assert any(message in p and p.startswith(path) for p in problems), problems


def test_duplicate_ids_within_and_across_pools_are_rejected(tmp_path):
    practice = _pool("practice")
    practice[1]["id"] = practice[0]["id"]
    problems = _problems(tmp_path, practice=practice)
    assert any("ch01-p01: duplicate id" in p for p in problems), problems
    exam = _pool("exam")
    problems = _problems(tmp_path, exam=[*exam, copy.deepcopy(exam[0])])
    assert any("ch01-e01: duplicate id" in p for p in problems), problems


def test_duplicate_question_text_within_a_pool_is_rejected(tmp_path):
    practice = _pool("practice")
    practice[4]["question"] = "  " + practice[0]["question"].upper() + " "
    problems = _problems(tmp_path, practice=practice)
    assert any("ch01-p05: duplicate question text" in p for p in problems), problems


def test_an_exam_item_repeating_a_practice_question_is_rejected(tmp_path):
    exam = _pool("exam")
    exam[2]["question"] = _pool("practice")[2]["question"]
    problems = _problems(tmp_path, exam=exam)
    exam_path = str(qb.pool_paths(tmp_path, "ch01_demo")["exam"])
    assert any(
        p.startswith(exam_path) and "ch01-e03: duplicate question text" in p
        for p in problems
    ), problems


def test_pool_sizes_are_checked(tmp_path):
    problems = _problems(tmp_path, practice=_pool("practice", 19), exam=_pool("exam"))
    assert any("19 items; the practice pool needs at least 20" in p for p in problems)
    problems = _problems(tmp_path, practice=_pool("practice", 24), exam=_pool("exam"))
    assert any("the exam pool needs at least as many" in p for p in problems)


def test_right_options_always_at_one_place_are_rejected(tmp_path):
    practice = _pool("practice")
    for item in practice:
        if item["form"] == "single":
            item["answer"] = "A"
    problems = _problems(tmp_path, practice=practice)
    assert any("every single-choice answer is 'A'" in p for p in problems), problems


def test_a_pool_with_fewer_than_five_forms_is_rejected(tmp_path):
    practice = [_item("practice", n, FORMS[n % 4]) for n in range(1, 21)]
    problems = _problems(tmp_path, practice=practice)
    assert any("4 forms; a pool needs at least 5" in p for p in problems), problems


def test_a_missing_or_broken_pool_is_reported(tmp_path):
    paths = _write(tmp_path, _pool("practice"), _pool("exam"))
    paths["exam"].unlink()
    assert any(
        "exam pool of ch01_demo is missing" in p
        for p in qb.check_units(tmp_path, ["ch01_demo"])
    )
    paths["exam"].write_text("id: not a list\n", encoding="utf-8")
    assert any(
        "must be a YAML list" in p for p in qb.check_units(tmp_path, ["ch01_demo"])
    )


# ------------------------------------------------------------ parameterised


def funnel_item(**answer) -> dict:
    spec = {
        "function": "crmlab.acquisition.funnel",
        "arguments": {"stages": {"seen": "$seen", "bought": "$bought"}},
        "select": ["cumulative_conversion", "bought"],
        "decimals": 3,
    }
    return {
        **_item("practice", 6, "skill"),
        "question": "Of {seen} people seen, {bought} bought. What share bought?",
        "params": {
            "seen": {"low": 100, "high": 200, "step": 10},
            "bought": {"low": 10, "high": 50, "step": 5},
        },
        "answer": {**spec, **answer},
    }


def test_variants_are_fixed_by_the_id_and_computed_by_crmlab():
    item = funnel_item()
    first, again = qb.variants(item), qb.variants(copy.deepcopy(item))
    assert first == again
    assert len(first) == qb.VARIANTS
    assert len({tuple(sorted(v["values"].items())) for v in first}) == qb.VARIANTS
    for variant in first:
        seen, bought = variant["values"]["seen"], variant["values"]["bought"]
        assert seen in range(100, 201, 10) and bought in range(10, 51, 5)
        assert variant["answer"] == round(bought / seen, 3)
        assert f"Of {seen} people seen, {bought} bought." in variant["question"]
    other = qb.variants({**item, "id": "ch01-p07"})
    assert other != first


BAD_PARAMETERS = {
    "crmlab raises": (
        {"arguments": {"stages": {"seen": "$bought", "bought": "$seen"}}},
        "fails",
    ),
    "not one number": ({"select": None}, "one finite number"),
    "not crmlab": ({"function": "os.getcwd"}, "dotted path into crmlab"),
    "not public": ({"function": "crmlab._validation.as_number"}, "not public"),
    "no such function": ({"function": "crmlab.acquisition.nothing"}, "fails"),
    "unknown param": ({"arguments": {"stages": {"seen": "$other"}}}, "names no param"),
}


@pytest.mark.parametrize("case", BAD_PARAMETERS, ids=list(BAD_PARAMETERS))
def test_a_parameterised_item_whose_answer_fails_is_rejected(tmp_path, case):
    changes, message = BAD_PARAMETERS[case]
    practice = _pool("practice")
    practice[5] = funnel_item(**changes)
    problems = _problems(tmp_path, practice=practice)
    assert any(
        "ch01-p06: parameterised answer fails" in p and message in p for p in problems
    ), problems


def test_a_valid_parameterised_item_passes(tmp_path):
    practice = _pool("practice")
    practice[5] = funnel_item()
    assert _problems(tmp_path, practice=practice) == []


def test_a_placeholder_without_a_param_is_rejected(tmp_path):
    practice = _pool("practice")
    practice[5] = {**funnel_item(), "question": "Of {seen} people, {sold} bought?"}
    problems = _problems(tmp_path, practice=practice)
    assert any("placeholders" in p for p in problems), problems


# ------------------------------------------------------------ the build check


def test_the_build_check_names_a_missing_questions_file(tmp_path):
    unit = crm_units.Unit(1, "demo", "Demo", "演示", "Part", "1", written=True)
    missing = crm_units.missing_parts(unit, tmp_path, questions=True)
    assert "practice questions (chapters/ch01_demo/questions.yml)" in missing
    assert "exam questions (exercises/source/ch01_demo/exam_questions.yml)" in missing
    assert not any(
        "questions" in m
        for m in crm_units.missing_parts(unit, tmp_path, questions=False)
    )


# ------------------------------------------------------------ exam papers


def exam_texts() -> list[str]:
    """Texts that identify an exam item (terms to translate are book words).

    A parameterised item is found by its template or by any of its variants.
    """
    texts = []
    for unit in UNITS:
        for item in qb.load_unit(ROOT, unit)["exam"].items:
            if item["form"] == "translation":
                continue
            texts.append(_normal(item["question"]))
            if qb.is_parameterised(item):
                texts += [_normal(v["question"]) for v in qb.variants(item)]
    return texts


def _normal(text: str) -> str:
    text = html.unescape(text).translate(
        {0x2019: "'", 0x2018: "'", 0x201C: '"', 0x201D: '"'}
    )
    return " ".join(text.split())


@pytest.mark.slow
def test_exam_papers_are_reproducible_balanced_and_keyed(tmp_path):
    exam_paper = _exam_paper()
    out = {}
    for seed in (1, 2, 1):
        folder = tmp_path / f"run{len(out)}"
        # its own process: the browser tests' Playwright may already hold the
        # sync API in this one, and the PDF is printed with Playwright too
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "exam_paper.py"),
                "--chapters",
                "1,2",
                "--seed",
                str(seed),
                "--out",
                str(folder),
                *(["--no-pdf"] if out else []),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        out[len(out)] = folder
    name = "exam-ch01-ch02-seed{}"
    first = json.loads((out[0] / f"{name.format(1)}.json").read_text())
    second = json.loads((out[1] / f"{name.format(2)}.json").read_text())
    again = json.loads((out[2] / f"{name.format(1)}.json").read_text())
    assert first == again
    assert (out[0] / f"{name.format(1)}.html").read_text() == (
        out[2] / f"{name.format(1)}.html"
    ).read_text()
    assert [s["ids"] for s in first["sections"]] != [
        s["ids"] for s in second["sections"]
    ]
    layout = [(s.form, s.count, s.points) for s in exam_paper.LAYOUTS["final"]]
    for paper in (first, second):
        assert [
            (s["form"], len(s["ids"]), s["points"]) for s in paper["sections"]
        ] == layout
        assert sum(len(s["ids"]) * s["points"] for s in paper["sections"]) == 100
    for a, b in zip(first["sections"], second["sections"], strict=True):
        count = lambda ids, ch: sum(i.startswith(ch) for i in ids)  # noqa: E731
        assert [count(a["ids"], c) for c in ("ch01", "ch02")] == [
            count(b["ids"], c) for c in ("ch01", "ch02")
        ]
        assert abs(count(a["ids"], "ch01") - count(a["ids"], "ch02")) <= 1
    items = {i["id"]: i for u in UNITS for i in qb.load_unit(ROOT, u)["exam"].items}
    key = _normal((out[0] / f"{name.format(1)}-key.html").read_text(encoding="utf-8"))
    paper = _normal((out[0] / f"{name.format(1)}.html").read_text(encoding="utf-8"))
    for section in first["sections"]:
        for item_id in section["ids"]:
            item = items[item_id]
            assert _normal(item["question"]) in paper
            answer = item["answer"]
            shown = (
                {True: "正确 True", False: "错误 False"}.get(answer)
                if isinstance(answer, bool)
                else None
            )
            shown = shown or (
                ", ".join(answer) if isinstance(answer, list) else str(answer)
            )
            assert f"Answer 答案: {_normal(shown)}" in key, item_id
            assert _normal(str(answer)) not in paper or item["form"] in (
                "single",
                "true_false",
            )
    from pypdf import PdfReader

    for suffix in ("", "-key"):
        pdf = out[0] / f"{name.format(1)}{suffix}.pdf"
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert "名词解释" in text and "案例分析" in text


def test_a_paper_the_pools_cannot_fill_is_refused():
    exam_paper = _exam_paper()
    section = exam_paper.Section("case", "Case analysis", 5, 15)
    with pytest.raises(exam_paper.PaperError, match="the paper needs 5"):
        exam_paper.quotas(section, {"ch01_a": 2, "ch02_b": 2})
    assert exam_paper.quotas(section, {"ch01_a": 1, "ch02_b": 9}) == {
        "ch01_a": 1,
        "ch02_b": 4,
    }
    assert exam_paper.quotas(section, {"ch01_a": 9, "ch02_b": 9}) == {
        "ch01_a": 3,
        "ch02_b": 2,
    }


# ------------------------------------------------------------ leaks


def test_the_exam_pools_are_never_released_to_students():
    config = runpy.run_path(
        str(ROOT / "exercises" / "nbgrader_config.py"),
        init_globals={"get_config": _config},
    )
    assert "exam_questions.yml" in config["INSTRUCTOR_ONLY"]
    assert "exam_questions.yml" in config["c"].CourseDirectory.ignore


def _config():
    from traitlets.config import Config

    return Config()


def _book_texts(html_dir: Path):
    for path in html_dir.rglob("*"):
        if path.is_file() and path.suffix in {
            ".html",
            ".txt",
            ".md",
            ".ipynb",
            ".js",
            ".json",
            ".yml",
        }:
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".ipynb":
                cells = json.loads(text)["cells"]
                text = "\n".join("".join(c["source"]) for c in cells)
            yield path, _normal(text)


def test_no_exam_item_is_in_the_student_book(built_book):
    texts = exam_texts()
    assert texts
    found = [
        (str(path.relative_to(built_book)), t[:50])
        for path, page in _book_texts(built_book)
        for t in texts
        if t in page
    ]
    assert found == []
    assert not list(built_book.rglob("exam_questions*"))
    # the check can see a question: the practice items are in the book
    practice = qb.load_unit(ROOT, "ch01_customers_crm")["practice"].items
    page = _normal(
        (built_book / "chapters/ch01_customers_crm/customers_crm.html").read_text(
            encoding="utf-8"
        )
    )
    assert _normal(practice[3]["question"]) in page


@pytest.mark.slow
def test_no_exam_item_is_in_the_wheel(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            str(ROOT),
            "-w",
            str(tmp_path),
        ],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("crmlab-*.whl")
    texts = exam_texts()
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert not [n for n in names if "questions" in n]
        for name in names:
            content = _normal(archive.read(name).decode("utf-8", errors="replace"))
            assert not [t for t in texts if t in content], name


# ------------------------------------------------------------ the quiz in a build


def _sphinx_build(src: Path, out: Path) -> None:
    from sphinx.application import Sphinx

    app = Sphinx(
        str(src),
        str(src),
        str(out),
        str(out / ".doctrees"),
        "html",
        status=None,
        warning=None,
        freshenv=True,
    )
    app.build()


def _demo_book(root: Path, practice: list[dict]) -> None:
    root.mkdir(parents=True)
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "quiz"]\nexclude_patterns = ["_build"]\n',
        encoding="utf-8",
    )
    (root / "index.md").write_text(
        "# Demo book\n\n```{toctree}\nchapters/ch01_demo/demo\n```\n", encoding="utf-8"
    )
    _write(root, practice, _pool("exam"))
    page = root / "chapters" / "ch01_demo" / "demo.md"
    page.write_text("# A chapter\n\n## Alpha\n\nText.\n\n### Beta\n\nMore.\n")


def test_the_build_ends_the_chapter_page_with_the_quiz_or_stops(tmp_path):
    from sphinx.errors import SphinxError

    practice = _pool("practice")
    practice[1]["section"] = "Beta"
    _demo_book(tmp_path / "src", practice)
    _sphinx_build(tmp_path / "src", tmp_path / "out")
    page = (tmp_path / "out" / "chapters" / "ch01_demo" / "demo.html").read_text()
    assert page.index('id="beta"') < page.index(
        '<section class="crm-quiz-section" id="self-check">'
    )
    data = re.search(r'class="crm-quiz-data">(.*?)</script>', page).group(1)
    items = json.loads(data)
    assert [i["id"] for i in items] == [i["id"] for i in practice]
    assert items[0]["s"] == ["Alpha", "#alpha"] and items[1]["s"] == ["Beta", "#beta"]
    assert (
        "crm-quiz.js" in page
        and (tmp_path / "out" / "_static" / "crm-quiz.js").is_file()
    )
    assert "crm-quiz" not in (tmp_path / "out" / "index.html").read_text()
    practice[2]["section"] = "Gamma"
    _demo_book(tmp_path / "bad", practice)
    with pytest.raises(SphinxError, match="ch01-p03: section 'Gamma' is not a"):
        _sphinx_build(tmp_path / "bad", tmp_path / "bad-out")


# ------------------------------------------------------------ every pair's papers


def _pair_papers(exam_paper, pools: dict, pair: tuple[str, str], seed: int) -> dict:
    """Both layouts of the paper on ``pair`` (in that order), drawn as the script does."""
    chosen = {unit: pools[unit] for unit in pair}
    return {
        layout: [(s, exam_paper.draw(s, chosen, seed)) for s in sections]
        for layout, sections in exam_paper.LAYOUTS.items()
    }


def test_every_pair_of_chapters_fills_both_layouts_evenly_and_seeds_differ():
    """Any two chapters of the book (in either order) fill the "final" and "abc"
    papers, each section split evenly over the two, and seeds 1 and 2 give different
    papers. Two chapters is the smallest paper the pools are sized for (a chapter
    alone would need 15 single-choice and 10 true/false items of its own)."""
    exam_paper = _exam_paper()
    pools = exam_paper.exam_pools([int(unit[2:4]) for unit in UNITS])
    failures = []
    for first in UNITS:
        for second in UNITS:
            if first == second:
                continue
            try:
                papers = [
                    _pair_papers(exam_paper, pools, (first, second), seed)
                    for seed in (1, 2)
                ]
            except exam_paper.PaperError as error:
                failures.append(f"{first[:4]}+{second[:4]}: {error}")
                continue
            for layout, sections in papers[0].items():
                for section, items in sections:
                    shares = [
                        sum(i["id"].startswith(u[:4]) for i in items)
                        for u in (first, second)
                    ]
                    assert sum(shares) == section.count
                    if abs(shares[0] - shares[1]) > 1:
                        failures.append(
                            f"{first[:4]}+{second[:4]} {layout} {section.form}: "
                            f"uneven split {shares}"
                        )
                ids = [
                    [[i["id"] for i in items] for _, items in paper[layout]]
                    for paper in papers
                ]
                if ids[0] == ids[1]:
                    failures.append(
                        f"{first[:4]}+{second[:4]} {layout}: seeds 1 and 2 agree"
                    )
    assert failures == []
