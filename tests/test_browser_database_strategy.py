"""The explorers of chapters 6 and 13 in a real browser, against crmlab.

Uses the browser helpers of ``tests/test_browser.py``: the built book served
from 127.0.0.1 with every other host blocked. Each control is moved and the
chart's text is checked against crmlab at that setting.
"""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api", reason="install the dev extra")

from test_browser import (  # noqa: E402, F401  (fixtures)
    Explorer,
    base_url,
    book_html,
    browser,
    moved,
    visit,
)


def chapter_cube():
    """The cube of chapter 6, as the chapter builds it."""
    import tempfile
    from pathlib import Path

    import pandas as pd

    from crmlab.database import build_database, connect, query

    conn = connect(
        build_database(Path(tempfile.mkdtemp()) / "shop.db", customers=2_000, seed=2024)
    )
    orders = query(conn, "SELECT * FROM orders")
    customers = query(conn, "SELECT customer_id, region FROM customers")
    products = query(conn, "SELECT product_id, category FROM products")
    conn.close()
    day = pd.to_datetime(orders.order_date)
    wide = (
        orders.assign(
            quarter=day.dt.year.astype(str) + "-Q" + day.dt.quarter.astype(str)
        )
        .merge(customers, on="customer_id")
        .merge(products, on="product_id")
    )
    return wide.groupby(["region", "category", "quarter"])["amount"].sum()


def cube_lines(summary, category: str, level: str) -> list[str]:
    row = summary[(summary.category == category) & (summary.level == level)].iloc[0]
    name = "All categories" if category == "All" else category
    assert row["first"].startswith(f"{name} by {level}: total ")
    assert f"{row.top_sales:,.0f} yuan" in row["second"]
    return [row["first"], row["second"]]


def test_the_cube_explorer_shows_crmlabs_slice_for_every_control(visit):  # noqa: F811
    from crmlab.viz.explorers import cube_slices

    _, summary = cube_slices(chapter_cube())
    explorer = Explorer(
        visit, "chapters/ch06_customer_information/customer_information"
    )
    assert explorer.labels() == ["Category", "Time"]
    for line in cube_lines(summary, "Tea", "quarter"):
        assert line in explorer.texts()
    setting = {"category": "Tea", "level": "quarter"}
    for label, key, value in [
        ("Category", "category", "All"),
        ("Time", "level", "year"),
        ("Category", "category", "Gifts"),
        ("Time", "level", "quarter"),
    ]:
        setting[key] = value
        moved(explorer, label, value)
        texts = explorer.texts()
        for line in cube_lines(summary, setting["category"], setting["level"]):
            assert line in texts, (label, line, texts)
    explorer.check_clean()


def test_the_roi_explorer_redraws_with_crmlabs_roi_for_every_control(visit):  # noqa: F811
    from crmlab.strategy import project_roi

    benefits, costs = np.array([30.0, 55.0, 70.0, 75.0, 75.0]), 15.0
    explorer = Explorer(visit, "chapters/ch13_crm_strategy/crm_strategy")
    assert explorer.labels() == ["Investment I", "Benefit scale", "Discount r"]
    setting = {"inv": 120.0, "s": 1.0, "r": 0.08}
    for label, key, value in [
        ("Investment I", "inv", 200),
        ("Benefit scale", "s", 0.8),
        ("Discount r", "r", 0.2),
        ("Investment I", "inv", 60),
    ]:
        setting[key] = value
        text = moved(explorer, label, value).replace("\u2212", "-")  # d3's minus
        result = project_roi(
            setting["inv"], benefits * setting["s"], costs, discount_rate=setting["r"]
        )
        assert f"NPV = {result['npv']:,.2f}, ROI = {result['roi']:.1%}" in text, (
            label,
            text,
        )
    explorer.check_clean()
