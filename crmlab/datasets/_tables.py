"""The course documents' worked tables, shipped as package data."""

from __future__ import annotations

from importlib import resources

import pandas as pd

__all__ = ["load_clv_example", "load_distributors"]


def _read(name: str, **options) -> pd.DataFrame:
    with resources.files("crmlab").joinpath("data", name).open("rb") as handle:
        return pd.read_csv(handle, **options)


def load_clv_example() -> pd.DataFrame:
    """Load the textbook's ten-year customer lifetime value table.

    One customer's yearly revenue, retention cost and acquisition cost in yuan,
    2017-2026; the acquisition cost of 5 000 is paid once, in 2017. The
    source gives no retention probability or discount rate.

    Returns
    -------
    table : pandas.DataFrame
        Columns ``year``, ``revenue``, ``retention_cost``, ``acquisition_cost``.

    See Also
    --------
    crmlab.value.clv

    Notes
    -----
    Taught in :doc:`chapter 3, Customer value and lifetime value
    </chapters/ch03_customer_value/customer_value>`.

    References
    ----------
    The course textbook (客户关系管理(慕课版), chapter 1), section 1.3.2
    (客户终身价值的计算).

    Examples
    --------
    >>> table = load_clv_example()
    >>> table.iloc[:3]
       year  revenue  retention_cost  acquisition_cost
    0  2017    10000            4000              5000
    1  2018    12000            3500                 0
    2  2019    14500            3200                 0
    >>> int(table.revenue.sum() - table.retention_cost.sum())
    116100
    """
    return _read("clv_example.csv")


def load_distributors() -> pd.Series:
    """Load the twenty distributors of the ABC-analysis worked example.

    Yearly sales in ten thousand yuan (万元) of distributors ``a`` to ``t``,
    total 10 580.

    Returns
    -------
    sales : pandas.Series
        Sales indexed by customer, named ``sales``.

    See Also
    --------
    crmlab.classify.abc_classify

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    The course's exam papers and knowledge points (客户关系管理试题与知识点),
    the worked example of ABC analysis (ABC分析法).

    Examples
    --------
    >>> sales = load_distributors()
    >>> sales.head(3)
    customer
    a    350
    b    460
    c    180
    Name: sales, dtype: int64
    >>> int(sales.sum())
    10580
    """
    return _read("distributors.csv", index_col="customer")["sales"]
