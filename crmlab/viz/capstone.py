"""The explorer of the capstone chapter (the Xudong company, 旭东公司).

Naming contract and conventions
-------------------------------
- :func:`winback_budget_explorer` is defined in :mod:`crmlab.viz.explorers`
  and re-exported here. The book shows
  :func:`crmlab.viz.churn.plot_winback` of the same candidates and budget as
  the static figure of the explorer's starting state, for the PDF.
- Money is in yuan; probabilities are shares in [0, 1].
"""

from __future__ import annotations

from crmlab.viz.explorers import (
    WINBACK_BUDGETS,  # noqa: F401  (the sliders' grids, for tests and readers)
    WINBACK_COSTS,  # noqa: F401
    winback_budget_explorer,
    winback_plans,
)

__all__ = ["winback_budget_explorer", "winback_plans"]
