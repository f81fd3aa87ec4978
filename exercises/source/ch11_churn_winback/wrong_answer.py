"""The round trip's wrong answer for this assignment (never released).

Drops the censored customers instead of keeping them at risk: every Part B
check must fail.
"""

GRADE_ID = "km_survival_answer"
PART_POINTS = 4
WRONG = """
def km_survival(tenure, churned):
    tenure = np.asarray(tenure, dtype=float)
    churned = np.asarray(churned, dtype=bool)
    times = np.unique(tenure)
    lost = tenure[churned]
    survival = [1 - np.mean(lost <= time) if lost.size else 1.0 for time in times]
    return pd.Series(survival, index=times)
"""
