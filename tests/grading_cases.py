"""One deliberately wrong answer per graded assignment, for the round-trip tests.

Each case replaces the solution cell ``grade_id`` of ``notebook`` with ``wrong``
source code; autograding must then give every autograded point except
``part_points``, the points of the part that answer belongs to.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class WrongAnswer:
    notebook: str
    grade_id: str
    wrong: str
    part_points: float


CASES = {
    "ch03_customer_value": WrongAnswer(
        notebook="customer_value.ipynb",
        grade_id="discounted_clv_answer",
        # Forgets the retention cost c_i: every Part B check must fail.
        wrong="""
def discounted_clv(revenue, cost, survival, discount_rate, acquisition_cost):
    total = 0.0
    for year, (b, p) in enumerate(zip(revenue, survival), start=1):
        total += b * p / (1 + discount_rate) ** year
    return total - acquisition_cost
""",
        part_points=4,
    ),
}
