"""Write the instructor edition's table of contents and configuration.

The instructor edition is the student book plus the instructor guide (rubrics
with model answers, the schedule). It is built from the same sources into
``_build/instructor`` and reuses the student build's execution cache, so no
chapter runs twice::

    python scripts/instructor_edition.py _build/instructor
    jupyter-book build . --toc _build/instructor/_toc.yml \
        --config _build/instructor/_config.yml --path-output _build/instructor
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
INSTRUCTOR_PART = {
    "caption": "For instructors",
    "chapters": [{"file": "book/instructor_guide"}],
}


def write_edition(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    toc["parts"].append(INSTRUCTOR_PART)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] += " (instructor edition)"
    config["execute"]["cache"] = str(ROOT / "_build" / ".jupyter_cache")
    extensions = config["sphinx"][
        "local_extensions"
    ]  # paths are relative to the config
    config["sphinx"]["local_extensions"] = {
        k: str(ROOT / v) for k, v in extensions.items()
    }
    for name, data in (("_toc.yml", toc), ("_config.yml", config)):
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write_edition(Path(sys.argv[1]))
