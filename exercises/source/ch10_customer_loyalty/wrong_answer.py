"""The round trip's wrong answer for this assignment (never released).

Counts only customers with MORE than two purchases as repeat buyers (a customer
who bought exactly twice is a repeat buyer), so every Part A check fails.
"""

GRADE_ID = "repeat_rate_answer"
PART_POINTS = 3
WRONG = """
def repeat_rate(transactions):
    counts = transactions.groupby("customer_id").size()
    return float((counts > 2).mean())
"""
