"""Per-student data: whose id wins, and seeds that differ by student and assignment."""

from __future__ import annotations

import pytest

from crmlab.datasets import GRADER_ID_VARIABLE, student_id, student_seed


@pytest.fixture(autouse=True)
def _no_ids(monkeypatch):
    monkeypatch.delenv(GRADER_ID_VARIABLE, raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)


def test_the_typed_id_is_used_at_home():
    assert student_id(" 2026001\n") == "2026001"


def test_the_hub_user_when_nothing_is_typed(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "li.wei")
    assert student_id("") == "li.wei"
    assert student_id("2026001") == "2026001"


def test_the_autograder_id_wins_over_a_typed_classmate(monkeypatch):
    monkeypatch.setenv(GRADER_ID_VARIABLE, "2026001")
    monkeypatch.setenv("JUPYTERHUB_USER", "someone")
    assert student_id("2026999") == "2026001"


def test_no_id_at_all_says_what_to_type():
    with pytest.raises(ValueError, match='STUDENT_ID = "2026001"'):
        student_id("  ")


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        (2026001, TypeError, "STUDENT_ID must be a string; got int"),
        ("../etc", ValueError, r"STUDENT_ID must be .*got '\.\./etc'"),
        ("a b", ValueError, "got 'a b'"),
    ],
)
def test_bad_ids_are_named(value, error, match):
    with pytest.raises(error, match=match):
        student_id(value)


def test_a_bad_grader_id_names_the_variable(monkeypatch):
    monkeypatch.setenv(GRADER_ID_VARIABLE, "x/y")
    with pytest.raises(ValueError, match="CRMLAB_STUDENT_ID"):
        student_id("2026001")


def test_seeds_are_stable_and_differ():
    seed = student_seed("2026001", "ch07_grading_customers")
    assert seed == student_seed("2026001", "ch07_grading_customers")
    assert 0 <= seed < 2**32
    others = {
        student_seed(f"20260{k:02d}", "ch07_grading_customers") for k in range(50)
    }
    assert len(others) == 50
    assert seed != student_seed("2026001", "ch09_customer_satisfaction")


def test_seed_golden_value():
    # sha256(b"ch07_grading_customers:2026001")[:4], read big-endian
    import hashlib

    digest = hashlib.sha256(b"ch07_grading_customers:2026001").digest()
    assert student_seed("2026001", "ch07_grading_customers") == int.from_bytes(
        digest[:4], "big"
    )


@pytest.mark.parametrize("bad", [None, 3, ""])
def test_seed_rejects_bad_arguments(bad):
    with pytest.raises((TypeError, ValueError), match="student"):
        student_seed(bad, "ch07")
