"""A peace-science data layer: state-year and dyad-year tables with named covariates.

A Python counterpart of R's peacesciencer, built on the datasets eurasec ships
(:mod:`eurasec.datasets`). Stable API:

- :func:`state_years` ``(start, end, covariates=[...])`` → ``ccode, stateabb, year, ...``
- :func:`dyad_years` ``(start, end, directed=True, covariates=[...])`` → ``ccode1, ccode2,
  year, ...``
- :data:`COVARIATES` / :func:`covariate` (each with source, years and gap rule)
- :func:`ccode_to_iso3` / :func:`iso3_to_ccode`

Usage docs: ``docs/data-dictionary.md``.
"""

from __future__ import annotations

from eurasec.peacesci.catalogue import COVARIATES, covariate
from eurasec.peacesci.codes import ccode_to_iso3, iso3_to_ccode
from eurasec.peacesci.covariate import Covariate
from eurasec.peacesci.system import FIRST_YEAR, LAST_YEAR
from eurasec.peacesci.tables import dyad_pairs, dyad_years, state_years

__all__ = [
    "COVARIATES",
    "FIRST_YEAR",
    "LAST_YEAR",
    "Covariate",
    "ccode_to_iso3",
    "covariate",
    "dyad_pairs",
    "dyad_years",
    "iso3_to_ccode",
    "state_years",
]
