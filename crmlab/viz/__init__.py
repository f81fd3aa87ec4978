"""Figures and explorers of the book's chapters, one module per model module.

Each module draws what one model module of :mod:`crmlab` computed, so that
the chapters' code cells stay short; it never recomputes a model result.

- :mod:`crmlab.viz.lifecycle` holds the explorers of :mod:`crmlab.lifecycle`
  (chapters 1 and 2, ``chapters/ch01_customers_crm`` and
  ``chapters/ch02_customer_lifecycle``).
- :mod:`crmlab.viz.value` draws :mod:`crmlab.value` (chapter 3,
  ``chapters/ch03_customer_value``).
- :mod:`crmlab.viz.acquisition` draws :mod:`crmlab.acquisition` (chapters 4
  and 5, ``chapters/ch04_choosing_customers``,
  ``chapters/ch05_developing_customers``).
- :mod:`crmlab.viz.classify` draws :mod:`crmlab.classify` (chapter 7,
  ``chapters/ch07_grading_customers``).
- :mod:`crmlab.viz.satisfaction` draws :mod:`crmlab.satisfaction`
  (chapter 9, ``chapters/ch09_customer_satisfaction``).
- :mod:`crmlab.viz.loyalty` draws the loyalty half of :mod:`crmlab.loyalty`
  (chapter 10, ``chapters/ch10_customer_loyalty``).
- :mod:`crmlab.viz.churn` draws the churn half of :mod:`crmlab.loyalty`
  (chapter 11, ``chapters/ch11_churn_winback``).
- :mod:`crmlab.viz.database` draws the OLAP cube of :mod:`crmlab.database`
  (chapter 6, ``chapters/ch06_customer_information``).
- :mod:`crmlab.viz.strategy` draws :mod:`crmlab.strategy` (chapter 13,
  ``chapters/ch13_crm_strategy``).

Functions draw with matplotlib on an Axes they are given (or a new figure),
return that Axes and never change ``matplotlib.rcParams``. The chapters'
explorers live in :mod:`crmlab.viz.explorers` (Vega-Lite charts made with
Altair, imported inside each function, so ``import crmlab.viz`` works without
it) and are re-exported by their chapter's module.
"""

from __future__ import annotations

__all__: list[str] = []
