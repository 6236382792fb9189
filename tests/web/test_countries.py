"""Browsing by country and by SIDS group."""
from __future__ import annotations

import re


def test_countries_grouped_by_region_with_counts_and_sids_marked(client):
    html = client.get("/countries").get_data(as_text=True)
    assert "13 countries with documents" in html
    for region in ("Africa", "Americas", "Asia", "Europe", "Oceania"):
        assert f">{region}</h2>" in html
    oceania = html[html.index(">Oceania</h2>"):]
    assert '<a href="/countries/FJI">Fiji</a> <span class="n">1</span> <abbr class="sids"' in oceania
    assert ">Melanesia</h3>" in oceania
    europe = html[html.index(">Europe</h2>"):html.index(">Oceania</h2>")]
    assert '<a href="/countries/EST">Estonia</a> <span class="n">1</span></li>' in europe
    # countries without documents are not listed (but are on the tile grid)
    assert '<a href="/countries/TON">Tonga</a>' not in html


def test_tile_grid_shades_countries_by_count(client):
    html = client.get("/countries").get_data(as_text=True)
    grids = re.findall(r'<figure class="grid">.*?</figure>', html, re.S)
    assert len(grids) == 5
    # each tile is a link with a readable name, shaded by its count, SIDS outlined
    found = re.findall(r'<a class="(c\d)[^"]*" href="[^"]*" title="([^":]+):', html)
    tiles = {name: level for level, name in found}
    assert tiles["Fiji"] == "c4" and tiles["Tonga"] == "c0" and tiles["Estonia"] == "c4"
    assert re.search(r'<a class="c4 s light" href="/countries/FJI" title="Fiji: 1 document \(SIDS\)">'
                     r'<span aria-hidden="true">FJI</span><span class="vh">Fiji: 1 document \(SIDS\)</span></a>',
                     html)
    assert "<svg" not in html[html.index('<div class="grids">'):]   # no fixed-width picture to shrink


def test_country_page_counts_latest_documents_and_scoped_search(client):
    html = client.get("/countries/FJI").get_data(as_text=True)
    assert "<h1>Fiji</h1>" in html
    assert "Oceania" in html and "Melanesia" in html and "Pacific" in html
    assert '<input type="hidden" name="country" value="FJI">' in html
    for heading in ("By document type", "By year", "By topic"):
        assert heading in html
    assert '<a href="/?country=FJI&amp;doc_type=case-study">Case study</a> <span class="n">1</span>' in html
    assert '<a href="/?country=FJI&amp;year=2021">2021</a>' in html
    assert "Fiji one stop shop portal: a case study" in html
    assert client.get("/countries/fji").status_code == 200


def test_country_without_documents_and_unknown_code(client):
    tonga = client.get("/countries/TON")
    assert tonga.status_code == 200
    assert "holds no documents about Tonga yet" in tonga.get_data(as_text=True)
    unknown = client.get("/countries/XYZ")
    assert unknown.status_code == 404
    assert "not an ISO 3166 country code" in unknown.get_data(as_text=True)


def test_sids_page_lists_the_three_groups_with_members_and_counts(client):
    html = client.get("/sids").get_data(as_text=True)
    groups = {g: html[html.index(f'id="g-{g}"'):] for g in ("Caribbean", "Pacific", "AIS")}
    assert "Atlantic, Indian Ocean and South China Sea" in groups["AIS"]
    pacific = groups["Pacific"][: groups["Pacific"].index("</section>")]
    assert '<a href="/?sids=Pacific">2 documents about this group</a>' in pacific
    assert '<a href="/countries/FJI">Fiji</a> <span class="n">1</span>' in pacific
    assert '<a href="/countries/WSM">Samoa</a> <span class="n">1</span>' in pacific
    assert 'Tonga</a> <span class="n zero">0</span>' in pacific
    caribbean = groups["Caribbean"][: groups["Caribbean"].index("</section>")]
    assert "Jamaica</a> <span class=\"n\">1</span>" in caribbean
    ais = groups["AIS"][: groups["AIS"].index("</section>")]
    assert "Mauritius</a> <span class=\"n\">1</span>" in ais and "Singapore</a>" in ais
