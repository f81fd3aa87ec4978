"""The round trip's wrong answer for this assignment (never released).

Multiplies the matrix by the counts from the wrong side (sums each row instead of
each column), so every Part A check fails.
"""

GRADE_ID = "project_one_step_answer"
PART_POINTS = 4
WRONG = """
def project_one_step(counts, matrix):
    counts = pd.Series(counts, dtype=float).reindex(matrix.index)
    return pd.Series(matrix.to_numpy() @ counts.to_numpy(), index=matrix.columns)
"""
