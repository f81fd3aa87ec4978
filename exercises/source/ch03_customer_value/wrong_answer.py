"""The round trip's wrong answer for this assignment (never released).

Forgets the retention cost c_i: every Part B check must fail.
"""

GRADE_ID = "discounted_clv_answer"
PART_POINTS = 4
WRONG = """
def discounted_clv(revenue, cost, survival, discount_rate, acquisition_cost):
    total = 0.0
    for year, (b, p) in enumerate(zip(revenue, survival), start=1):
        total += b * p / (1 + discount_rate) ** year
    return total - acquisition_cost
"""
