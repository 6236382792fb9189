"""Countries like mine: the profiles file is complete and agrees with the
taxonomy, and the ranking is stable and explained, with cases a reader would
agree with."""
from __future__ import annotations

import json

from kb import peers
from kb.taxonomy import get_country, sids_countries
from tests.conftest import ROOT


def test_every_sids_and_every_demo_country_has_a_profile_that_agrees_with_the_taxonomy():
    table = peers.profiles()
    labels = json.loads((ROOT / "demo" / "labels.json").read_text(encoding="utf-8"))
    wanted = {c.code for c in sids_countries()} | {c for v in labels.values() for c in v["countries"]}
    assert wanted <= set(table)
    for code, p in table.items():
        info = get_country(code)
        assert info is not None and p.sids == info.sids_group and p.region == info.subregion, code
        assert p.population and p.land_km2 and p.languages and p.legal, code
    header = (ROOT / "kb" / "taxonomy" / "peers.tsv").read_text(encoding="utf-8")
    for source in ("World Bank", "World Development Indicators", "FY2024", "M49", "OHRLLS", "JuriGlobe"):
        assert source in header


def test_tonga_sees_pacific_islands_before_caribbean_ones():
    ranked = [p.code for p in peers.peers("TON", limit=100)]
    caribbean = [c for c in ranked if peers.profile(c).sids == "Caribbean"]
    first_caribbean = ranked.index(caribbean[0])
    # Every Pacific island state of Oceania where English is official (so not
    # French-speaking New Caledonia, nor Timor-Leste in South-eastern Asia)
    # comes before the first Caribbean one, and the ten closest are all Pacific.
    pacific = [c for c in ranked if peers.profile(c).sids == "Pacific"
               and get_country(c).region == "Oceania" and "en" in peers.profile(c).languages]
    assert len(pacific) >= 15 and all(ranked.index(c) < first_caribbean for c in pacific)
    assert all(peers.profile(c).sids == "Pacific" for c in ranked[:10])
    assert {"WSM", "TUV", "FJI"} <= set(ranked[:10])


def test_each_peer_says_why_strongest_reason_first():
    samoa = peers.similarity("TON", "WSM")
    reasons = [str(r) for r in samoa.reasons]
    assert reasons[0] == "also a small island developing state of the Pacific group"
    assert "same UN region (Polynesia)" in reasons
    assert any(r.startswith("shares an official language") for r in reasons)
    # symmetric and stable: the same score both ways, the same order every time
    assert peers.similarity("WSM", "TON").score == samoa.score
    assert peers.peers("TON") == peers.peers("TON")


def test_a_shared_language_brings_francophone_peers_up():
    # Comoros (French, Arabic) and two continental African countries of its size class
    madagascar = peers.similarity("COM", "MDG")
    kenya = peers.similarity("COM", "KEN")
    assert madagascar.score > kenya.score
    assert any(r.template == peers.LANGUAGE and "fr" in r.params["languages"] for r in madagascar.reasons)
    assert not any(r.template == peers.LANGUAGE for r in kenya.reasons)


def test_unknown_countries_have_no_peers():
    assert peers.similarity("TON", "XXX") is None and peers.peers("XXX") == []
