"""The round trip's wrong answer for this assignment (never released).

Divides every stage by the first stage instead of the stage before, so the stage
conversion equals the cumulative one (and is 1, not NaN, at the first stage): every
Part A check fails.
"""

GRADE_ID = "funnel_table_answer"
PART_POINTS = 4
WRONG = """
def funnel_table(counts):
    counts = pd.Series(counts, dtype=float)
    share = counts / counts.iloc[0]
    return pd.DataFrame({"stage_conversion": share, "cumulative_conversion": share})
"""
