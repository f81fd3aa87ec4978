"""The round trip's wrong answer for this assignment (never released).

Counts invoices that are not yet due as 0 days past due, so they land in
"0-30" and the "not yet due" bucket stays empty: both Part A checks fail
(every student's invoices include some not yet due, and the visible check has
one due in 5 days).
"""

GRADE_ID = "ageing_answer"
PART_POINTS = 3
WRONG = """
def ageing_table(invoices, as_of):
    days = (pd.Timestamp(as_of) - pd.to_datetime(invoices["due_date"])).dt.days
    days = days.clip(lower=0)
    bucket = pd.cut(days, [-np.inf, -1, 30, 60, 90, np.inf], labels=BUCKETS)
    grouped = invoices.groupby(bucket, observed=False)["amount"]
    table = pd.DataFrame({"count": grouped.size(), "amount": grouped.sum()})
    table["share"] = table["amount"] / table["amount"].sum()
    table.index = pd.Index(BUCKETS, name="bucket")
    return table
"""
