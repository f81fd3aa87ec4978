"""The round trip's wrong answer for this assignment (never released).

Uses the cross rule: the customer whose sales cross a bound still joins the
higher class (b in A for the twenty distributors), so every Part A check fails.
"""

GRADE_ID = "abc_eight_steps_answer"
PART_POINTS = 4
WRONG = """
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
"""
