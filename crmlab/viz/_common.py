"""Shared plumbing of the figure and explorer modules (private)."""

from __future__ import annotations

import io
from collections.abc import Callable

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

__all__ = ["axes_or_new", "png", "tidy", "OKABE_ITO"]

# Okabe-Ito colours, which readers with colour-vision deficiency can tell apart.
OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#7F7F7F",
}


def axes_or_new(ax: object, figsize: tuple[float, float]) -> plt.Axes:
    """Return ``ax``, or the Axes of a new figure when it is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
        return ax
    if not isinstance(ax, plt.Axes):
        raise TypeError(
            f"ax must be a matplotlib Axes or None; got {type(ax).__name__}"
        )
    return ax


def tidy(ax: plt.Axes) -> None:
    """Hide the top and right spines of ``ax``."""
    ax.spines[["top", "right"]].set_visible(False)


def png(draw: Callable[[plt.Axes], object], *, figsize=(6.4, 3.4)) -> bytes:
    """PNG bytes of a figure drawn by ``draw(ax)``, without pyplot's state.

    Explorers put these bytes in an ``ipywidgets.Image``, so redrawing never
    leaves figures open in the kernel.
    """
    figure = Figure(figsize=figsize, layout="constrained")
    draw(figure.subplots())
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96)
    return buffer.getvalue()
