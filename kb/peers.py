"""Countries like mine: how close two countries are, and why.

The profiles (`kb/taxonomy/peers.tsv`, sources named in its header) give each
country its SIDS group, UN M49 sub-region, population, land area, income
group, official languages and legal traditions. Closeness is a weighted sum
of one score per trait, each from 0 to 1, so the ranking can be explained
trait by trait: every suggestion carries the reasons that made it, as message
ids with parameters (`N_`), for the web layer to translate.

The weights put what a practitioner would put first: small island states of
the same group share their constraints (one cable, a few specialists, the
same donors), then the region, then a language officials can read a
neighbour's documents in, then size, income and the legal system a reform
has to fit.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from kb.taxonomy import countries as country_table


def N_(msgid: str) -> str:
    return msgid


DATA = Path(__file__).parent / "taxonomy" / "peers.tsv"
INCOME_RANK = {"L": 0, "LM": 1, "UM": 2, "H": 3}
INCOME_LABELS = {"L": N_("low income"), "LM": N_("lower-middle income"),
                 "UM": N_("upper-middle income"), "H": N_("high income")}
WEIGHTS = {"sids": 3.0, "region": 2.0, "language": 2.0, "population": 1.5,
           "income": 1.5, "land": 1.0, "legal": 1.0}
# A trait is named among the reasons when it scores at least this much.
SHOWN = 0.6

SAME_SIDS = N_("also a small island developing state of the %(group)s group")
OTHER_SIDS = N_("also a small island developing state")
SAME_REGION = N_("same UN region (%(region)s)")
SAME_MACRO = N_("same continent (%(region)s)")
LANGUAGE = N_("shares an official language (%(languages)s)")
POPULATION = N_("similar population (%(a)s and %(b)s thousand people)")
LAND = N_("similar land area (%(a)s and %(b)s km²)")
INCOME = N_("same income group (%(group)s)")
LEGAL = N_("similar legal tradition (%(legal)s)")


@dataclass(frozen=True)
class Profile:
    code: str
    sids: str | None
    region: str | None
    population: int | None       # thousands
    land_km2: int | None
    income: str | None
    languages: tuple[str, ...]
    legal: tuple[str, ...]


@dataclass(frozen=True)
class Reason:
    """One trait that brought two countries together: an English message id
    and its parameters."""

    template: str
    params: Mapping[str, str]
    weight: float

    def __str__(self) -> str:
        return self.template % dict(self.params)


@dataclass(frozen=True)
class Peer:
    code: str
    score: float
    reasons: tuple[Reason, ...]


@functools.cache
def profiles() -> dict[str, Profile]:
    out: dict[str, Profile] = {}
    lines = [ln for ln in DATA.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        num = lambda key: int(row[key]) if row.get(key, "").isdigit() else None  # noqa: E731
        out[row["iso3"]] = Profile(
            code=row["iso3"], sids=row["sids"] or None, region=row["region"] or None,
            population=num("population"), land_km2=num("land_km2"),
            income=row["income"] if row["income"] in INCOME_RANK else None,
            languages=tuple(v for v in row["languages"].split(";") if v),
            legal=tuple(v for v in row["legal"].split(";") if v))
    return out


def profile(code: str) -> Profile | None:
    return profiles().get(code)


def _log_close(a: int | None, b: int | None, span: float = 2.0) -> float:
    """1 for equal sizes, 0 for sizes `span` orders of magnitude apart."""
    if not a or not b:
        return 0.0
    return max(0.0, 1.0 - abs(math.log10(a) - math.log10(b)) / span)


def traits(a: Profile, b: Profile) -> list[tuple[str, float, Reason | None]]:
    """(trait, score 0..1, reason) for each trait."""
    out: list[tuple[str, float, Reason | None]] = []
    if a.sids and b.sids:
        same = a.sids == b.sids
        out.append(("sids", 1.0 if same else 0.4,
                    Reason(SAME_SIDS, {"group": a.sids}, WEIGHTS["sids"]) if same
                    else Reason(OTHER_SIDS, {}, WEIGHTS["sids"] * 0.4)))
    if a.region and a.region == b.region:
        out.append(("region", 1.0, Reason(SAME_REGION, {"region": a.region}, WEIGHTS["region"])))
    else:
        ca, cb = country_table.get(a.code), country_table.get(b.code)
        if ca and cb and ca.region and ca.region == cb.region:
            out.append(("region", 0.4, Reason(SAME_MACRO, {"region": ca.region}, WEIGHTS["region"] * 0.4)))
    shared = [lang for lang in a.languages if lang in b.languages]
    if shared:
        out.append(("language", 1.0, Reason(LANGUAGE, {"languages": ", ".join(shared)}, WEIGHTS["language"])))
    pop = _log_close(a.population, b.population)
    out.append(("population", pop, Reason(POPULATION, {"a": f"{a.population:,}", "b": f"{b.population:,}"},
                                          WEIGHTS["population"] * pop) if pop >= SHOWN else None))
    land = _log_close(a.land_km2, b.land_km2, span=3.0)
    out.append(("land", land, Reason(LAND, {"a": f"{a.land_km2:,}", "b": f"{b.land_km2:,}"},
                                     WEIGHTS["land"] * land) if land >= SHOWN else None))
    if a.income and b.income:
        inc = 1.0 - abs(INCOME_RANK[a.income] - INCOME_RANK[b.income]) / 3
        out.append(("income", inc, Reason(INCOME, {"group": INCOME_LABELS[a.income]}, WEIGHTS["income"])
                    if a.income == b.income else None))
    if a.legal and b.legal:
        sa, sb = set(a.legal), set(b.legal)
        jac = len(sa & sb) / len(sa | sb)
        out.append(("legal", jac, Reason(LEGAL, {"legal": ", ".join(sorted(sa & sb))}, WEIGHTS["legal"] * jac)
                    if jac >= SHOWN else None))
    return out


def similarity(a_code: str, b_code: str) -> Peer | None:
    """How close `b` is to `a`, with the reasons, strongest first; None when
    either country has no profile."""
    a, b = profile(a_code), profile(b_code)
    if a is None or b is None:
        return None
    found = traits(a, b)
    score = sum(WEIGHTS[name] * value for name, value, _ in found)
    reasons = sorted((r for _, _, r in found if r is not None), key=lambda r: -r.weight)
    return Peer(b_code, round(score / sum(WEIGHTS.values()), 4), tuple(reasons))


def peers(code: str, limit: int = 10, among: Iterable[str] | None = None) -> list[Peer]:
    """The countries closest to `code` (of `among`, else of every profile),
    closest first; ties by code, so the order is stable."""
    candidates = among if among is not None else profiles().keys()
    found = [p for c in candidates if c != code for p in [similarity(code, c)] if p is not None]
    found.sort(key=lambda p: (-p.score, p.code))
    return found[:limit]
