"""The round trip's wrong answer for this assignment (never released).

Reads the table with rows and columns swapped: every Part B check must fail.
"""

GRADE_ID = "kano_category_answer"
PART_POINTS = 4
WRONG = """
def kano_category(functional, dysfunctional):
    rows = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]
    return rows[dysfunctional - 1][functional - 1]
"""
