"""The chapter-unit layout: each toc chapter has all its parts, or the build says which."""

from __future__ import annotations

import shutil

import crm_units  # on sys.path from the root conftest
import pytest
from sphinx.errors import ExtensionError

from conftest import ROOT

TOC = ROOT / "_toc.yml"


def test_every_chapter_of_the_table_of_contents_has_all_its_parts():
    units = crm_units.written_units(ROOT, TOC)
    chapter_folders = sorted(int(p.name[2:4]) for p in (ROOT / "chapters").glob("ch*"))
    assert [u.number for u in units if u.written] == chapter_folders
    crm_units.check_units(units, ROOT)


def test_the_course_plan_has_fourteen_units_with_unique_numbers_and_slugs():
    units = crm_units.read_plan(ROOT)
    assert [u.number for u in units] == list(range(1, 15))
    assert len({u.slug for u in units}) == 14


@pytest.fixture
def course(tmp_path):
    """A copy of the book's plan, toc and chapter-7 unit to break."""
    (tmp_path / "book").mkdir()
    shutil.copy(ROOT / "book" / "course.yml", tmp_path / "book")
    for folder in ("chapters", "exercises/source"):
        unit = f"{folder}/ch07_grading_customers"
        shutil.copytree(ROOT / unit, tmp_path / unit)
    (tmp_path / "_toc.yml").write_text(
        "root: book/intro\nchapters:\n"
        "  - file: chapters/ch07_grading_customers/grading_customers\n"
    )
    return tmp_path


def check(course):
    units = crm_units.written_units(course, course / "_toc.yml")
    crm_units.check_units(units, course)


def test_a_complete_unit_passes_the_check(course):
    check(course)


@pytest.mark.parametrize(
    ("path", "part"),
    [
        ("chapters/ch07_grading_customers/glossary.csv", "glossary"),
        ("chapters/ch07_grading_customers/formulas.md", "formulas"),
        ("exercises/source/ch07_grading_customers/rubric.md", "rubric"),
        (
            "exercises/source/ch07_grading_customers/wrong_answer.py",
            "wrong-answer case",
        ),
        (
            "exercises/source/ch07_grading_customers/grading_customers.ipynb",
            "assignment notebook",
        ),
    ],
)
def test_a_missing_part_fails_naming_the_chapter_and_the_part(course, path, part):
    (course / path).unlink()
    with pytest.raises(
        ExtensionError, match=f"chapter ch07_grading_customers lacks its {part} "
    ):
        check(course)


def test_a_toc_chapter_outside_the_course_plan_is_rejected(course):
    (course / "_toc.yml").write_text(
        "root: book/intro\nchapters:\n  - file: chapters/ch07_ranking/ranking\n"
    )
    with pytest.raises(ExtensionError, match="ch07_ranking is in the toc but not in"):
        check(course)


def test_a_glossary_term_defined_in_two_chapters_is_rejected(course):
    glossary = course / "chapters/ch07_grading_customers/glossary.csv"
    rows = glossary.read_text(encoding="utf-8").splitlines()
    glossary.write_text("\n".join([*rows, rows[1]]) + "\n", encoding="utf-8")
    units = crm_units.written_units(course, course / "_toc.yml")
    with pytest.raises(ExtensionError, match="is already in ch07_grading_customers"):
        crm_units.read_glossary(units, course)


def test_assignment_points_come_from_the_notebook_metadata():
    units = {u.number: u for u in crm_units.read_plan(ROOT)}
    assert crm_units.assignment_points(units[7], ROOT) == (15, 4)


def test_a_section_page_in_the_chapter_folder_belongs_to_its_chapter(course):
    (course / "_toc.yml").write_text(
        "root: book/intro\nchapters:\n"
        "  - file: chapters/ch07_grading_customers/grading_customers\n"
        "    sections:\n"
        "      - file: chapters/ch07_grading_customers/weighted_abc\n"
    )
    check(course)


def test_a_section_page_without_its_chapter_is_rejected(course):
    (course / "_toc.yml").write_text(
        "root: book/intro\nchapters:\n"
        "  - file: chapters/ch07_grading_customers/weighted_abc\n"
    )
    with pytest.raises(ExtensionError, match="has no chapter ch07_grading_customers"):
        check(course)
