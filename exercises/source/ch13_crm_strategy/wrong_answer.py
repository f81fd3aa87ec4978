"""The round trip's wrong answer for this assignment (never released).

Discounts each year's cash one year too little (from the start of the year,
``(1 + r) ** (t - 1)``), so every Part A check with a positive rate fails.
"""

GRADE_ID = "npv_answer"
PART_POINTS = 3
WRONG = """
def npv(investment, benefits, costs, rate):
    total = -float(investment)
    for year, (benefit, cost) in enumerate(zip(benefits, costs), start=1):
        total += (benefit - cost) / (1 + rate) ** (year - 1)
    return total
"""
