"""Data for the book: the course documents' tables and seeded generators.

Every generator takes a random seed and returns the same data for the same
arguments, so a chapter's numbers and figures are identical on every build.
"""

from __future__ import annotations

from crmlab.datasets._cdnow import load_cdnow
from crmlab.datasets._complaints import make_complaint_log
from crmlab.datasets._invoices import make_credit_file, make_invoices
from crmlab.datasets._lifecycle import (
    STATE_EXAMPLE_MATRIX,
    make_purchase_histories,
    make_state_panel,
)
from crmlab.datasets._loyalty import (
    BOUNDS,
    DEFAULT_WEIGHTS,
    HIGHER_IS_BETTER,
    MEASURES,
    make_loyalty_survey,
)
from crmlab.datasets._students import (
    GRADER_ID_VARIABLE,
    student_id,
    student_seed,
)
from crmlab.datasets._surveys import (
    make_acsi_survey,
    make_ipa_survey,
    make_kano_survey,
    make_nps_responses,
    make_servqual_survey,
)
from crmlab.datasets._tables import load_clv_example, load_distributors
from crmlab.datasets._transactions import make_transactions
from crmlab.datasets._xudong import (
    CHANNELS,
    Company,
    company_database,
    load_xudong,
    make_company,
)

__all__ = [
    "BOUNDS",
    "CHANNELS",
    "Company",
    "DEFAULT_WEIGHTS",
    "GRADER_ID_VARIABLE",
    "HIGHER_IS_BETTER",
    "MEASURES",
    "STATE_EXAMPLE_MATRIX",
    "load_cdnow",
    "load_clv_example",
    "company_database",
    "load_distributors",
    "load_xudong",
    "make_acsi_survey",
    "make_company",
    "make_complaint_log",
    "make_credit_file",
    "make_invoices",
    "make_ipa_survey",
    "make_kano_survey",
    "make_loyalty_survey",
    "make_nps_responses",
    "make_purchase_histories",
    "make_servqual_survey",
    "make_state_panel",
    "make_transactions",
    "student_id",
    "student_seed",
]
