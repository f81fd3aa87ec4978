"""A CJK font for figures with Chinese text (中文字体).

Naming contract and conventions
-------------------------------
- :func:`cjk_font_family` names an installed font family that has Chinese
  glyphs; :func:`cjk_rc` turns it into a Matplotlib ``rc`` dictionary for
  ``plt.rc_context``. Nothing here changes ``matplotlib.rcParams``: a figure
  opts in, and every other figure looks as before.
- Latin text stays in Matplotlib's default DejaVu Sans; Matplotlib (3.6 and
  later) takes each glyph DejaVu Sans lacks, the Chinese ones, from the CJK
  font next in the family list, so no glyph is drawn as an empty box (tofu).
- The book installs the Debian package ``fonts-wqy-microhei`` (WenQuanYi
  Micro Hei) with ``make system-deps``; on other systems the usual Chinese
  system fonts (Noto Sans CJK, Source Han Sans, PingFang, Microsoft YaHei,
  SimHei) are found as well. Preference follows :data:`CJK_FONT_FAMILIES`.
- A font installed after Matplotlib built its font cache is found too: the
  system font folders are scanned once more before giving up.
"""

from __future__ import annotations

from matplotlib import font_manager

__all__ = ["CJK_FONT_FAMILIES", "CJK_FONT_PACKAGE", "cjk_font_family", "cjk_rc"]

#: CJK font families, most preferred first
CJK_FONT_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
    "Heiti SC",
    "Arial Unicode MS",
)
#: the Debian package ``make system-deps`` installs
CJK_FONT_PACKAGE = "fonts-wqy-microhei"


def _installed_families() -> set[str]:
    return {font.name for font in font_manager.fontManager.ttflist}


def _add_uncached_system_fonts() -> None:
    """Register system fonts installed after Matplotlib's cache was built."""
    known = {font.fname for font in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue  # a file FreeType cannot read is not a candidate


def cjk_font_family(*, candidates: tuple[str, ...] = CJK_FONT_FAMILIES) -> str:
    """Name an installed font family that can draw Chinese (中文字体).

    Parameters
    ----------
    candidates : tuple of str, default=CJK_FONT_FAMILIES
        Font family names to look for, most preferred first.

    Returns
    -------
    family : str
        The first of ``candidates`` that Matplotlib can use.

    Raises
    ------
    TypeError
        If ``candidates`` is not a tuple of strings.
    ValueError
        If ``candidates`` is empty.
    RuntimeError
        If none is installed; the message names the package to install.

    Examples
    --------
    >>> cjk_font_family() in CJK_FONT_FAMILIES
    True

    See Also
    --------
    crmlab.fonts.cjk_rc

    Notes
    -----
    Used by the figures with Chinese text in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>` and :doc:`chapter 9,
    Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Matplotlib, "Fonts in Matplotlib" (font fallback, 3.6), and Debian package
    fonts-wqy-microhei.
    """
    if not isinstance(candidates, tuple) or not all(
        isinstance(name, str) for name in candidates
    ):
        raise TypeError(
            f"candidates must be a tuple of font family names; got {candidates!r}."
        )
    if not candidates:
        raise ValueError("candidates must name at least one font family; got ().")
    for attempt in range(2):
        installed = _installed_families()
        for name in candidates:
            if name in installed:
                return name
        if attempt == 0:
            _add_uncached_system_fonts()
    raise RuntimeError(
        "No font that can draw Chinese was found (looked for "
        f"{', '.join(candidates)}). Install one: on Debian or Ubuntu "
        f"`sudo apt-get install {CJK_FONT_PACKAGE}` (or run `make system-deps`), "
        "then restart Python."
    )


def cjk_rc(*, family: str | None = None) -> dict[str, object]:
    """Matplotlib settings that draw Chinese labels with a CJK font (中文字体).

    Use them for one figure with ``plt.rc_context(cjk_rc())``; global
    ``rcParams`` are not changed.

    Parameters
    ----------
    family : str, default=None
        The CJK font family; ``None`` takes :func:`cjk_font_family`.

    Returns
    -------
    rc : dict
        ``font.family``: DejaVu Sans for Latin text, then the CJK family for
        the glyphs DejaVu Sans lacks.

    Raises
    ------
    TypeError
        If ``family`` is not a string.
    ValueError
        If ``family`` is empty.
    RuntimeError
        If ``family`` is None and no CJK font is installed.

    Examples
    --------
    >>> rc = cjk_rc(family="WenQuanYi Micro Hei")
    >>> rc["font.family"]
    ['DejaVu Sans', 'WenQuanYi Micro Hei']

    See Also
    --------
    crmlab.fonts.cjk_font_family
    crmlab.viz.classify.plot_value_matrix

    Notes
    -----
    Used by the figures with Chinese text in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>` and :doc:`chapter 9,
    Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Matplotlib, "Fonts in Matplotlib" (per-glyph font fallback since 3.6).
    """
    if family is None:
        family = cjk_font_family()
    if not isinstance(family, str):
        raise TypeError(f"family must be a font family name (str); got {family!r}.")
    if not family.strip():
        raise ValueError("family must be a non-empty font family name; got ''.")
    return {"font.family": ["DejaVu Sans", family]}
