"""The explorers of chapters 1 and 2 (:mod:`crmlab.lifecycle`).

The chapters draw their static figures with matplotlib in short cells; this
module re-exports their explorers from :mod:`crmlab.viz.explorers`.
"""

from __future__ import annotations

from crmlab.viz.explorers import lifecycle_explorer, state_explorer

__all__ = ["lifecycle_explorer", "state_explorer"]
