"""crmlab: the models of the CRM Lab textbook.

Modules
-------
lifecycle
    Customer states as a Markov chain, lifecycle stages and patterns
    (chapters 1 and 2).
value
    Customer value and lifetime value (chapter 3).
scoring
    The book's one weighted-scoring function (chapters 4, 5 and 10, later 8, 12, 13).
acquisition
    Concentration, whale curve, target-market patterns, funnel, referral growth
    (chapters 4 and 5).
classify
    ABC analysis, customer pyramid, value matrix and RFM (chapter 7).
satisfaction
    Disconfirmation, satisfaction indices, SERVQUAL, Kano, NPS, IPA, ACSI (chapter 9).
loyalty
    Retention, cohorts, survival, loyalty index and matrix, churn risk, win-back
    (chapters 10 and 11).
database
    The customer database on SQLite: build, query, data quality, RFM in SQL,
    de-identification (chapters 6 and 13).
service
    Complaint-log metrics and the choice of a communication channel (chapter 8).
strategy
    Cash flows, NPV, ROI and payback of a CRM project (chapter 13).
credit
    Credit scores, grades and limits, receivables ageing, provision, DSO (chapter 12).
datasets
    The seeds' tables as package data and seeded data generators.
viz
    The chapters' figures and interactive explorers, one module per model module.
fonts
    Finding an installed CJK font for figures with Chinese text.
"""

from __future__ import annotations

__all__ = [
    "__version__",
    "acquisition",
    "classify",
    "credit",
    "database",
    "datasets",
    "fonts",
    "lifecycle",
    "loyalty",
    "satisfaction",
    "scoring",
    "service",
    "strategy",
    "value",
    "viz",
]

#: The package version; pyproject.toml reads it from here (one source).
__version__ = "0.1.0"
