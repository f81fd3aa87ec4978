"""Assemble an exam paper and its answer key from the chapters' EXAM pools.

Usage (``make exam CHAPTERS=3,7 SEED=1``)::

    python scripts/exam_paper.py --chapters 3,7 --seed 1 [--layout final] [--no-pdf]

The paper follows one of the course's own papers (course document 003):
``final`` is 名词解释 5×6, 单选 15×1, 判断 10×1, 简答 3×5, 案例分析 2×15 (100 points);
``abc`` is papers A-C: 名词解释 5×3, 简答 5×6, 论述 2×15, 技能实训 1×25 (100 points).
Each section's items are split as evenly as possible over the chapters (the
same split for every seed, so two seeds give papers of equal coverage), drawn
from each chapter's exam pool with a generator seeded by the seed, the form
and the chapter, and shuffled. The same seed gives the same paper.

Written to ``_build/exam/``: ``exam-<chapters>-seed<N>.html`` and ``.pdf`` (the
paper), ``...-key.html`` and ``-key.pdf`` (the answer key), and ``.json`` (the
item ids per section). The PDFs are printed by the same headless Chromium as
``make pdf`` (``scripts/print_pdf.py``), with the CJK font of ``make
system-deps``. The exam pools are instructors' files: never publish the output.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import question_bank  # noqa: E402

OUTPUT = ROOT / "_build" / "exam"
CHINESE_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    form: str
    english: str
    count: int
    points: int

    @property
    def chinese(self) -> str:
        return question_bank.FORMS[self.form]


#: the course's papers (course document 003)
LAYOUTS = {
    "final": (
        Section("term", "Define", 5, 6),
        Section("single", "Single choice", 15, 1),
        Section("true_false", "True or false", 10, 1),
        Section("short", "Short answer", 3, 5),
        Section("case", "Case analysis", 2, 15),
    ),
    "abc": (
        Section("term", "Define", 5, 3),
        Section("short", "Short answer", 5, 6),
        Section("essay", "Essay", 2, 15),
        Section("skill", "Skills practice", 1, 25),
    ),
}


class PaperError(ValueError):
    """The chosen chapters' exam pools cannot fill the paper."""


def unit_of(number: int) -> str:
    """The unit name ``chNN_<slug>`` of a chapter number with an exam pool."""
    found = sorted(
        (ROOT / "exercises" / "source").glob(f"ch{number:02d}_*/exam_questions.yml")
    )
    if not found:
        raise PaperError(
            f"chapter {number} has no exam pool (exercises/source/ch{number:02d}_*/exam_questions.yml)"
        )
    return found[0].parent.name


def exam_pools(numbers: list[int]) -> dict[str, list[dict]]:
    """Each chapter's exam items, after checking the pool."""
    pools = {}
    for number in numbers:
        unit = unit_of(number)
        path = question_bank.pool_paths(ROOT, unit)["exam"]
        pool = question_bank.load_pool(path, unit, "exam")
        headings = question_bank.chapter_headings(ROOT / "chapters" / unit)
        problems = [
            p for p in question_bank.check_pool(pool, headings) if "forms;" not in p
        ]
        if problems:
            raise PaperError("; ".join(problems))
        pools[unit] = list(pool.items)
    return pools


def quotas(section: Section, available: dict[str, int]) -> dict[str, int]:
    """How many items of ``section`` each chapter gives: as even as possible.

    The split does not depend on the seed. A chapter with too few items gives
    what it has and the others make up the rest.
    """
    units = list(available)
    quota = dict.fromkeys(units, 0)
    for _ in range(section.count):
        open_units = [u for u in units if quota[u] < available[u]]
        if not open_units:
            held = ", ".join(f"{u[:4]} {n}" for u, n in available.items())
            each = -(-section.count // len(units))
            raise PaperError(
                f"{section.chinese} ({section.form}): the chapters' exam pools hold "
                f"{sum(available.values())} items ({held}); the paper needs "
                f"{section.count}: add {section.form} items to the exam pools (about "
                f"{each} a chapter for these {len(units)}) or choose more chapters"
            )
        quota[min(open_units, key=lambda u: (quota[u], units.index(u)))] += 1
    return quota


def draw(section: Section, pools: dict[str, list[dict]], seed: int) -> list[dict]:
    """The section's items: each chapter's quota sampled, then shuffled."""
    by_unit = {
        u: [i for i in items if i["form"] == section.form] for u, items in pools.items()
    }
    chosen = []
    for unit, quota in quotas(section, {u: len(i) for u, i in by_unit.items()}).items():
        chosen += random.Random(f"{seed}:{section.form}:{unit}").sample(
            by_unit[unit], quota
        )
    random.Random(f"{seed}:{section.form}").shuffle(chosen)
    return [_fixed(item, seed) for item in chosen]


def _fixed(item: dict, seed: int) -> dict:
    """A parameterised item with one variant's numbers filled in (by the seed)."""
    if not question_bank.is_parameterised(item):
        return item
    variant = random.Random(f"{seed}:{item['id']}").choice(question_bank.variants(item))
    return {
        **item,
        "question": variant["question"],
        "explanation": variant["explanation"],
        "answer": variant["answer"],
    }


def assemble(numbers: list[int], seed: int, layout: str = "final") -> dict:
    """The paper: ``{"chapters", "seed", "layout", "sections": [(Section, items)]}``."""
    pools = exam_pools(numbers)
    sections = [(s, draw(s, pools, seed)) for s in LAYOUTS[layout]]
    return {"chapters": numbers, "seed": seed, "layout": layout, "sections": sections}


# ------------------------------------------------------------------ HTML

STYLE = """
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; font-size: 11pt;
       line-height: 1.5; margin: 0; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 0.3em; }
.meta { text-align: center; color: #333; margin-bottom: 1em; }
h2 { font-size: 12.5pt; margin: 1.2em 0 0.4em; border-bottom: 1px solid #999; }
ol { padding-left: 1.6em; } li { margin-bottom: 0.7em; break-inside: avoid; }
.options { list-style: none; padding-left: 0.5em; margin: 0.2em 0; }
.options li { margin: 0; } .space { height: 5em; } .space.long { height: 16em; }
.answer { font-weight: bold; } .why { color: #333; } .points { margin: 0.2em 0; }
"""


def _e(text) -> str:
    return html.escape(" ".join(str(text).split()))


def _question(item: dict, key: bool) -> str:
    blank = (
        " (　　)"
        if not key and item["form"] in ("single", "multiple", "true_false")
        else ""
    )
    parts = [f"<p>{_e(item['question'])}{blank}</p>"]
    if item["form"] in question_bank.CHOICE:
        options = "".join(
            f"<li>{letter}. {_e(o)}</li>"
            for letter, o in zip(question_bank.LETTERS, item["options"], strict=False)
        )
        parts.append(f'<ul class="options">{options}</ul>')
    if not key:
        if item["form"] in question_bank.WRITTEN or item["form"] == "skill":
            long = " long" if item["form"] in ("case", "essay") else ""
            parts.append(f'<div class="space{long}"></div>')
        return "".join(parts)
    return "".join(parts) + _answer(item)


def _answer(item: dict) -> str:
    answer = item["answer"]
    if item["form"] == "true_false":
        shown = "正确 True" if answer else "错误 False"
    elif item["form"] == "multiple":
        shown = ", ".join(answer)
    else:
        shown = str(answer)
    parts = [f'<p class="answer">Answer 答案: {_e(shown)}</p>']
    if item.get("points"):
        points = "".join(f"<li>{_e(p)}</li>" for p in item["points"])
        parts.append(f'<p>Points 评分要点:</p><ul class="points">{points}</ul>')
    parts.append(f'<p class="why">{_e(item["explanation"])} ({_e(item["id"])})</p>')
    return "".join(parts)


def render(paper: dict, key: bool) -> str:
    """The paper (or its key) as one HTML page."""
    total = sum(s.count * s.points for s, _ in paper["sections"])
    chapters = ", ".join(str(n) for n in paper["chapters"])
    title = "客户关系管理 试卷" + (" 参考答案 (answer key)" if key else "")
    body = [
        f"<h1>{title}</h1>",
        f'<p class="meta">Customer Relationship Management — chapters {chapters}; '
        f"seed {paper['seed']}; layout {paper['layout']}; {total} 分 (points)</p>",
    ]
    for number, (section, items) in enumerate(paper["sections"]):
        subtotal = section.count * section.points
        body.append(
            f"<h2>{CHINESE_NUMBERS[number]}、{section.chinese} ({section.english}) "
            f"(每小题{section.points}分,共{subtotal}分)</h2>"
        )
        body.append(
            "<ol>" + "".join(f"<li>{_question(i, key)}</li>" for i in items) + "</ol>"
        )
    return (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{STYLE}</style></head><body>"
        + "".join(body)
        + "</body></html>"
    )


def stem(paper: dict) -> str:
    chapters = "-".join(f"ch{n:02d}" for n in paper["chapters"])
    suffix = "" if paper["layout"] == "final" else f"-{paper['layout']}"
    return f"exam-{chapters}-seed{paper['seed']}{suffix}"


def write(paper: dict, folder: Path, pdf: bool = True) -> dict[str, Path]:
    """Write the paper, the key (HTML and, with ``pdf``, PDF) and the item list."""
    folder.mkdir(parents=True, exist_ok=True)
    name = stem(paper)
    written = {}
    for label, key in (("paper", False), ("key", True)):
        page = folder / f"{name}{'-key' if key else ''}.html"
        page.write_text(render(paper, key), encoding="utf-8")
        written[f"{label}_html"] = page
    manifest = {
        "chapters": paper["chapters"],
        "seed": paper["seed"],
        "layout": paper["layout"],
        "sections": [
            {
                "form": s.form,
                "count": s.count,
                "points": s.points,
                "ids": [i["id"] for i in items],
            }
            for s, items in paper["sections"]
        ],
    }
    written["json"] = folder / f"{name}.json"
    written["json"].write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if pdf:
        for label in ("paper", "key"):
            page = written[f"{label}_html"]
            written[f"{label}_pdf"] = print_page(page, page.with_suffix(".pdf"))
    return written


def _browser_tools():
    spec = importlib.util.spec_from_file_location(
        "print_pdf", ROOT / "scripts" / "print_pdf.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def print_page(page: Path, output: Path) -> Path:
    """Print one local HTML page to PDF with headless Chromium (no other host)."""
    from playwright.sync_api import sync_playwright

    tools = _browser_tools()
    blocked: list[str] = []
    with tools.serve(page.parent) as base, sync_playwright() as playwright:
        with tools.chromium(playwright) as browser:
            tab = browser.new_page()
            tools.block_other_hosts(tab, blocked)
            tab.goto(base + page.name, wait_until="networkidle")
            tab.evaluate("document.fonts.ready")
            tab.pdf(
                path=str(output),
                format="A4",
                margin={
                    "top": "18mm",
                    "bottom": "18mm",
                    "left": "16mm",
                    "right": "16mm",
                },
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=tools.FOOTER,
            )
    if blocked:
        raise RuntimeError(f"the paper asked other hosts for files: {blocked}")
    return output


def parse_chapters(text: str) -> list[int]:
    try:
        numbers = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"chapters must be numbers like 3,7; got {text!r}"
        ) from error
    if not numbers or len(set(numbers)) < len(numbers):
        raise argparse.ArgumentTypeError(
            f"chapters must be distinct numbers like 3,7; got {text!r}"
        )
    return numbers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--chapters", type=parse_chapters, required=True, help="e.g. 3,7"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--layout", choices=sorted(LAYOUTS), default="final")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--no-pdf", action="store_true", help="write the HTML only")
    args = parser.parse_args(argv)
    try:
        paper = assemble(args.chapters, args.seed, args.layout)
    except (PaperError, question_bank.BankError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for label, path in write(paper, args.out, pdf=not args.no_pdf).items():
        print(f"{label}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
