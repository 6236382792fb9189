"""The search page through the Flask test client on a real Whoosh index."""
from __future__ import annotations

import gzip
import re

from kb.models import Origin
from kb.settings import Settings
from tests.conftest import make_document
from tests.web.conftest import XSS_TITLE
from tests.web.helpers import checked_values, facet_counts, hit_titles, total, wire_size


def test_empty_query_lists_everything_newest_first_with_facet_counts(client, web_documents):
    html = client.get("/").get_data(as_text=True)
    assert total(html) == len(web_documents)
    titles = hit_titles(html)
    assert titles[0] == "Regional meeting on digital public infrastructure"   # 2023
    assert facet_counts(html, "country")["FJI"] == 1
    assert facet_counts(html, "sids") == {"Caribbean": 2, "Pacific": 2, "AIS": 2}
    assert 'documents, newest first</h1>' in html
    # the menu says the order applied; its entry sends no sort, so typing a query next sorts by relevance
    assert '<option value="" selected>Newest first</option>' in html


def test_query_terms_are_highlighted_and_hits_show_their_page(client, doc_by_name):
    html = client.get("/?q=identity+service").get_data(as_text=True)
    assert "<mark>" in html
    fiji = doc_by_name("fiji-one-stop-shop")
    # the best page of the Fiji case study is page 3, where "identity service" is
    assert f'/documents/{fiji.id}/pages/3' in html
    assert f'/documents/{fiji.id}/original#page=3' in html
    # the hit says what it is: type, year, country name, source, format
    block = html[html.index("Fiji one stop shop portal"):]
    block = block[: block.index("</li>")]
    for shown in ("Case study", "2021", "Fiji", "Pacific e-gov library", "PDF", "page 3"):
        assert shown in block


def test_values_of_one_facet_combine_with_or_and_facets_with_and(client):
    one = client.get("/?country=FJI").get_data(as_text=True)
    two = client.get("/?country=FJI&country=WSM").get_data(as_text=True)
    assert total(one) == 1 and total(two) == 2
    assert checked_values(two, "country") == {"FJI", "WSM"}
    narrowed = client.get("/?country=FJI&country=WSM&doc_type=strategy").get_data(as_text=True)
    assert total(narrowed) == 1
    assert hit_titles(narrowed) == ["Samoa digital identity roadmap"]


def test_facet_counts_are_disjunctive(client):
    """Each facet's counts apply the other facets' selections but not its own,
    so every number says what ticking that value would give."""
    everything = client.get("/").get_data(as_text=True)
    html = client.get("/?country=FJI&country=WSM").get_data(as_text=True)
    # own facet: unchanged by its own selection
    assert facet_counts(html, "country") == facet_counts(everything, "country")
    # other facets: counted within the two selected countries only
    assert facet_counts(html, "doc_type") == {"case-study": 1, "strategy": 1}
    assert facet_counts(html, "sids") == {"Pacific": 2}
    # and the promise holds: ticking strategy gives exactly the count shown
    ticked = client.get("/?country=FJI&country=WSM&doc_type=strategy").get_data(as_text=True)
    assert total(ticked) == facet_counts(html, "doc_type")["strategy"]
    # with doc_type selected, the country counts now apply it
    assert facet_counts(ticked, "country") == {"WSM": 1, "CHL": 1, "URY": 1, "FJI": 0}


def test_selections_show_as_removable_chips_and_clear_all(client):
    html = client.get("/?q=portal&country=FJI&doc_type=case-study&year_from=2015").get_data(as_text=True)
    chips = html[html.index('class="chips"'):]
    chips = chips[: chips.index("</ul>")]
    assert "Country: Fiji" in chips and "Document type: Case study" in chips
    assert "Years: 2015–" in chips
    # removing the country keeps the rest, and goes back to page 1
    assert 'href="/?q=portal&amp;doc_type=case-study&amp;year_from=2015"' in chips
    assert 'href="/?q=portal">Clear all</a>' in chips


def test_sort_and_pagination_live_in_the_url(client, web_documents):
    html = client.get("/?sort=oldest&size=5").get_data(as_text=True)
    assert hit_titles(html)[0].startswith("Portal review")     # 2010, escaped
    assert 'aria-label="Result pages"' in html
    assert 'href="/?sort=oldest&amp;size=5&amp;page=2"' in html
    page3 = client.get("/?sort=oldest&size=5&page=3").get_data(as_text=True)
    assert len(hit_titles(page3)) == len(web_documents) - 10
    by_title = client.get("/?sort=title&size=50").get_data(as_text=True)
    titles = hit_titles(by_title)
    assert titles == sorted(titles, key=str.casefold)


def test_year_range_narrows_and_the_histogram_shows_every_year(client):
    html = client.get("/?year_from=2019&year_to=2020").get_data(as_text=True)
    assert total(html) == 4
    svg = html[html.index('<svg class="hist"'):html.index("</svg>")]
    bars = re.findall(r'<title>(\d{4}): (\d+) document', svg)
    years = {int(y) for y, _ in bars}
    assert {2010, 2015, 2023} <= years          # outside the range, still shown to widen to
    assert svg.count('class="in"') == 2          # 2019 and 2020 highlighted
    assert 'href="/?year_from=2021&amp;year_to=2021"' in svg
    reversed_ = client.get("/?year_from=2020&year_to=2019").get_data(as_text=True)
    assert total(reversed_) == 4 and "turned round" in reversed_


def test_did_you_mean(client):
    html = client.get("/?q=identty").get_data(as_text=True)
    assert 'Did you mean <a href="/?q=identity">identity</a>' in html


def test_titles_and_queries_are_escaped(client):
    html = client.get("/?q=%3Cscript%3Ealert(1)%3C/script%3E+portal").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    everything = client.get("/?q=review").get_data(as_text=True)
    assert XSS_TITLE not in everything
    assert "Portal review &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; more" in everything
    assert "<script>alert('body')" not in everything
    # the only script on any page is our own static file
    assert re.findall(r"<script[^>]*>", everything) == ['<script src="/static/kb.js" defer>']


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    html = response.get_data(as_text=True)
    assert " style=" not in html and "<style" not in html


def test_bad_requests_get_a_page_with_a_message_never_an_error(client):
    cases = {
        '/?q="unclosed+(AND+OR': "could not be read",
        "/?q=" + "governance+" * 400: "shortened",
        "/?sort=sideways&q=portal": "sort must be one of",
        "/?page=abc": "page must be a whole number",
        "/?page=999999": "page must be a whole number from 1 to 1000, not &#39;999999&#39;. That part",
        "/?page=50": "There is no page 50",
        "/?year_from=soon": "year_from must be a year from -9999 to 9999",
        "/?country=ZZZ": "No country ZZZ; give an ISO 3166 code",
    }
    for url, message in cases.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert message in response.get_data(as_text=True), url
    # a best-effort result, not nothing
    assert total(client.get("/?sort=sideways&q=portal").get_data(as_text=True)) > 0
    assert "<mark>" in client.get("/?page=999999&q=portal").get_data(as_text=True)


ABSURD = "99999999999999999999"


def test_out_of_range_years_and_pages_get_a_notice_on_every_backend(client):
    """An absurd number once made tantivy answer 500 ("Expected I64"): it is
    left out with a notice, and the rest of the search still runs."""
    cases = {
        f"/?q=portal&year_to={ABSURD}": "year_to must be a year from -9999 to 9999",
        f"/?q=portal&year_from=-{ABSURD}": "year_from must be a year from -9999 to 9999",
        f"/?q=portal&year={ABSURD}": "year must be a year from -9999 to 9999",
        f"/?q=portal&page={ABSURD}": "page must be a whole number from 1 to 1000",
        f"/?q=portal&size={ABSURD}": "size must be a whole number from 1 to 50",
    }
    everything = total(client.get("/?q=portal").get_data(as_text=True))
    for url, message in cases.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert message in html and "That part of the search was left out." in html, url
        assert total(html) == everything, url
    # a sound year next to an absurd one still narrows
    html = client.get(f"/?year=2021&year={ABSURD}").get_data(as_text=True)
    assert hit_titles(html) == ["Fiji one stop shop portal: a case study"]


def test_facet_values_by_name_and_unknown_ones_with_a_notice(client):
    html = client.get("/?country=Fiji").get_data(as_text=True)
    assert hit_titles(html) == ["Fiji one stop shop portal: a case study"]
    assert "Country: Fiji" in html and checked_values(html, "country") == {"FJI"}
    assert hit_titles(client.get("/?country=fji&doc_type=Case+study").get_data(as_text=True)) == [
        "Fiji one stop shop portal: a case study"]
    everything = total(client.get("/").get_data(as_text=True))
    unknown = client.get("/?country=XYZ").get_data(as_text=True)
    assert "No country XYZ; give an ISO 3166 code such as FJI or a country name such as Fiji." in unknown
    assert total(unknown) == everything            # left out, not an empty page
    typo = client.get("/?doc_type=case-studies&country=FJI").get_data(as_text=True)
    assert "No document type case-studies; did you mean case-study?" in typo
    assert hit_titles(typo) == ["Fiji one stop shop portal: a case study"]


def test_results_page_weighs_at_most_50_kb_compressed_including_css(tmp_path):
    """A worst case: a full page of hits with long snippets, every facet
    holding many values (60 documents over 60 countries, all types and topics)."""
    from indexes.whoosh import WhooshIndex
    from kb import taxonomy
    from web import create_app

    countries = [c for c in taxonomy.all_countries() if c.subregion][:60]
    topics = list(taxonomy.TOPICS)
    types = list(taxonomy.DOC_TYPES)
    words = "digital government portal services registry citizens identity open data " * 30
    docs = [make_document(
        uri=f"/bulk/{i}.pdf", title=f"Portal programme {i}: {c.name} whole-of-government review",
        countries=(c.code,), regions=(c.subregion,), sids=(c.sids_group,) if c.sids_group else (),
        topics=(topics[i % len(topics)], topics[(i + 7) % len(topics)]),
        doc_type=types[i % len(types)], year=1995 + i % 30, source=f"Source {i % 12}",
        language=("en", "fr", "es")[i % 3], format=("pdf", "pptx", "docx", "html")[i % 4],
        pages=tuple(f"Page {p} of the {c.name} review. {words}" for p in range(1, 6)),
    ) for i, c in enumerate(countries)]
    index = WhooshIndex(tmp_path / "index")
    try:
        index.upsert(docs)
        client = create_app(Settings(data_dir=tmp_path), index=index).test_client()
        page = "/?q=portal+services&size=10"
        html = client.get(page).get_data(as_text=True)
        assert total(html) == 60 and len(hit_titles(html)) == 10
        assert len(facet_counts(html, "country")) == 30      # the facet limit
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
        assert assets == ["/static/kb.css", "/static/kb.js"]
        weight = wire_size(client, page) + sum(wire_size(client, a) for a in assets)
        print("results page weight, gzip:", weight)
        assert weight <= 50 * 1024, weight
        for lang in ("fr", "es", "pt"):            # translated labels and CLDR names too
            translated = wire_size(client, f"{page}&lang={lang}") + sum(wire_size(client, a) for a in assets)
            print(f"results page weight in {lang}, gzip:", translated)
            assert translated <= 50 * 1024, (lang, translated)
    finally:
        index.close()


def test_no_gzip_for_clients_that_do_not_ask(client):
    response = client.get("/")
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" in response.headers["Vary"]
    zipped = client.get("/", headers={"Accept-Encoding": "gzip, br"})
    assert gzip.decompress(zipped.get_data()).decode().startswith("<!doctype html>")


def test_landmarks_labels_and_skip_link(client):
    html = client.get("/?q=portal").get_data(as_text=True)
    for landmark in ("<header", "<nav", "<main", "<aside", "<footer", 'role="search"'):
        assert landmark in html
    assert '<a class="skip" href="#main">' in html
    ids = set(re.findall(r'<input[^>]* id="([^"]+)"', html)) | set(re.findall(r'<select[^>]* id="([^"]+)"', html))
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    assert ids and ids <= labelled, ids - labelled
    assert '<details class="facets" open>' in html


def test_demo_corpus_is_labelled_as_sample_data(tmp_path):
    from indexes.whoosh import WhooshIndex
    from web import create_app

    index = WhooshIndex(tmp_path / "index")
    try:
        index.upsert([make_document(uri="/demo/a.pdf", source="KB demo corpus")])
        html = create_app(Settings(data_dir=tmp_path), index=index).test_client().get("/").get_data(as_text=True)
        assert "illustrative sample data" in html
    finally:
        index.close()


def test_a_running_app_shows_newly_indexed_documents(tmp_path):
    """No results are cached across requests: a document committed after the
    app started shows up on the next search."""
    from indexes.whoosh import WhooshIndex
    from web import create_app

    index = WhooshIndex(tmp_path / "index")
    try:
        client = create_app(Settings(data_dir=tmp_path), index=index).test_client()
        assert total(client.get("/").get_data(as_text=True)) == 0
        assert "illustrative sample data" not in client.get("/").get_data(as_text=True)
        index.upsert([make_document(uri="/n/new.pdf", title="Tonga e-cabinet",
                                    origins={"title": Origin("curated")})])
        assert hit_titles(client.get("/?q=tonga").get_data(as_text=True)) == ["Tonga e-cabinet"]
    finally:
        index.close()


def _selected_sort(html: str) -> tuple[str, str]:
    import re

    menu = re.search(r'<select id="sort" name="sort">(.*?)</select>', html, re.S).group(1)
    return re.search(r'<option value="([^"]*)" selected>([^<]*)</option>', menu).groups()


def test_the_sort_menu_shows_the_order_applied(client):
    # browsing without words: newest first, in the heading and in the menu alike
    browse = client.get("/").get_data(as_text=True)
    assert "newest first</h1>" in browse
    assert _selected_sort(browse) == ("", "Newest first")
    # submitting that form unchanged (as a browser without JS does: sort=) keeps the order
    again = client.get("/?q=&sort=&year_from=").get_data(as_text=True)
    assert hit_titles(again) == hit_titles(browse)
    assert _selected_sort(again) == ("", "Newest first")
    # typing a query next, with the menu's entry sent along, sorts by relevance
    query = client.get("/?q=portal&sort=").get_data(as_text=True)
    assert _selected_sort(query) == ("", "Relevance")
    assert hit_titles(query) == hit_titles(client.get("/?q=portal").get_data(as_text=True))
    # an order chosen in the menu is shown and kept
    assert _selected_sort(client.get("/?sort=relevance").get_data(as_text=True)) == ("relevance", "Relevance")
    assert _selected_sort(client.get("/?q=portal&sort=title").get_data(as_text=True)) == ("title", "Title")
    # asked-for relevance with no words is not called newest first
    assert "newest first</h1>" not in client.get("/?sort=relevance").get_data(as_text=True)


def test_a_very_long_query_is_echoed_short_and_its_notice_is_shown(client):
    import re

    text = " ".join(["portal"] + [f"word{i}" for i in range(900)])      # about 5,900 characters
    html = client.get("/", query_string={"q": text}).get_data(as_text=True)
    heading = re.search(r'<h1 id="rh"[^>]*>(.*?)</h1>', html, re.S).group(1)
    assert len(heading) < 130 and heading.endswith("…”") and "for “portal word0" in heading
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert len(title) < 130 and "…" in title
    assert "Your query was shortened" in html
    # one unbroken 5,000-character word is cut too
    blob = client.get("/", query_string={"q": "x" * 5000}).get_data(as_text=True)
    heading = re.search(r'<h1 id="rh"[^>]*>(.*?)</h1>', blob, re.S).group(1)
    assert len(heading) < 130 and "…" in heading


def test_no_results_messages_are_sentences(client):
    import re

    def none(url):
        found = re.search(r'<p class="none">(.*?)</p>', client.get(url).get_data(as_text=True), re.S)
        return found.group(1) if found else None

    assert none("/?q=zzyzxqq") == "No documents match; try fewer or other words."
    assert none("/?q=zzyzxqq&country=FJI") == \
        "No documents match; try fewer or other words, or remove a filter."
    assert none("/?country=FJI&doc_type=meeting") == \
        "No documents match these filters; try removing one."
    for url in ("/?q=zzyzxqq", "/?q=zzyzxqq&country=FJI", "/?country=FJI&doc_type=meeting"):
        assert "or fewer words." not in client.get(url).get_data(as_text=True)


def test_a_query_of_punctuation_alone_lists_everything_with_a_notice(client, web_documents):
    for text in ("!@#$%", "&*()", "()", "AND"):
        html = client.get("/", query_string={"q": text}).get_data(as_text=True)
        assert total(html) == len(web_documents), text
        assert "Your query has no words to search for (punctuation and very common words " \
               "are ignored); showing all documents." in html, text


def test_a_value_named_by_label_can_be_removed_by_its_chip_and_checkbox(client):
    html = client.get("/?q=portal&country=Fiji&country=XYZ&doc_type=case-study").get_data(as_text=True)
    chips = html[html.index('class="chips"'):]
    chips = chips[: chips.index("</ul>")]
    assert "Country: Fiji" in chips
    # the chip's link removes the country, whatever name the URL gave it, and
    # the unknown value (reported in a notice) is not carried along
    assert 'href="/?q=portal&amp;doc_type=case-study"' in chips
    assert "XYZ" not in chips
    removed = client.get("/?q=portal&doc_type=case-study").get_data(as_text=True)
    assert checked_values(removed, "country") == set()


def test_thesaurus_terms_are_shown_and_can_be_switched_off(client):
    # "guichet unique" is the one-stop shop of the thesaurus: English documents answer
    html = client.get("/?q=guichet+unique").get_data(as_text=True)
    assert "Also searched:" in html and "one-stop shop" in html
    assert "ChileAtiende service network strategy" in html
    assert 'href="/?q=guichet+unique&amp;expand=0"' in html
    off = client.get("/?q=guichet+unique&expand=0").get_data(as_text=True)
    assert "Also searched:" not in off and "Only the words you typed were searched." in off
    assert '<input type="hidden" name="expand" value="0">' in off
    assert "ChileAtiende service network strategy" not in off
    # in French, the same line in French
    fr = client.get("/?q=guichet+unique&lang=fr").get_data(as_text=True)
    assert "Également recherché" in fr
    # the API says what was added, and refuses a switch it cannot read
    data = client.get("/api/search?q=guichet+unique").get_json()
    assert "one-stop shop" in data["expanded"]
    assert client.get("/api/search?q=guichet+unique&expand=0").get_json()["expanded"] == []
    bad = client.get("/api/search?q=x&expand=maybe&lang=en")
    assert bad.status_code == 400 and "expand must be 1" in bad.get_json()["error"]["message"]
