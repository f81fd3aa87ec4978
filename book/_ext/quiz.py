"""A self-check quiz at the end of every chapter page, from the chapter's practice pool.

A chapter page ``chapters/chNN_<slug>/<slug>`` whose folder holds
``questions.yml`` (see ``question_bank.py`` beside this file) ends with a
section "Self-check". The extension adds it; the chapter's ``.md`` file is not
edited:

* when the page is read, an empty "Self-check" section is appended to the end
  of its doctree (so the page's table of contents lists it);
* when the page is resolved, the practice pool is checked (a problem stops the
  build), each item's ``section`` is resolved to the anchor of that heading on
  the chapter's pages (a heading that is not found stops the build), the
  variants of parameterised items are computed with crmlab, and the items are
  written into the page as compact JSON inside the section;
* ``quiz.js`` (``_static/crm-quiz.js``, no library) draws the quiz from that
  JSON and checks answers in the browser, offline, with no kernel; it keeps the
  reader's results in ``localStorage`` only; it loads only on pages with a quiz.
  ``quiz.css`` (1 kB) styles the quiz and hides it in print; it is written into
  the quiz's section, which saves the page a request.

The exam pool (``exercises/source/.../exam_questions.yml``) is never read here.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

sys.path.insert(0, str(Path(__file__).parent))
import question_bank  # noqa: E402

logger = logging.getLogger(__name__)

QUIZ_JS = Path(__file__).with_name("quiz.js")
QUIZ_CSS = Path(__file__).with_name("quiz.css")
STATIC_JS = "crm-quiz.js"
QUIZ_MARK = 'class="crm-quiz"'
SECTION_ID = "self-check"
_CHAPTER = re.compile(r"^chapters/(ch\d\d_([a-z0-9_]+?))/(\w+)$")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


class quiz_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils style
    """Where the quiz goes; replaced by HTML once every page has been read."""


def chapter_unit(docname: str) -> str | None:
    """``chNN_<slug>`` when ``docname`` is a unit's chapter page, else None."""
    match = _CHAPTER.match(docname)
    return match.group(1) if match and match.group(2) == match.group(3) else None


def practice_path(app: Sphinx, unit: str) -> Path:
    return question_bank.pool_paths(Path(app.srcdir), unit)["practice"]


def add_section(app: Sphinx, doctree: nodes.document) -> None:
    """Append an empty "Self-check" section to a chapter page with a practice pool."""
    docname = app.env.docname
    unit = chapter_unit(docname)
    if unit is None or not practice_path(app, unit).is_file():
        return
    app.env.note_dependency(str(practice_path(app, unit)))
    for part in (__file__, question_bank.__file__, QUIZ_CSS):  # re-read on a change
        app.env.note_dependency(part)
    section = nodes.section(ids=[SECTION_ID], names=["self-check"])
    section["classes"].append("crm-quiz-section")
    section += nodes.title(text="Self-check")
    section += quiz_placeholder(unit=unit)
    # inside the page's top section (its "# title"), after its last part
    top = next((n for n in doctree.children if isinstance(n, nodes.section)), doctree)
    top += section


def _normal(title: str) -> str:
    """A heading as text: Sphinx's smart quotes undone, markup and spacing dropped."""
    return " ".join(re.sub(r"[`*_]", "", title.translate(_QUOTES)).split())


def anchors(app: Sphinx, unit: str, docname: str, doctree) -> dict[str, tuple]:
    """Heading text -> (docname, anchor id) over the pages of the unit's folder."""
    found = {}
    prefix = f"chapters/{unit}/"
    for name in sorted(d for d in app.env.found_docs if d.startswith(prefix)):
        tree = doctree if name == docname else app.env.get_doctree(name)
        for section in tree.findall(nodes.section):
            if section["ids"] and section.children:
                found.setdefault(
                    _normal(section[0].astext()), (name, section["ids"][0])
                )
    return found


def _href(app: Sphinx, docname: str, target: tuple) -> str:
    target_doc, anchor = target
    if target_doc == docname or app.builder.name == "singlehtml":
        return f"#{anchor}"
    return f"{app.builder.get_relative_uri(docname, target_doc)}#{anchor}"


def item_data(item: dict, link: list[str]) -> dict:
    """The compact form of one item that quiz.js reads."""
    data = {
        "id": item["id"],
        "f": item["form"],
        "e": item["explanation"].strip(),
        "s": link,
    }
    if question_bank.is_parameterised(item):
        data["v"] = [
            [v["question"], v["answer"], v["explanation"]]
            for v in question_bank.variants(item)
        ]
        data["d"] = item["answer"].get("decimals", 2)
        return data
    data["q"] = item["question"].strip()
    data["a"] = item["answer"]
    for key, short in (
        ("options", "o"),
        ("points", "p"),
        ("accept", "c"),
        ("decimals", "d"),
        ("direction", "r"),
    ):
        if key in item:
            data[short] = (
                [str(o) for o in item[key]]
                if isinstance(item[key], list)
                else item[key]
            )
    return data


def _style() -> str:
    """quiz.css without comments and line breaks."""
    css = re.sub(r"/\*.*?\*/", "", QUIZ_CSS.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(css.split())


def quiz_html(unit: str, items: list[dict]) -> str:
    payload = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("</", "<\\/")
    return (
        f"<style>{_style()}</style>"
        f'<div class="crm-quiz" data-quiz="{unit}">'
        f'<p class="crm-quiz-intro">{len(items)} questions on this chapter, in the forms '
        "of the course's exam. Your answers are checked in this page; nothing is sent "
        "anywhere.</p>"
        f'<script type="application/json" class="crm-quiz-data">{payload}</script>'
        "<noscript><p>The self-check needs JavaScript.</p></noscript></div>"
    )


def build_quiz(app: Sphinx, unit: str, docname: str, doctree) -> str:
    """The quiz's HTML; raise ExtensionError on any problem of the pool."""
    root = Path(app.srcdir)
    try:
        pool = question_bank.load_pool(practice_path(app, unit), unit, "practice")
    except question_bank.BankError as error:
        raise ExtensionError(str(error)) from error
    headings = question_bank.chapter_headings(root / "chapters" / unit)
    problems = question_bank.check_pool(pool, headings)
    found = anchors(app, unit, docname, doctree)
    items = []
    for item in pool.items:
        target = found.get(_normal(str(item.get("section", ""))))
        if target is None:
            problems.append(
                f"{pool.path}: {item.get('id')}: section {item.get('section')!r} is not a "
                f"heading of the pages of {unit}"
            )
            continue
        items.append(item_data(item, [item["section"], _href(app, docname, target)]))
    if problems:
        raise ExtensionError("self-check quiz: " + "; ".join(problems))
    return quiz_html(unit, items)


def fill_quiz(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace the placeholder by the quiz (HTML) or by a note (other builders)."""
    for node in list(doctree.findall(quiz_placeholder)):
        if app.builder.format == "html":
            html = build_quiz(app, node["unit"], docname, doctree)
            node.replace_self(nodes.raw("", html, format="html"))
        else:
            note = "The self-check quiz of this chapter is in the HTML book."
            node.replace_self(nodes.paragraph(text=note))


def add_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Load the quiz's script on the pages that have a quiz."""
    if QUIZ_MARK in context.get("body", ""):
        app.add_js_file(STATIC_JS, loading_method="defer")


def copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(QUIZ_JS, static / STATIC_JS)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_node(quiz_placeholder)
    # before Sphinx's collectors (priority 500), so the page's contents list it
    app.connect("doctree-read", add_section, priority=400)
    app.connect("doctree-resolved", fill_quiz)
    app.connect("html-page-context", add_assets)
    app.connect("build-finished", copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
