"""The question bank: load and check a chapter unit's practice and exam pools.

Each written chapter unit ``chNN_<slug>`` has two lists of items (YAML)::

    chapters/chNN_<slug>/questions.yml                   practice pool (the book's quiz)
    exercises/source/chNN_<slug>/exam_questions.yml      exam pool (instructors only)

The item format is described in CONTRIBUTING.md ("The chapter's questions").
This module is plain Python (PyYAML and, for parameterised items, crmlab): the
Sphinx extension ``quiz.py``, ``scripts/exam_paper.py`` and the tests import
it. :func:`check_units` returns every problem as a message naming the file,
the item and what is wrong; an empty list means the bank is valid.

A parameterised skill item has ``{name}`` placeholders, a grid for each name
in ``params`` and an answer computed by a public crmlab function;
:func:`variants` draws its numbers from a seed fixed by the item's id and
computes each answer, so the page needs no kernel.
"""

from __future__ import annotations

import hashlib
import importlib
import math
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = [
    "FORMS",
    "Pool",
    "BankError",
    "chapter_headings",
    "check_pool",
    "check_units",
    "is_parameterised",
    "load_pool",
    "pool_paths",
    "variants",
]

#: the nine forms of the course's exam papers: key -> 中文 name
FORMS = {
    "translation": "英汉互译",
    "single": "单选",
    "multiple": "多选",
    "true_false": "判断",
    "term": "名词解释",
    "short": "简答",
    "essay": "论述",
    "case": "案例分析",
    "skill": "技能实训",
}
CHOICE = {"single", "multiple"}
#: forms whose answer is a model text with points a grader ticks
WRITTEN = {"term", "short", "essay", "case"}
LETTERS = "ABCDE"
MIN_PRACTICE = 20
MIN_FORMS = 5
#: precomputed variants of a parameterised item
VARIANTS = 8
PRACTICE_FILE = "questions.yml"
EXAM_FILE = "exam_questions.yml"
#: Markdown files of a chapter folder that are not pages (the formula sheet's part)
PARTS = {"formulas.md"}
_ID = re.compile(r"^ch(\d\d)-([pe])(\d+)$")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_LETTERED = re.compile(r"^\s*[A-Ea-e]\s*[.)、:：]")
_HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^(`{3,}|~{3,})")


class BankError(ValueError):
    """A pool that cannot be read at all (not YAML, not a list of items)."""


@dataclass(frozen=True)
class Pool:
    """One pool of one unit: ``kind`` is ``practice`` or ``exam``."""

    unit: str
    kind: str
    path: Path
    items: tuple

    @property
    def number(self) -> int:
        return int(self.unit[2:4])


def pool_paths(root: Path, unit: str) -> dict[str, Path]:
    """``{"practice": path, "exam": path}`` of the unit ``chNN_<slug>``."""
    return {
        "practice": root / "chapters" / unit / PRACTICE_FILE,
        "exam": root / "exercises" / "source" / unit / EXAM_FILE,
    }


def load_pool(path: Path, unit: str, kind: str) -> Pool:
    """Read one pool file; raise :class:`BankError` if it is not a list of items."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise BankError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
        raise BankError(f"{path}: must be a YAML list of items (mappings)")
    return Pool(unit, kind, Path(path), tuple(data))


def _strip_markup(text: str) -> str:
    return re.sub(r"[`*_]", "", text).strip()


def chapter_headings(chapter_dir: Path) -> set[str]:
    """The ``##`` and ``###`` headings of every page of a chapter folder.

    Lines inside fenced blocks (code cells, directives) are not headings.
    Both the heading as written and without ``` ` * _ ``` markup are returned.
    """
    found = set()
    pages = [p for p in sorted(Path(chapter_dir).glob("*.md")) if p.name not in PARTS]
    for page in pages:
        fence = None
        for line in page.read_text(encoding="utf-8").splitlines():
            match = _FENCE.match(line)
            if match and fence is None:
                fence = match.group(1)
            elif fence is not None and line.strip() == fence:
                fence = None
            elif fence is None and (heading := _HEADING.match(line)):
                found |= {heading.group(2), _strip_markup(heading.group(2))}
    return found


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_parameterised(item: dict) -> bool:
    """A skill item whose answer is computed by a crmlab function."""
    return item.get("form") == "skill" and isinstance(item.get("answer"), dict)


def _choice_problems(item: dict) -> list[str]:
    options = item.get("options")
    if not isinstance(options, list) or not 3 <= len(options) <= 5:
        return ["options must be a list of 3 to 5 choices"]
    problems = [
        f"option {n} must be text or a number"
        for n, o in enumerate(options, 1)
        if not (_text(o) or _number(o))
    ]
    problems += [
        f"option {o!r} starts with a letter; the letters are added when shown"
        for o in options
        if _text(o) and _LETTERED.match(o)
    ]
    if len({str(o).strip() for o in options}) < len(options):
        problems.append("two options are the same")
    valid = LETTERS[: len(options)]
    answer = item.get("answer")
    letters = answer if item["form"] == "multiple" else [answer]
    if item["form"] == "multiple" and (
        not isinstance(answer, list)
        or len(answer) < 2
        or len(set(answer)) < len(answer)
    ):
        return [
            *problems,
            f"answer must be a list of two or more letters; got {answer!r}",
        ]
    for letter in letters:
        if not isinstance(letter, str) or len(letter) != 1 or letter not in LETTERS:
            problems.append(f"answer {letter!r} is not a letter A-E")
        elif letter not in valid:
            problems.append(
                f"answer {letter!r} is not among the {len(options)} options ({valid})"
            )
    return problems


def _written_problems(item: dict) -> list[str]:
    problems = (
        [] if _text(item.get("answer")) else ["answer must be a model answer (text)"]
    )
    points = item.get("points")
    if not isinstance(points, list) or not 2 <= len(points) <= 6:
        problems.append("points must be a list of 2 to 6 points a grader ticks")
    elif not all(_text(p) for p in points):
        problems.append("every point must be text")
    return problems


def _translation_problems(item: dict) -> list[str]:
    problems = [] if _text(item.get("answer")) else ["answer must be the translation"]
    if item.get("direction") not in ("en-zh", "zh-en"):
        problems.append(
            f"direction must be en-zh or zh-en; got {item.get('direction')!r}"
        )
    accept = item.get("accept", [])
    if not isinstance(accept, list) or not all(_text(a) for a in accept):
        problems.append("accept must be a list of other accepted spellings")
    return problems


def _decimals_problem(decimals) -> list[str]:
    if isinstance(decimals, int) and not isinstance(decimals, bool) and decimals >= 0:
        return []
    return [f"decimals must be a whole number >= 0; got {decimals!r}"]


def _skill_problems(item: dict) -> list[str]:
    if not is_parameterised(item):
        if not _number(item.get("answer")):
            return [f"answer must be a number; got {item.get('answer')!r}"]
        return _decimals_problem(item.get("decimals"))
    try:
        found = variants(item)
    except (ValueError, TypeError, ImportError, AttributeError, KeyError) as error:
        return [f"parameterised answer fails: {error}"]
    if not found:
        return ["parameterised item has no variant"]
    return []


def _form_problems(item: dict) -> list[str]:
    form = item["form"]
    if form in CHOICE:
        return _choice_problems(item)
    if form == "true_false":
        answer = item.get("answer")
        return (
            []
            if isinstance(answer, bool)
            else [f"answer must be true or false; got {answer!r}"]
        )
    if form in WRITTEN:
        return _written_problems(item)
    if form == "translation":
        return _translation_problems(item)
    return _skill_problems(item)


def item_problems(item: dict, pool: Pool, headings: set[str]) -> list[str]:
    """What is wrong with one item of ``pool`` (an empty list if nothing)."""
    problems = []
    match = _ID.match(str(item.get("id", "")))
    want = f"ch{pool.number:02d}-{pool.kind[0]}NN"
    if (
        not match
        or int(match.group(1)) != pool.number
        or match.group(2) != pool.kind[0]
    ):
        problems.append(f"id must look like {want}")
    if item.get("form") not in FORMS:
        problems.append(f"unknown form {item.get('form')!r}; one of {', '.join(FORMS)}")
    for field in ("topic", "question", "explanation"):
        if not _text(item.get(field)):
            problems.append(f"{field} is missing or empty")
    if item.get("answer") is None or item.get("answer") == "":
        problems.append("answer is missing")
    if item.get("difficulty") not in (1, 2, 3):
        problems.append(f"difficulty must be 1, 2 or 3; got {item.get('difficulty')!r}")
    if item.get("section") not in headings:
        problems.append(
            f"section {item.get('section')!r} is not a ## or ### heading of the "
            "chapter's pages"
        )
    if item.get("form") in FORMS and item.get("answer") is not None:
        problems += _form_problems(item)
    return problems


def _normal(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def check_pool(pool: Pool, headings: set[str]) -> list[str]:
    """Every problem of the items of one pool, and of its size."""
    problems = []
    for position, item in enumerate(pool.items, 1):
        name = item.get("id") or f"item {position}"
        problems += [
            f"{pool.path}: {name}: {p}" for p in item_problems(item, pool, headings)
        ]
    forms = {item.get("form") for item in pool.items}
    if len(forms & set(FORMS)) < MIN_FORMS:
        problems.append(
            f"{pool.path}: {len(forms & set(FORMS))} forms; a pool needs at least "
            f"{MIN_FORMS} different forms"
        )
    return problems + _answer_position_problems(pool)


def _answer_position_problems(pool: Pool) -> list[str]:
    """Authors tend to put the right option first: four or more single-choice
    items whose answers all share one letter are a pattern a guesser learns."""
    letters = [i.get("answer") for i in pool.items if i.get("form") == "single"]
    if len(letters) >= 4 and len(set(letters)) == 1:
        return [
            f"{pool.path}: every single-choice answer is {letters[0]!r}; "
            "put the right option at different places"
        ]
    return []


def _duplicates(pools: list[Pool]) -> list[str]:
    """Ids repeated anywhere; question texts repeated within a unit's pools."""
    problems, ids, texts = [], {}, {}
    for pool in pools:
        for item in pool.items:
            key = item.get("id")
            if key in ids:
                problems.append(
                    f"{pool.path}: {key}: duplicate id (also in {ids[key]})"
                )
            ids.setdefault(key, pool.path)
            text = (pool.unit, _normal(item.get("question", "")))
            if text in texts:
                problems.append(
                    f"{pool.path}: {key}: duplicate question text (also {texts[text]})"
                )
            texts.setdefault(text, f"{key} in {pool.path}")
    return problems


def _size_problems(practice: Pool, exam: Pool) -> list[str]:
    problems = []
    if len(practice.items) < MIN_PRACTICE:
        problems.append(
            f"{practice.path}: {len(practice.items)} items; the practice pool needs "
            f"at least {MIN_PRACTICE}"
        )
    if len(exam.items) < max(len(practice.items), MIN_PRACTICE):
        problems.append(
            f"{exam.path}: {len(exam.items)} items; the exam pool needs at least as "
            f"many as the practice pool ({len(practice.items)})"
        )
    return problems


def load_unit(root: Path, unit: str) -> dict[str, Pool]:
    """Both pools of a unit, keyed by kind; a missing file is a BankError."""
    pools = {}
    for kind, path in pool_paths(root, unit).items():
        if not path.is_file():
            raise BankError(f"{path}: the {kind} pool of {unit} is missing")
        pools[kind] = load_pool(path, unit, kind)
    return pools


def check_units(root: Path, units: list[str]) -> list[str]:
    """Every problem of the pools of ``units`` (names ``chNN_<slug>``)."""
    problems, pools = [], []
    for unit in units:
        try:
            found = load_unit(root, unit)
        except BankError as error:
            problems.append(str(error))
            continue
        headings = chapter_headings(root / "chapters" / unit)
        for pool in found.values():
            problems += check_pool(pool, headings)
        problems += _size_problems(found["practice"], found["exam"])
        pools += found.values()
    return problems + _duplicates(pools)


# ---------------------------------------------------------------- variants


def _seed(item_id: str) -> int:
    return int(hashlib.sha256(str(item_id).encode("utf-8")).hexdigest()[:12], 16)


def _grid(name: str, spec) -> list[float]:
    if not isinstance(spec, dict) or not all(
        _number(spec.get(k)) for k in ("low", "high", "step")
    ):
        raise ValueError(
            f"param {name!r} must be {{low, high, step}} numbers; got {spec!r}"
        )
    low, high, step = spec["low"], spec["high"], spec["step"]
    if step <= 0 or high < low:
        raise ValueError(f"param {name!r} needs step > 0 and low <= high; got {spec!r}")
    count = int(math.floor((high - low) / step + 1e-9)) + 1
    return [_tidy(low + k * step) for k in range(count)]


def _tidy(value: float):
    value = round(float(value), 10)
    return int(value) if value.is_integer() else value


def _function(path):
    if not isinstance(path, str) or not path.startswith("crmlab."):
        raise ValueError(f"function must be a dotted path into crmlab; got {path!r}")
    module_name, _, name = path.rpartition(".")
    if any(part.startswith("_") for part in path.split(".")):
        raise ValueError(f"function {path!r} is not public")
    function = getattr(importlib.import_module(module_name), name)
    if name not in getattr(importlib.import_module(module_name), "__all__", [name]):
        raise ValueError(f"function {path!r} is not in its module's __all__")
    return function


def _fill(value, values: dict):
    if isinstance(value, str) and value.startswith("$"):
        if value[1:] not in values:
            raise KeyError(f"argument {value!r} names no param")
        return values[value[1:]]
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    return value


def _select(result, select):
    for key in (
        [] if select is None else select if isinstance(select, list) else [select]
    ):
        result = result[key]
    if hasattr(result, "item") and getattr(result, "size", 1) == 1:
        result = result.item()
    if not _number(result) or not math.isfinite(result):
        raise ValueError(f"the answer must be one finite number; got {result!r}")
    return float(result)


def _show(value) -> str:
    return (
        f"{value:,}" if isinstance(value, int) and abs(value) >= 10_000 else str(value)
    )


def _substitute(text: str, values: dict) -> str:
    return _PLACEHOLDER.sub(
        lambda m: _show(values[m.group(1)]) if m.group(1) in values else m.group(0),
        text,
    )


def variants(item: dict, count: int = VARIANTS) -> list[dict]:
    """Up to ``count`` distinct variants of a parameterised item, from a fixed seed.

    Each is ``{"values", "question", "explanation", "answer"}``: the numbers,
    the texts with the numbers filled in, and crmlab's answer rounded to the
    item's ``decimals``. Raises ValueError/TypeError/KeyError/ImportError when
    the item's answer cannot be computed.
    """
    spec = item["answer"]
    params = item.get("params")
    if not isinstance(params, dict) or not params:
        raise ValueError("a parameterised item needs params")
    grids = {name: _grid(name, grid) for name, grid in params.items()}
    named = set(_PLACEHOLDER.findall(str(item.get("question", ""))))
    if named != set(grids):
        raise ValueError(
            f"the question's placeholders {sorted(named)} must be the params {sorted(grids)}"
        )
    function = _function(spec.get("function"))
    arguments = spec.get("arguments") or {}
    if not isinstance(arguments, dict):
        raise ValueError("arguments must be a mapping of name to value or $param")
    decimals = spec.get("decimals", 2)
    if _decimals_problem(decimals):
        raise ValueError(_decimals_problem(decimals)[0])
    rng = random.Random(_seed(item.get("id")))
    seen, found = set(), []
    for _ in range(count * 20):
        values = {name: rng.choice(grid) for name, grid in grids.items()}
        key = tuple(sorted(values.items()))
        if key in seen:
            continue
        seen.add(key)
        result = _select(function(**_fill(arguments, values)), spec.get("select"))
        found.append(
            {
                "values": values,
                "question": _substitute(item["question"], values),
                "explanation": _substitute(item.get("explanation", ""), values),
                "answer": round(result, decimals),
            }
        )
        if len(found) == count:
            break
    return found


def forms_count(items) -> Counter:
    """How many items of each form."""
    return Counter(item.get("form") for item in items)
