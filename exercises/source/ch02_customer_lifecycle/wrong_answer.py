"""The round trip's wrong answer for this assignment (never released).

Tests maturity before decline, so a mature customer whose purchases fall is
never in decline: every Part A check fails.
"""

GRADE_ID = "lifecycle_stages_answer"
PART_POINTS = 4
WRONG = """
def stages(purchases, mature_level):
    values = [float(v) for v in purchases]
    buying = [t for t, v in enumerate(values) if v > 0]
    last = buying[-1] if buying else -1
    result, peak = [], 0.0
    for t, value in enumerate(values):
        peak = max(peak, value)
        if last >= 0 and t > last:
            result.append("termination")
        elif peak < 0.3 * mature_level:
            result.append("development")
        elif peak >= 0.8 * mature_level:
            result.append("maturity")
        elif value < 0.7 * peak:
            result.append("decline")
        else:
            result.append("growth")
    return result
"""
