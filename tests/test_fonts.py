"""CJK font for figures with Chinese labels: found, used, and no tofu."""

import warnings

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib import font_manager

from crmlab.fonts import (
    CJK_FONT_FAMILIES,
    CJK_FONT_PACKAGE,
    cjk_font_family,
    cjk_rc,
)

CHINESE_LABELS = ["客户终身价值", "保留成本", "贴现率"]


def test_cjk_font_family_finds_an_installed_font_that_has_chinese_glyphs():
    family = cjk_font_family()
    path = font_manager.findfont(family, fallback_to_default=False)
    font = matplotlib.ft2font.FT2Font(path)
    assert family in CJK_FONT_FAMILIES
    assert all(font.get_char_index(ord(char)) for char in "客户终身价值")


def test_a_figure_with_chinese_labels_draws_every_glyph(tmp_path):
    rcparams_before = dict(matplotlib.rcParams)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" fails
        with plt.rc_context(cjk_rc()):
            fig, ax = plt.subplots(figsize=(5, 3), dpi=100)
            ax.bar(CHINESE_LABELS, [266.67, 120.0, 10.0], color="#0072B2")
            ax.set_title("客户价值 Customer value (CLV = 266.67)")
            ax.set_ylabel("金额 (元) −50")
            path = tmp_path / "cjk_labels.png"
            fig.savefig(path)
            plt.close(fig)
    assert path.stat().st_size > 5_000
    assert dict(matplotlib.rcParams) == rcparams_before


def test_cjk_rc_keeps_latin_text_in_dejavu_sans_before_the_cjk_font():
    assert cjk_rc(family="WenQuanYi Micro Hei") == {
        "font.family": ["DejaVu Sans", "WenQuanYi Micro Hei"]
    }


def test_cjk_font_family_names_the_package_to_install_when_none_is_found():
    with pytest.raises(RuntimeError, match=CJK_FONT_PACKAGE):
        cjk_font_family(candidates=("No Such CJK Font Family",))


@pytest.mark.parametrize(
    ("candidates", "error"),
    [
        ((), ValueError),
        (["WenQuanYi Micro Hei"], TypeError),
        (("WenQuanYi Micro Hei", 3), TypeError),
        ("WenQuanYi Micro Hei", TypeError),
    ],
)
def test_cjk_font_family_rejects_candidates_that_are_not_a_tuple_of_names(
    candidates, error
):
    with pytest.raises(error, match="candidates"):
        cjk_font_family(candidates=candidates)


@pytest.mark.parametrize(("family", "error"), [("", ValueError), (3, TypeError)])
def test_cjk_rc_rejects_a_family_that_is_not_a_name(family, error):
    with pytest.raises(error, match="family"):
        cjk_rc(family=family)
