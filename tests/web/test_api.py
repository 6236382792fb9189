"""The JSON API and its OpenAPI description."""
from __future__ import annotations

import json
import re

from kb.settings import Settings


def test_search_returns_hits_snippets_pages_and_disjunctive_facets(client):
    data = client.get("/api/search?q=portal&country=FJI&country=WSM").get_json()
    assert data["total"] == 2
    assert data["query"]["filters"] == {"country": ["FJI", "WSM"]}
    hit = next(h for h in data["hits"] if h["countries"] == ["FJI"])
    assert hit["page"] == 2 and "<mark>portal</mark>" in hit["snippet_html"]
    assert hit["page_url"].endswith(f"/documents/{hit['id']}/pages/2")
    countries = {f["value"]: f for f in data["facets"]["country"]}
    assert countries["FJI"]["selected"] and countries["FJI"]["label"] == "Fiji"
    assert "KEN" in countries                     # own facet not narrowed by itself
    assert {f["value"] for f in data["facets"]["doc_type"]} == {"case-study", "strategy"}
    assert data["page"] == 1 and data["pages"] == 1


def test_search_errors_are_json_with_status(client):
    response = client.get("/api/search?sort=sideways")
    assert response.status_code == 400
    assert response.get_json()["error"]["kind"] == "invalid-query"
    assert "sort must be one of" in response.get_json()["error"]["message"]
    beyond = client.get("/api/search?page=999999")
    assert beyond.status_code == 400
    assert "page must be a whole number from 1 to 1000" in beyond.get_json()["error"]["message"]


ABSURD = "99999999999999999999"


def test_out_of_range_numbers_are_a_400_with_a_message_on_every_backend(client):
    cases = {
        f"/api/search?year_to={ABSURD}": "year_to must be a year from -9999 to 9999",
        f"/api/search?year_from=-{ABSURD}": "year_from must be a year from -9999 to 9999",
        f"/api/search?year={ABSURD}": "year must be a year from -9999 to 9999",
        "/api/search?year=recent": "year must be a year from -9999 to 9999, not 'recent'",
        f"/api/search?page={ABSURD}": "page must be a whole number from 1 to 1000",
        "/api/search?page=0": "page must be a whole number from 1 to 1000",
        f"/api/search?size={ABSURD}": "size must be a whole number from 1 to 50",
        "/api/search?size=0": "size must be a whole number from 1 to 50",
    }
    for url, message in cases.items():
        response = client.get(url)
        assert response.status_code == 400, (url, response.get_data(as_text=True)[:300])
        error = response.get_json()["error"]
        assert error["kind"] == "invalid-query" and message in error["message"], (url, error)
    # every problem is named, each in a sentence of its own
    both = client.get(f"/api/search?year_to={ABSURD}&size=0").get_json()["error"]["message"]
    assert "year_to must be" in both and "size must be" in both and ". " in both and both.endswith(".")
    # the ends of the range are fine
    assert client.get("/api/search?year_from=-9999&year_to=9999&year=2021").get_json()["total"] == 1


def test_facet_values_are_matched_to_the_taxonomy_and_unknown_ones_are_a_400(client):
    fiji = client.get("/api/search?country=FJI").get_json()
    assert fiji["total"] == 1
    for url in ("/api/search?country=Fiji", "/api/search?country=fji", "/api/search?country=FJ"):
        data = client.get(url).get_json()
        assert data["total"] == 1 and data["query"]["filters"] == {"country": ["FJI"]}, url
        assert [h["id"] for h in data["hits"]] == [h["id"] for h in fiji["hits"]]
    assert client.get("/api/search?sids=pacific").get_json()["query"]["filters"] == {"sids": ["Pacific"]}
    cases = client.get("/api/search?doc_type=Case+study").get_json()
    assert cases["query"]["filters"] == {"doc_type": ["case-study"]} and cases["total"] == 3
    assert client.get("/api/search?topic=Open+data").get_json()["total"] == 1
    assert client.get("/api/search?language=Spanish").get_json()["query"]["filters"] == {"language": ["es"]}
    assert client.get("/api/search?format=PDF").get_json()["query"]["filters"] == {"format": ["pdf"]}
    unknown = {
        "/api/search?country=XYZ": "No country XYZ; give an ISO 3166 code such as FJI or a country name",
        "/api/search?country=Fijj": "No country Fijj; did you mean Fiji?",
        "/api/search?doc_type=case-studies": "No document type case-studies; did you mean case-study?",
        "/api/search?region=Oceania": "give one of Australia and New Zealand, Melanesia",
        "/api/search?language=xx": "No language xx",
    }
    for url, message in unknown.items():
        response = client.get(url)
        assert response.status_code == 400, url
        assert message in response.get_json()["error"]["message"], (url, response.get_json())


def test_document_and_404(client, doc_by_name):
    doc = doc_by_name("kenya-huduma")
    data = client.get(f"/api/documents/{doc.id}").get_json()
    assert data["title"] == doc.title and data["page_count"] == 4
    assert data["origins"]["countries"]["kind"] == "inferred"
    assert [p["number"] for p in data["pages"]] == [1, 2, 3, 4]
    assert all(r["id"] != doc.id for r in data["related"])
    missing = client.get("/api/documents/nope")
    assert missing.status_code == 404 and missing.mimetype == "application/json"
    assert missing.get_json()["error"] == {
        "status": 404, "kind": "not-found", "message": "no document with id 'nope'"}
    unknown_route = client.get("/api/nothing-here")
    assert unknown_route.status_code == 404 and unknown_route.get_json()["error"]["status"] == 404


def test_countries(client):
    data = client.get("/api/countries").get_json()
    by_code = {c["code"]: c for c in data["countries"]}
    assert data["total"] == 13
    assert by_code["FJI"] == {
        "code": "FJI", "name": "Fiji", "count": 1, "region": "Oceania",
        "subregion": "Melanesia", "sids_group": "Pacific",
        "url": "http://localhost/countries/FJI"}
    assert by_code["EST"]["sids_group"] is None


def test_openapi_document_lists_every_api_route(app, client):
    response = client.get("/api/openapi.json")
    spec = json.loads(response.get_data(as_text=True))
    assert spec["openapi"].startswith("3.1")
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") or rule.rule == "/oai"     # the OAI-PMH provider too
    }
    assert routes == set(spec["paths"])
    assert set(spec["paths"]["/oai"]) == {"get", "post"}
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "country", "sids", "year_from", "sort", "page"} <= params

    def refs(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "$ref":
                    yield v
                else:
                    yield from refs(v)
        elif isinstance(node, list):
            for v in node:
                yield from refs(v)

    for ref in refs(spec):           # every reference resolves
        target = spec
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]


def test_unavailable_index_is_a_503_in_both_forms(tmp_path):
    from web import create_app

    damaged = tmp_path / "var" / "index"
    damaged.mkdir(parents=True)
    (damaged / "_MAIN_1.toc").write_bytes(b"not an index")
    client = create_app(Settings(data_dir=tmp_path / "var")).test_client()
    page = client.get("/")
    assert page.status_code == 503 and "damaged or unreadable" in page.get_data(as_text=True)
    api = client.get("/api/search")
    assert api.status_code == 503 and api.get_json()["error"]["kind"] == "index-unavailable"


def test_create_app_opens_the_configured_index(tmp_path, web_documents):
    """Without an index argument the composition root opens `settings.index_dir`."""
    from indexes import open_index
    from web import create_app

    settings = Settings(data_dir=tmp_path / "var")
    index = open_index("whoosh", settings.index_dir)
    index.upsert(web_documents[:3])
    index.close()
    app = create_app(settings)
    assert app.test_client().get("/api/search").get_json()["total"] == 3
    app.extensions["kb"].index.close()
