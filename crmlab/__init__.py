"""crmlab: the models of the CRM Lab textbook.

Modules
-------
value
    Customer value and lifetime value (chapter 3).
datasets
    The seeds' tables as package data and seeded data generators.
"""

__version__ = "0.1.0"
