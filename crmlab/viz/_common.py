"""Shared plumbing of the figure and explorer modules (private)."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.image import AxesImage

if TYPE_CHECKING:
    import ipywidgets

__all__ = [
    "axes_or_new",
    "corner_text",
    "draw_quadrants",
    "png",
    "slider",
    "tidy",
    "write_cells",
    "OKABE_ITO",
]

# Okabe-Ito colours, which readers with colour-vision deficiency can tell apart.
OKABE_ITO = MappingProxyType(
    {
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
)


def axes_or_new(
    ax: object, figsize: tuple[float, float], *, layout: str | None = None
) -> plt.Axes:
    """Return ``ax``, or the Axes of a new figure (with ``layout``) when it is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout=layout)
        return ax
    if not isinstance(ax, plt.Axes):
        raise TypeError(
            f"ax must be a matplotlib Axes or None; got {type(ax).__name__}"
        )
    return ax


def tidy(ax: plt.Axes) -> None:
    """Hide the top and right spines of ``ax``."""
    ax.spines[["top", "right"]].set_visible(False)


#: Axes fractions and alignment of the text in each corner, for corner_text.
_CORNERS = MappingProxyType(
    {
        "upper left": (0.02, 0.98, "left", "top"),
        "upper right": (0.98, 0.98, "right", "top"),
        "lower left": (0.02, 0.02, "left", "bottom"),
        "lower right": (0.98, 0.02, "right", "bottom"),
    }
)


def corner_text(ax: plt.Axes, corner: str, text: str, **style) -> None:
    """Write ``text`` just inside one corner of ``ax`` ("upper left", ...)."""
    x, y, ha, va = _CORNERS[corner]
    ax.text(x, y, text, transform=ax.transAxes, ha=ha, va=va, **style)


def draw_quadrants(
    ax: plt.Axes,
    x_cut: float,
    y_cut: float,
    labels: Mapping[str, str],
    *,
    colors: Mapping[str, str] | None = None,
    line_color: str = "black",
    **text_style: object,
) -> None:
    """Draw the frame of a 2 x 2 quadrant chart: two dashed cuts, four corner names.

    The one helper behind the value matrix, the loyalty matrix, the
    Better-Worse diagram and the IPA grid: a vertical dashed line at
    ``x_cut``, a horizontal one at ``y_cut`` (both computed by the model,
    never here), then each corner's name from ``labels`` ("upper left" ->
    text, in the order given), coloured by ``colors`` (same keys) or by
    ``text_style``.
    """
    ax.axvline(x_cut, color=line_color, linestyle="--", linewidth=1)
    ax.axhline(y_cut, color=line_color, linestyle="--", linewidth=1)
    for corner, text in labels.items():
        style = dict(text_style)
        if colors is not None:
            style["color"] = colors[corner]
        corner_text(ax, corner, text, **style)


def write_cells(
    ax: plt.Axes,
    image: AxesImage,
    values: np.ndarray,
    value_format: str,
    *,
    fontsize: float,
) -> None:
    """Write each non-NaN cell of a heat map in it, white on dark colours."""
    colors = image.cmap(image.norm(values))
    for (row, column), value in np.ndenumerate(values):
        if np.isnan(value):
            continue
        red, green, blue, _ = colors[row, column]
        dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5  # luma (ITU-R 601)
        ax.text(
            column,
            row,
            value_format.format(value),
            ha="center",
            va="center",
            fontsize=fontsize,
            color="white" if dark else "black",
        )


def png(
    draw: Callable[[plt.Axes], object], *, figsize: tuple[float, float] = (6.4, 3.4)
) -> bytes:
    """PNG bytes of a figure drawn by ``draw(ax)``, without pyplot's state.

    Explorers put these bytes in an ``ipywidgets.Image``, so redrawing never
    leaves figures open in the kernel.
    """
    figure = Figure(figsize=figsize, layout="constrained")
    draw(figure.subplots())
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96)
    return buffer.getvalue()


def slider(
    description: str,
    value: float,
    low: float,
    high: float,
    step: float,
    *,
    fmt: str = ".2f",
    label_width: str = "90px",
) -> ipywidgets.FloatSlider:
    """A 420-pixel ``FloatSlider`` from ``low`` to ``high``, its readout in ``fmt``."""
    import ipywidgets as widgets

    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=fmt,
        style={"description_width": label_width},
        layout=widgets.Layout(width="420px"),
    )
