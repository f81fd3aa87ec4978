"""Figures and explorers of the book's chapters, one module per chapter topic.

Each module ``crmlab.viz.<topic>`` holds the longer figure and widget code of
the chapter ``chapters/<topic>.md``, so that the chapter's code cells stay
short. Functions draw with matplotlib on an Axes they are given (or a new
figure), return that Axes and never change ``matplotlib.rcParams``. The
chapters' explorers live in ``crmlab.viz.explorers`` (Vega-Lite charts made
with Altair, imported inside each function, so ``import crmlab.viz`` works
without it) and are re-exported by their chapter's module.
"""
