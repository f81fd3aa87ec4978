"""The round trip's wrong answer for this assignment (never released).

Cuts the running share with "below" instead of "at most": a customer whose
running share lands exactly on 70 % (the visible example) or 90 % falls into
the next class, and the hidden inputs' ties and bounds catch it too, so both
Part A checks fail and nothing else changes.
"""

GRADE_ID = "abc_answer"
PART_POINTS = 3
WRONG = """
def abc_grades(values):
    keys = sorted(values.index, key=lambda k: (-float(values[k]), str(k)))
    total = float(values.sum())
    running, grades = 0.0, {}
    for key in keys:
        running += float(values[key]) / total
        if running < 0.70 - 1e-9:
            grades[key] = "A"
        elif running < 0.90 - 1e-9:
            grades[key] = "B"
        else:
            grades[key] = "C"
    return pd.Series(grades).reindex(values.index)
"""
