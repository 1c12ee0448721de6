"""Rebuild the generated reference files from the shipped datasets.

Usage (from the repository root)::

    PYTHONPATH=src python scripts/build_reference.py          # write the files
    PYTHONPATH=src python scripts/build_reference.py --check  # exit 1 if they are stale

It writes two files under ``src/eurasec/reference/data/``:

``states.csv``
    Every sovereign state (UN members, the UN observer states and the states in the COW
    state system that are not UN members) plus the historical states that COW IGO memberships
    need, from the ``crosswalk``, ``world_countries`` and ``cow_states`` datasets. The
    ``eurasian`` flag follows one rule, documented in ``docs/concepts/registry.md``: the state's
    UN M49 region is Europe or Asia.

``cow_participations.csv``
    Year-precision spells of membership (1), associate membership (2) and observer status (3)
    from COW IGO v3.0 (``cow_igo_selected``) for every format in ``formats.csv`` that names a
    COW IGO column. A spell still open in 2014, COW's last year, is left open; a closed one
    ends in the last year COW codes it (a year-precision end runs through 31 December).
    Every one of these rows has been reviewed (``corrections.csv``).

The hand-coded, reviewed files (``formats.csv``, ``participations.csv``, ``treaties.csv``,
``treaty_actions.csv``) are never written by this script.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import pandas as pd

from eurasec import datasets
from eurasec.reference.load import COW_CONTINUATIONS

DATA = Path(__file__).resolve().parents[1] / "src" / "eurasec" / "reference" / "data"

#: COW IGO status codes and the registry role each becomes.
COW_ROLES = {1: "member", 2: "associate", 3: "observer"}
#: COW IGO v3.0 ends in this year; spells still open then stay open.
COW_LAST_YEAR = 2014
COW_SOURCE = (
    "COW Intergovernmental Organizations v3.0 (Pevehouse et al. 2020), "
    "state_year_formatv3, variable {col}, ccode {code}"
)
COW_URL = "https://correlatesofwar.org/data-sets/igos/"
#: Former states COW codes and the ISO crosswalk does not: COW code -> (ISO 3166-3 id, end
#: year). Former states continued by a current one are in ``COW_CONTINUATIONS``.
HISTORICAL = {
    265: ("DDR", 1990),
    315: ("CSK", 1992),
    680: ("YMD", 1990),
}
#: Russian and Chinese names of the historical states (the other sources have none).
HISTORICAL_NAMES = {
    "DDR": ("Германская Демократическая Республика", "德意志民主共和国"),
    "CSK": ("Чехословакия", "捷克斯洛伐克"),
    "YMD": ("Народная Демократическая Республика Йемен", "也门民主人民共和国"),
}
#: Socialist Yugoslavia (SFRY): COW codes it 345 and continues that code as Serbia; eurasec
#: gives the SFRY its own id (ISO 3166-3 YUG) up to the day the Federal Republic of Yugoslavia
#: was proclaimed, 27 April 1992 (the Arbitration Commission's Opinion No. 8 of 4 July 1992
#: found the SFRY's dissolution complete; UN General Assembly resolution 47/1 of 22 September
#: 1992 did not let the FRY continue its seat). COW 345 rows before 1992 are the SFRY's.
SFRY = {"id": "YUG", "cow_code": 345, "name": "Yugoslavia (SFRY)", "first_serbia_year": 1992}
SFRY_DISSOLVED = "1992-04-27"
#: Codes the crosswalk lacks: COW continues Yugoslavia as Serbia (345) and codes Kosovo 347.
#: (The crosswalk's 327 for the Holy See is COW's Papal States, 1816-1870: not the same state.)
COW_CODE_FIXES = {"SRB": 345, "XKX": 347}
COW_CODE_FIXES_BY_CODE = {code: iso for iso, code in COW_CODE_FIXES.items()}
#: Non-members of the UN among the states listed (the rest are UN member states).
STATUS_OVERRIDES = {
    "VAT": "un_observer",
    "PSE": "un_observer",
    "XKX": "cow_state",
    "TWN": "cow_state",
}
#: Chinese names that world_countries gives in traditional characters, where every other name is
#: in simplified ones: the UN's simplified short name (UN Terminology Database, UNTERM).
ZH_NAME_FIXES = {"MKD": "北马其顿"}
STATE_COLUMNS = [
    "id",
    "cow_code",
    "cow_abb",
    "name",
    "name_ru",
    "name_zh",
    "un_region",
    "un_subregion",
    "status",
    "eurasian",
    "end_year",
    "dissolved",
    "source",
]


def _sovereign(wc: pd.DataFrame) -> pd.DataFrame:
    """UN members, UN observer states (VAT, PSE) and COW-system states outside the UN."""
    wc = wc.copy()
    wc["cca3"] = wc["cca3"].replace({"UNK": "XKX"})
    keep = (wc["unMember"] == 1) | wc["cca3"].isin(["VAT", "PSE", "XKX", "TWN"])
    return wc[keep]


def build_states() -> list[dict[str, str]]:
    """One row per state, sorted by id."""
    wc = _sovereign(datasets.load("world_countries"))
    cw = datasets.load("crosswalk").dropna(subset=["iso3c"]).set_index("iso3c")
    cow = datasets.load("cow_states")
    current_cow = set(cow.loc[cow["endyear"] == cow["endyear"].max(), "ccode"].astype(int))
    rows = []
    for rec in wc.to_dict("records"):
        iso = str(rec["cca3"])
        x = cw.loc[iso] if iso in cw.index else None
        ccode = _cow_code(iso, x, current_cow)
        region = _text(x["un.region.name"]) if x is not None else ""
        sub = _text(x["un.regionsub.name"]) if x is not None else ""
        source = "crosswalk (countrycode); world_countries (mledoze/countries)"
        if iso in ZH_NAME_FIXES:
            source += "; Chinese name: UNTERM (simplified)"
        if not region:  # M49 leaves out Kosovo and Taiwan: fall back to world_countries
            region, sub = _text(rec["region"]), _text(rec["subregion"])
        status = STATUS_OVERRIDES.get(iso, "un_member")
        rows.append(
            {
                "id": iso,
                "cow_code": str(ccode) if ccode is not None else "",
                "cow_abb": _cow_abb(ccode, cow),
                "name": _text(rec["name.common"]),
                "name_ru": _text(rec["translations.rus.common"]),
                "name_zh": ZH_NAME_FIXES.get(iso, _text(rec["translations.zho.common"])),
                "un_region": region,
                "un_subregion": sub,
                "status": status,
                "eurasian": "true" if region in ("Europe", "Asia") else "false",
                "end_year": "",
                "dissolved": "",
                "source": source,
            }
        )
    rows += _historical(cw, cow)
    return sorted(rows, key=lambda r: r["id"])


def _cow_code(iso: str, x: pd.Series | None, current: set[int]) -> int | None:
    """The state's code in the COW system of 2016, if COW has it there."""
    if iso in COW_CODE_FIXES:
        return COW_CODE_FIXES[iso]
    if x is None or pd.isna(x["cown"]) or int(x["cown"]) not in current:
        return None
    return int(x["cown"])


def _cow_abb(ccode: int | None, cow: pd.DataFrame) -> str:
    if ccode is None:
        return ""
    return str(cow.loc[cow["ccode"] == ccode, "stateabb"].iloc[0])


def _historical(cw: pd.DataFrame, cow: pd.DataFrame) -> list[dict[str, str]]:
    names = dict(zip(cow["ccode"].astype(int), cow["statenme"], strict=True))
    abbs = dict(zip(cow["ccode"].astype(int), cow["stateabb"], strict=True))
    last = cow.sort_values("endyear").groupby("ccode").last()
    rows = [
        {
            "id": str(SFRY["id"]),
            "cow_code": "",
            "cow_abb": str(abbs.get(345, "")),
            "name": str(SFRY["name"]),
            "name_ru": "Югославия (СФРЮ)",
            "name_zh": "南斯拉夫社会主义联邦共和国",
            "un_region": "Europe",
            "un_subregion": "",
            "status": "historical",
            "eurasian": "true",
            "end_year": SFRY_DISSOLVED[:4],
            "dissolved": SFRY_DISSOLVED,
            "source": "cow_states (COW 345 before 1992); FRY proclaimed 27 April 1992",
        }
    ]
    for ccode, (iso, end) in HISTORICAL.items():
        region = "Europe" if iso in ("DDR", "CSK") else "Asia"
        e = last.loc[ccode]
        gone = pd.Timestamp(int(e["endyear"]), int(e["endmonth"]), int(e["endday"]))
        gone += pd.Timedelta(days=1)
        rows.append(
            {
                "id": iso,
                "cow_code": str(ccode),
                "cow_abb": str(abbs.get(ccode, "")),
                "name": str(names[ccode]),
                "name_ru": HISTORICAL_NAMES[iso][0],
                "name_zh": HISTORICAL_NAMES[iso][1],
                "un_region": region,
                "un_subregion": "",
                "status": "historical",
                "eurasian": "true",
                "end_year": str(end),
                "dissolved": gone.date().isoformat(),
                "source": "cow_states (COW State System Membership v2016)",
            }
        )
    return rows


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def cow_actor_map() -> dict[int, str]:
    """COW state code -> registry actor id."""
    cw = datasets.load("crosswalk").dropna(subset=["iso3c", "cown"])
    mapping = {int(c): str(i) for c, i in zip(cw["cown"], cw["iso3c"], strict=True)}
    mapping.update(COW_CODE_FIXES_BY_CODE)
    mapping.update({ccode: iso for ccode, (iso, _end) in HISTORICAL.items()})
    mapping.update(COW_CONTINUATIONS)
    return mapping


def build_cow_participations(formats: list[dict[str, str]]) -> list[dict[str, str]]:
    """Year-precision spells from COW IGO for each format with a ``cow_igo`` column."""
    igo = datasets.load("cow_igo_selected")
    actors = cow_actor_map()
    ccodes = {iso: code for code, iso in sorted(actors.items(), reverse=True)}
    ccodes[str(SFRY["id"])] = int(SFRY["cow_code"])
    spells: list[dict[str, str]] = []
    for fmt in formats:
        col = fmt["cow_igo"]
        if not col:
            continue
        sub = igo.loc[igo[col].isin(list(COW_ROLES)), ["ccode", "year", col]]
        by_actor: dict[tuple[str, str], list[int]] = {}
        for ccode, year, status in sub.itertuples(index=False):
            actor = actors[int(ccode)]
            if int(ccode) == SFRY["cow_code"] and int(year) < int(SFRY["first_serbia_year"]):
                actor = str(SFRY["id"])
            key = (actor, COW_ROLES[int(status)])
            by_actor.setdefault(key, []).append(int(year))
        for (actor, role), years in sorted(by_actor.items()):
            for first, last in _runs(sorted(set(years))):
                spells.append(
                    {
                        "actor": actor,
                        "format": fmt["id"],
                        "role": role,
                        "start": str(first),
                        "end": "" if last >= COW_LAST_YEAR else str(last),
                        "source": COW_SOURCE.format(col=col, code=ccodes[actor]),
                        "url": COW_URL,
                        "note": "",
                    }
                )
    return spells


def _runs(years: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of years as (first, last) pairs."""
    runs: list[tuple[int, int]] = []
    for y in years:
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs


def _csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the generated reference files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a file is stale")
    args = parser.parse_args(argv)
    with (DATA / "formats.csv").open(encoding="utf-8", newline="") as fh:
        formats = list(csv.DictReader(fh))
    outputs = {
        "states.csv": _csv(build_states(), STATE_COLUMNS),
        "cow_participations.csv": _csv(
            build_cow_participations(formats),
            ["actor", "format", "role", "start", "end", "source", "url", "note"],
        ),
    }
    stale = []
    for name, text in outputs.items():
        path = DATA / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        sys.stderr.write(f"stale: {', '.join(stale)}; run scripts/build_reference.py\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
