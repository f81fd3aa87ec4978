"""Figures and the cube explorer of the chapter on customer information (客户信息管理).

Naming contract and conventions
-------------------------------
- ``plot_<what>`` functions draw on the Axes passed as ``ax=`` (or on a new
  figure when ``ax`` is None) and return that Axes. They never call
  ``plt.show()``, never change ``matplotlib.rcParams`` and never change the
  caller's data. Labels are in English only.
- They draw what :mod:`crmlab.database` and the chapter's queries computed;
  the cube's slices come from :func:`crmlab.viz.explorers.cube_slices`, the
  same numbers the explorer shows.
- :func:`cube_explorer` is defined in :mod:`crmlab.viz.explorers` and
  re-exported here; the book shows :func:`plot_cube_slice` as the static
  figure of the explorer's starting state, for the PDF.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from crmlab._validation import check_option
from crmlab.viz._common import axes_or_new
from crmlab.viz.explorers import CUBE_LEVELS, cube_explorer, cube_slices

__all__ = ["cube_explorer", "plot_cube_slice"]


def plot_cube_slice(
    cube: pd.Series,
    *,
    category: str = "All",
    level: str = "quarter",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Heat map of one slice of the OLAP cube (数据立方体): sales by region and period.

    Parameters
    ----------
    cube : pandas.Series, no default
        Sales indexed by ``(region, category, quarter)``, quarters ``YYYY-Qn``.
    category : str, default="All"
        ``"All"`` (the roll-up over categories) or one of the cube's categories.
    level : {"quarter", "year"}, default="quarter"
        Level of time.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The heat map, with each cell's sales in thousand yuan written in it.

    Examples
    --------
    >>> cube = pd.Series([10.0, 20.0, 30.0], index=pd.MultiIndex.from_tuples(
    ...     [("East", "Tea", "2025-Q1"), ("East", "Tea", "2025-Q2"),
    ...      ("West", "Tea", "2025-Q1")]))
    >>> ax = plot_cube_slice(cube, category="Tea")
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['2025-Q1', '2025-Q2']
    """
    cells, _ = cube_slices(cube)
    categories = ["All", *sorted(c for c in cells["category"].unique() if c != "All")]
    check_option("category", category, categories)
    check_option("level", level, CUBE_LEVELS)
    chosen = cells[(cells["category"] == category) & (cells["level"] == level)]
    table = chosen.pivot(index="region", columns="period", values="sales").fillna(0.0)
    ax = axes_or_new(ax, (7, 2.8))
    image = ax.imshow(table.to_numpy() / 1000, cmap="Blues", aspect="auto")
    ax.set_xticks(range(table.shape[1]), table.columns, rotation=45)
    ax.set_yticks(range(table.shape[0]), table.index)
    for (i, j), value in np.ndenumerate(table.to_numpy() / 1000):
        ax.text(j, i, f"{value:.0f}", ha="center", va="center", fontsize=8)
    ax.figure.colorbar(image, ax=ax, label="thousand yuan")
    return ax
