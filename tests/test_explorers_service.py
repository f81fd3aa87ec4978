"""Tests of chapter 8's figures and service-level explorer (complaint handling).

Without a browser: the spec's starting values, the precomputed data against
crmlab on the whole grid, the static figures and bad input.
``tests/test_browser.py`` moves the controls on the built page.
"""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("altair", reason="install the book extra")

from crmlab.datasets import make_complaint_log  # noqa: E402
from crmlab.service import complaint_metrics  # noqa: E402
from crmlab.viz import explorers  # noqa: E402
from crmlab.viz import service as viz_service  # noqa: E402
from crmlab.viz.explorers import (  # noqa: E402
    SERVICE_GROUPS,
    SLA_HOURS,
    complaint_grid,
    service_explorer,
)

LOG = make_complaint_log(200, days=60, seed=11)


def params(explorer):
    return {p["name"]: p for p in explorer.spec["params"]}


def test_the_chapter_module_re_exports_the_explorer():
    assert viz_service.service_explorer is explorers.service_explorer


def test_complaint_grid_holds_complaint_metrics_at_every_setting():
    groups, summary = complaint_grid(LOG)
    assert len(summary) == len(SLA_HOURS) * len(SERVICE_GROUPS)
    for sla in SLA_HOURS:
        overall = complaint_metrics(LOG, sla=sla).loc["all"]
        for by in SERVICE_GROUPS:
            expected = complaint_metrics(LOG, by=by, sla=sla)
            got = groups[(groups.by == by) & (groups.sla == sla)].set_index("group")
            assert got.index.tolist() == [str(g) for g in expected.index]
            pd.testing.assert_series_equal(
                got["sla_breach_share"],
                expected["sla_breach_share"].rename_axis("group"),
                check_index_type=False,
            )
            line = summary[(summary.by == by) & (summary.sla == sla)].iloc[0]
            assert line["first"] == (
                f"Target {sla:g} h: {overall['sla_breach_share']:.1%} of complaints "
                f"breach it, {overall['resolution_rate']:.1%} resolved"
            )
            worst = expected["sla_breach_share"].idxmax()
            assert line["second"].startswith(f"Worst {by}: {worst} ")


def test_service_explorer_starts_where_asked():
    explorer = service_explorer(LOG, sla=24, by="grade")
    assert params(explorer)["sla"]["value"] == 24.0
    assert params(explorer)["grp"]["value"] == "grade"
    assert repr(explorer) == "Service-level explorer (24 h, grade)"
    assert 'data-explorer="service"' in explorer.to_html()


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"sla": 30}, ValueError, "sla must be on the explorer's grid.*got 30"),
        ({"sla": "48"}, TypeError, "sla must be a real number"),
        ({"by": "category"}, ValueError, "by must be one of"),
    ],
)
def test_service_explorer_rejects_starting_values_off_its_grid(options, error, message):
    with pytest.raises(error, match=message):
        service_explorer(LOG, **options)


def test_the_static_figures_draw_crmlabs_numbers():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = viz_service.plot_breach_shares(LOG, by="channel", sla=48)
    expected = complaint_metrics(LOG, by="channel", sla=48)["sla_breach_share"]
    assert [bar.get_height() for bar in ax.patches] == pytest.approx(expected.tolist())
    overall = complaint_metrics(LOG, sla=48).loc["all", "sla_breach_share"]
    assert f"{overall:.1%}" in ax.get_title(loc="left")
    plt.close(ax.figure)
    ax = viz_service.plot_resolution_times(LOG, by="grade", sla=24)
    rates = complaint_metrics(LOG, by="grade")["resolution_rate"]
    ends = [line.get_ydata()[-1] for line in ax.get_lines()[:3]]
    assert ends == pytest.approx(rates.tolist())  # each line stops at its rate
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="by must name columns"):
        viz_service.plot_breach_shares(LOG, by="region")
    before = LOG.copy()
    viz_service.plot_resolution_times(LOG)
    plt.close("all")
    pd.testing.assert_frame_equal(LOG, before)
