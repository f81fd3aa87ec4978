"""Code-cell length and prose-to-code ratio of the chapters, before and after a change.

Usage (from the repository root)::

    python bench/chapter_stats.py                 # the working tree
    python bench/chapter_stats.py --before REV    # compare REV with the working tree

A chapter is read as jupytext MyST Markdown. A code cell is a ```{code-cell} block;
its length counts non-blank lines, leaving out the cell's options (the YAML header
between --- lines and ``:key: value`` lines). Prose lines are the non-blank lines
outside the file's front matter, code cells, display math ($$ ... $$) and list tables,
leaving out fence lines and directive options. Glued numbers count the
``{glue:text}`` roles. Exercises count the ``{exercise}`` directives. Because the
``glue(...)`` calls make cells longer without showing any computation, the median is
also given without them ("no glue": lines containing ``glue(`` left out, cells left
empty dropped).
"""

import argparse
import re
import statistics
import subprocess
from pathlib import Path

CHAPTERS = sorted(Path("chapters").glob("ch*/*.md"))
COLUMNS = (
    "cells",
    "median lines",
    "median (no glue)",
    "prose/code",
    "prose/code (no glue)",
    "glued",
    "exercises",
)
FENCE = re.compile(r"^(`{3,}|:{3,})\s*(\{([\w:-]+)\})?")


def _strip_front_matter(lines):
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1) if "---" in lines[1:] else 0
        return lines[end + 1 :]
    return lines


def _cell_body(body):
    """The lines of a code cell without its options."""
    if body and body[0].strip() == "---":
        end = next(
            (i for i, line in enumerate(body[1:], 1) if line.strip() == "---"), 0
        )
        body = body[end + 1 :]
    body = [line for line in body if not re.match(r"^:[\w-]+:", line)]
    return [line for line in body if line.strip()]


def stats(text):
    """Median code-cell length, code lines, prose lines, glue roles and exercises."""
    lines = _strip_front_matter([line.rstrip("\n") for line in text.splitlines()])
    cells, bare, prose = [], [], 0
    i = 0
    while i < len(lines):
        line = lines[i]
        match = FENCE.match(line)
        if match and match.group(3) in ("code-cell", "list-table"):
            fence = match.group(1)
            j = i + 1
            while j < len(lines) and lines[j].strip() != fence:
                j += 1
            if match.group(3) == "code-cell":
                body = _cell_body(lines[i + 1 : j])
                cells.append(len(body))
                without = [line for line in body if "glue(" not in line]
                if without:
                    bare.append(len(without))
            i = j + 1
            continue
        if line.strip().startswith("$$"):
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith("$$"):
                j += 1
            i = j + 1
            continue
        stripped = line.strip()
        if (
            stripped
            and not FENCE.match(stripped)
            and not re.match(r"^:[\w-]+:", stripped)
        ):
            prose += 1
        i += 1
    code = sum(cells)
    return {
        "cells": len(cells),
        "median": statistics.median(cells) if cells else 0,
        "median_bare": statistics.median(bare) if bare else 0,
        "code": code,
        "prose": prose,
        "ratio": prose / code if code else float("inf"),
        "ratio_bare": prose / sum(bare) if bare else float("inf"),
        "glued": text.count("{glue:text}"),
        "exercises": len(re.findall(r"^```\{exercise\}", text, flags=re.M)),
    }


def _read(path, rev):
    if rev is None:
        return path.read_text(encoding="utf-8")
    return subprocess.run(
        ["git", "show", f"{rev}:{path.as_posix()}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--before", help="a git revision to compare with the working tree"
    )
    args = parser.parse_args()
    revs = (
        [("before", args.before), ("after", None)] if args.before else [("now", None)]
    )
    header = "| Chapter | " + " | ".join(
        f"{name} {col}" for name, _ in revs for col in COLUMNS
    )
    print(header + " |")
    print("|---" * (1 + len(COLUMNS) * len(revs)) + "|")
    for path in CHAPTERS:
        if path.name == "formulas.md":
            continue
        row = [path.parent.name]
        for _, rev in revs:
            s = stats(_read(path, rev))
            row += [
                str(s["cells"]),
                f"{s['median']:g}",
                f"{s['median_bare']:g}",
                f"{s['ratio']:.1f}",
                f"{s['ratio_bare']:.1f}",
                str(s["glued"]),
                str(s["exercises"]),
            ]
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
