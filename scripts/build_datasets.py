"""Copy the raw datasets eurasec ships from ``../shared/data`` into the package, gzipped.

Run from the repository root: ``python scripts/build_datasets.py [SHARED_DATA_DIR]``.
Writes ``src/eurasec/datasets/files/<name>.csv.gz`` and ``MANIFEST.json`` (name, file, source,
licence, rows, sha256 of the original file). The provenance text below is summarised from
``../shared/data/SOURCES.md``; see ``docs/data-sources.md`` for citations and terms.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import sys
from pathlib import Path

COW = "Correlates of War Project; free to use with citation (COW terms of use)"
SOURCES: dict[str, tuple[str, str, str]] = {
    # name: (relative path under shared/data, source and version, licence/terms)
    "cow_states": ("cow/states2016.csv", "COW State System Membership v2016", COW),
    "cow_majors": ("cow/majors2016.csv", "COW Major Powers v2016", COW),
    "cow_codes": ("cow/cow_country_codes.csv", "COW country codes", COW),
    "cow_contiguity": (
        "cow/contdir_v3_2.csv",
        "COW Direct Contiguity v3.2 (Stinnett et al. 2002)",
        COW,
    ),
    "cow_nmc": (
        "cow/nmc_v7_0_abridged.csv",
        "COW National Material Capabilities v7.0, 1816-2022",
        COW,
    ),
    "cow_capitals": (
        "cow/capitals_cow.csv",
        "Capitals of COW states (S. Miller, peacesciencer)",
        "GPL-2 (peacesciencer)",
    ),
    "cow_mindist": (
        "cow/mindist_cshapes2_2019.csv",
        "Minimum distance from CShapes 2.0 (peacesciencer), 2019",
        "GPL-2 (peacesciencer); cite CShapes 2.0",
    ),
    "cow_igo_orgs": (
        "cow/igo_v3_organizations.csv",
        "COW Intergovernmental Organizations v3.0 (Pevehouse et al. 2020)",
        COW,
    ),
    "cow_igo_memberships": (
        "cow/igo_v3_memberships_long.csv",
        "COW IGO v3.0 state-year memberships, long format, 1816-2014",
        COW,
    ),
    "cow_igo_selected": (
        "cow/igo_v3_state_year_selected.csv",
        "COW IGO v3.0 state-year, 44 Eurasia/security IGOs",
        COW,
    ),
    "cow_igo_counts": (
        "cow/igo_v3_state_year_counts.csv",
        "COW IGO v3.0 membership counts per state-year (peacesciencer)",
        COW,
    ),
    "atop_dyad_year": (
        "alliances/atop_v5_1_directed_dyad_year.csv",
        "ATOP v5.1 directed dyad-year (Leeds et al.)",
        "free with citation (ATOP); GPL-2 packaging",
    ),
    "mid_dyad_year": (
        "conflict/cow_mid_v5_0_directed_dyad_year.csv",
        "COW Militarized Interstate Disputes v5.0, directed dispute-dyad-years",
        COW,
    ),
    "mid_disputes": (
        "conflict/cow_mid_v5_0_disputes.csv",
        "COW Militarized Interstate Disputes v5.0, dispute level",
        COW,
    ),
    "rivalries_td": (
        "conflict/rivalries_thompson_dreyer.csv",
        "Thompson & Dreyer (2012) strategic rivalries",
        "GPL-2 packaging; cite Thompson & Dreyer 2012",
    ),
    "rivalries_tss": (
        "conflict/rivalries_tss_1494_2020.csv",
        "Thompson, Sakuwa & Suhas (2021) strategic rivalries 1494-2020",
        "GPL-2 packaging; cite the authors",
    ),
    "ucdp_acd": (
        "conflict/ucdp_prio_acd_v25_1.csv",
        "UCDP/PRIO Armed Conflict Dataset v25.1",
        "CC BY 4.0",
    ),
    "democracy": (
        "regime/democracy_cow_state_year.csv",
        "Democracy scores: UDS, Polity2, V-Dem polyarchy (isard)",
        "GPL-2 (isard); V-Dem CC BY-SA 4.0; Polity5 free with citation",
    ),
    "wb_gdp": (
        "indicators/wb_gdp_current_usd.csv",
        "World Bank GDP, current US$",
        "CC BY 4.0 (World Bank)",
    ),
    "wb_population": (
        "indicators/wb_population.csv",
        "World Bank population, total",
        "CC BY 4.0 (World Bank)",
    ),
    "sipri_milex_share_gdp": (
        "indicators/owid_sipri_milex_share_gdp.csv",
        "SIPRI military expenditure, % of GDP (via Our World in Data)",
        "SIPRI: free with attribution; OWID CC BY 4.0",
    ),
    "sipri_milex_total": (
        "indicators/owid_sipri_milex_total.csv",
        "SIPRI military expenditure, constant US$ (via Our World in Data)",
        "SIPRI: free with attribution; OWID CC BY 4.0",
    ),
    "nuclear_status": (
        "indicators/owid_nuclear_weapons_status.csv",
        "Nuclear weapons status (via Our World in Data)",
        "CC BY 4.0 (OWID)",
    ),
    "sdp_gdp_pop": (
        "indicators/sdp_gdp_pop_cow_state_year.csv",
        "Simulated GDP and population for COW states (Anders et al., isard)",
        "GPL-2 (isard)",
    ),
    "crosswalk": (
        "crosswalk/countrycode_crosswalk.csv",
        "countrycode crosswalk: COW, ISO, UN M49, G-W codes",
        "GPL-3.0-or-later (countrycode)",
    ),
    "iso_codes": (
        "crosswalk/datahub_country_codes.csv",
        "ISO 3166 / UN M49 country codes (datahub)",
        "ODC-PDDL-1.0",
    ),
    "world_countries": (
        "crosswalk/mledoze_world_countries.csv",
        "mledoze/countries: names, translations, regions",
        "ODbL 1.0",
    ),
}


def main(shared: Path) -> None:
    out = Path(__file__).parents[1] / "src" / "eurasec" / "datasets" / "files"
    out.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for name, (rel, source, licence) in SOURCES.items():
        raw = (shared / rel).read_bytes()
        with gzip.GzipFile(out / f"{name}.csv.gz", "wb", mtime=0, compresslevel=9) as gz:
            gz.write(raw)
        rows = sum(1 for _ in csv.reader(raw.decode("utf-8").splitlines())) - 1
        manifest[name] = {
            "file": f"{name}.csv.gz",
            "original": rel,
            "source": source,
            "licence": licence,
            "rows": rows,
            "sha256": hashlib.sha256(raw).hexdigest(),
        }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[2] / "shared" / "data")
