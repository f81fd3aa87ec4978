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

CASES["ch09_customer_satisfaction"] = WrongAnswer(
    notebook="customer_satisfaction.ipynb",
    grade_id="kano_category_answer",
    # Reads the table with rows and columns swapped: every Part B check must fail.
    wrong="""
def kano_category(functional, dysfunctional):
    rows = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]
    return rows[dysfunctional - 1][functional - 1]
""",
    part_points=4,
)

CASES["ch11_churn_winback"] = WrongAnswer(
    notebook="churn_winback.ipynb",
    grade_id="km_survival_answer",
    # Drops the censored customers instead of keeping them at risk: every Part B
    # check must fail.
    wrong="""
def km_survival(tenure, churned):
    tenure = np.asarray(tenure, dtype=float)
    churned = np.asarray(churned, dtype=bool)
    times = np.unique(tenure)
    lost = tenure[churned]
    survival = [1 - np.mean(lost <= time) if lost.size else 1.0 for time in times]
    return pd.Series(survival, index=times)
""",
    part_points=4,
)

CASES["ch07_grading_customers"] = WrongAnswer(
    notebook="grading_customers.ipynb",
    grade_id="abc_eight_steps_answer",
    # Uses the cross rule: the customer whose sales cross a bound still joins the
    # higher class (b in A for the twenty distributors), so every Part A check fails.
    wrong="""
def abc_eight_steps(values):
    series = pd.Series(values, dtype=float)
    order = sorted(series.index, key=lambda key: (-series[key], key))
    total = series.sum()
    classes, running = {}, 0.0
    for key in order:
        if running < 0.70 * total:
            classes[key] = "A"
        elif running < 0.90 * total:
            classes[key] = "B"
        else:
            classes[key] = "C"
        running += series[key]
    return classes
""",
    part_points=4,
)

CASES["ch10_customer_loyalty"] = WrongAnswer(
    notebook="customer_loyalty.ipynb",
    grade_id="repeat_rate_answer",
    # Counts only customers with MORE than two purchases as repeat buyers (a customer
    # who bought exactly twice is a repeat buyer), so every Part A check fails.
    wrong="""
def repeat_rate(transactions):
    counts = transactions.groupby("customer_id").size()
    return float((counts > 2).mean())
""",
    part_points=3,
)
