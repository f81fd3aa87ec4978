"""Interactive explorers (交互式探索工具) built with ipywidgets.

Naming contract and conventions
-------------------------------
- Every explorer is called ``<topic>_explorer``, takes its starting values as
  arguments (checked like the model function it explores) and returns one
  ipywidgets container. Nothing is displayed until the caller displays it.
- ipywidgets is imported inside each function, so ``import crmlab`` works
  without it (it is part of the ``book`` extra).
- The layout is always ``VBox(controls, result, picture)``: ``controls`` is a
  box of sliders and buttons whose ``description`` names what they set,
  ``result`` an ``HTML`` widget with the computed number, ``picture`` an
  ``Image`` widget holding a PNG drawn with :mod:`crmlab.plots`. Moving a
  control updates the result and the picture at once.
- A widget needs a running Python kernel to react. A book page that shows an
  explorer must therefore first show the figure of its default state, so a
  reader without a kernel still sees it.
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure

from crmlab._validation import as_number, check_option, check_rate
from crmlab.plots import plot_retention_clv
from crmlab.value import retention_clv

__all__ = ["retention_explorer"]


def _png(draw, *, figsize: tuple[float, float] = (6.4, 3.4)) -> bytes:
    """PNG bytes of a figure drawn by ``draw(ax)``, without pyplot."""
    figure = Figure(figsize=figsize, layout="constrained")
    draw(figure.subplots())
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96)
    return buffer.getvalue()


def _result_html(margin: float, retention: float, rate: float, timing: str) -> str:
    value = retention_clv(margin, retention, rate, timing=timing)
    multiple = retention_clv(1.0, retention, rate, timing=timing)
    return (
        f"<b>CLV = {value:,.2f}</b> &nbsp; = {multiple:.3f} &times; margin "
        f"(r = {retention:.0%}, d = {rate:.0%}, cash at the {timing})"
    )


def retention_explorer(
    margin: float = 100.0,
    retention: float = 0.8,
    discount_rate: float = 0.1,
    *,
    timing: str = "end",
):
    """Sliders for the retention-based customer lifetime value (客户终身价值).

    Shows ``CLV = m r / (1 + d - r)`` (or ``m (1 + d) / (1 + d - r)`` with
    cash at the start of each period) for the margin ``m``, retention rate
    ``r`` (客户保持率) and discount rate ``d`` set on the sliders, and the
    figure of :func:`crmlab.plots.plot_retention_clv` beneath it.

    Parameters
    ----------
    margin : float, default=100.0
        Starting margin per period, non-negative; the slider runs from 0 to
        ``max(500, 2 * margin)``.
    retention : float, default=0.8
        Starting retention rate, in [0, 0.99].
    discount_rate : float, default=0.1
        Starting discount rate, in [0, 0.3].
    timing : {"end", "start"}, default="end"
        Starting choice of when each period's margin arrives.

    Returns
    -------
    ipywidgets.VBox
        ``VBox(controls, result, picture)``: ``controls`` holds the sliders
        ``Margin m``, ``Retention r``, ``Discount d`` and the toggle
        ``Cash at``; ``result`` is an ``HTML`` widget; ``picture`` an
        ``Image`` widget.

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. Journal of
    Interactive Marketing, 17(1), 9-24.

    Examples
    --------
    >>> explorer = retention_explorer(margin=100, retention=0.8)
    >>> controls, result, picture = explorer.children
    >>> result.value.split("</b>")[0]
    '<b>CLV = 266.67'
    >>> controls.children[1].value = 0.9
    >>> result.value.split("</b>")[0]
    '<b>CLV = 450.00'
    """
    import ipywidgets as widgets

    margin = as_number("margin", margin)
    retention = check_rate("retention", retention, high=0.99)
    discount_rate = check_rate("discount_rate", discount_rate, high=0.3)
    check_option("timing", timing, ("end", "start"))
    style = {"description_width": "90px"}
    layout = widgets.Layout(width="420px")
    controls = [
        widgets.FloatSlider(
            value=margin,
            min=0.0,
            max=max(500.0, 2 * margin),
            step=10.0,
            description="Margin m",
            style=style,
            layout=layout,
        ),
        widgets.FloatSlider(
            value=retention,
            min=0.0,
            max=0.99,
            step=0.01,
            description="Retention r",
            readout_format=".0%",
            style=style,
            layout=layout,
        ),
        widgets.FloatSlider(
            value=discount_rate,
            min=0.0,
            max=0.3,
            step=0.01,
            description="Discount d",
            readout_format=".0%",
            style=style,
            layout=layout,
        ),
        widgets.ToggleButtons(
            options=["end", "start"],
            value=timing,
            description="Cash at",
            style=style,
        ),
    ]
    result = widgets.HTML()
    picture = widgets.Image(format="png")

    def update(change=None) -> None:
        m, r, d, when = (control.value for control in controls)
        result.value = _result_html(m, r, d, when)
        picture.value = _png(lambda ax: plot_retention_clv(m, r, d, timing=when, ax=ax))

    for control in controls:
        control.observe(update, names="value")
    update()
    return widgets.VBox([widgets.VBox(controls), result, picture])
