"""The round trip's wrong answer for this assignment (never released).

Counts an open complaint as a breach never, however old it is (it looks only
at resolved complaints), so both Part A checks fail: the small log has an
open complaint 72 hours old against a 48-hour target.
"""

GRADE_ID = "breach_share_answer"
PART_POINTS = 3
WRONG = """
def breach_share(log, sla, as_of):
    hours = (log["resolved"] - log["received"]) / pd.Timedelta(hours=1)
    return float((hours > sla).mean())
"""
