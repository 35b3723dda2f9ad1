"""The F quantiles of Feldt's interval, from scipy (the optional ``stats`` extra).

``scipy.stats.f.ppf(p, df1, df2)`` evaluates ``scipy.special.fdtri(df1, df2, p)``
(scipy's own definition of the F distribution's quantile); the special function
is called directly because importing ``scipy.stats`` alone takes about half a
second and 100 MB, twice ``banks pilot``'s whole budget. ``tests/test_pilot_stats.py``
checks that the two agree.
"""

from __future__ import annotations

from leadquiz.results.pilot import FQuantile

#: What to run to get the interval when scipy is missing.
INSTALL_HINT = "pip install 'leadquiz[stats]'"


def scipy_quantile() -> FQuantile | None:
    """The F quantile function of scipy, or ``None`` when scipy is not installed."""
    try:
        from scipy.special import fdtri  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        return None

    def quantile(p: float, df1: int, df2: int) -> float:
        return float(fdtri(df1, df2, p))

    return quantile
