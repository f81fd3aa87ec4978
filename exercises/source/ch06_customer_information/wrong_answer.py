"""The round trip's wrong answer for this assignment (never released).

Measures recency from the customer's first order instead of the last one, the
mistake of reading MIN for MAX, so both Part B checks fail.
"""

GRADE_ID = "rfm_in_sql_answer"
PART_POINTS = 3
WRONG = '''
def rfm_in_sql(conn, now):
    table = query(conn, """
        SELECT customer_id,
               CAST(julianday(?) - julianday(MIN(order_date)) AS INTEGER) AS recency,
               COUNT(*) AS frequency,
               SUM(amount) AS monetary
        FROM orders
        GROUP BY customer_id
        ORDER BY customer_id""", params=[now])
    table = table.set_index("customer_id")
    return table.astype({"recency": "int64", "frequency": "int64", "monetary": float})
'''
