"""The round trip's wrong answer for this assignment (never released).

Ranks the customers from the least profitable up, as a Lorenz curve does, so the
curve never rises above 1 and every Part A check fails.
"""

GRADE_ID = "whale_shares_answer"
PART_POINTS = 4
WRONG = """
def whale_shares(profit):
    ranked = pd.Series(profit, dtype=float).sort_values(kind="stable")
    return ranked.cumsum() / ranked.sum()
"""
