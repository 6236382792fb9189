"""HTML extraction: the page's own content without site chrome."""
from __future__ import annotations

from datetime import datetime, timezone

from ingest.extract import extract
from kb.protocols import Hints, Limits

from .builders import make_html

PAGE = Hints(name="index.html")
MAIN = (
    "<h1>Open Data Portal</h1><p>Jamaica publishes datasets.</p>"
    "<h2>Licences</h2><p>Open licence for <b>all</b> data.</p><ul><li>CSV</li><li>JSON</li></ul>"
    "<table><tr><th>Year</th><th>Sets</th></tr><tr><td>2020</td><td>150</td></tr></table>"
)


def _text(result) -> str:
    return "\n".join(p.text for p in result.pages)


def test_main_text_present_chrome_absent():
    result = extract(make_html(MAIN), PAGE, Limits())
    text = _text(result)
    assert result.format == "html"
    assert "Jamaica publishes datasets." in text
    assert "CHROME" not in text


def test_sections_at_h1_and_h2_with_block_separation():
    result = extract(make_html(MAIN), PAGE, Limits())
    assert [p.title for p in result.pages] == ["Open Data Portal", "Licences"]
    assert [p.number for p in result.pages] == [1, 2]
    licences = result.pages[1].text
    assert "Open licence for all data." in licences
    assert "CSV\nJSON" in licences.replace("\n\n", "\n")
    assert "2020 | 150" in licences


def test_title_language_description_and_dates():
    head = (
        '<meta name="description" content="Data for all">'
        '<meta name="keywords" content="open data, Jamaica">'
        '<meta property="article:published_time" content="2021-06-01T10:00:00Z">'
    )
    result = extract(make_html(MAIN, title="Open Data | Gov", lang="en-JM", head=head), PAGE, Limits())
    # the page's heading says more than its <title> without the site's name
    assert result.title == "Open Data Portal"
    assert result.metadata["title"] == "Open Data | Gov"
    assert result.metadata["language"] == "en"
    assert result.metadata["description"] == "Data for all"
    assert result.metadata["keywords"] == "open data, Jamaica"
    assert result.metadata["created"] == datetime(2021, 6, 1, 10, 0, tzinfo=timezone.utc)


def test_dc_date_and_first_h1_as_title_fallback():
    page = (
        b'<html><head><meta name="DC.date.issued" content="2015-02-03"></head>'
        b"<body><h1>Budget 2015</h1><p>Figures.</p></body></html>"
    )
    result = extract(page, PAGE, Limits())
    assert result.title == "Budget 2015"
    assert result.metadata["created"] == datetime(2015, 2, 3)


def test_without_main_the_body_is_used_and_chrome_still_removed():
    result = extract(make_html("<div><p>Body content only.</p></div>", wrap_main=False), PAGE, Limits())
    assert "Body content only." in _text(result)
    assert "CHROME" not in _text(result)


def test_article_header_is_kept_site_header_dropped():
    main = "<article><header><h1>Press release</h1><p>By the Ministry</p></header><p>News.</p></article>"
    text = _text(extract(make_html(main, wrap_main=False), PAGE, Limits()))
    assert "By the Ministry" in text and "News." in text
    assert "CHROME" not in text


def test_page_full_of_scripts_keeps_only_visible_text():
    scripts = "".join(f"<script>var secret{n} = 'SCRIPTTEXT {n}';</script>" for n in range(200))
    data = make_html(scripts + "<p>Visible paragraph.</p>" + scripts)
    text = _text(extract(data, PAGE, Limits()))
    assert "Visible paragraph." in text
    assert "SCRIPTTEXT" not in text and "secret" not in text


def test_declared_charset_is_honoured():
    data = make_html("<p>Caf\u00e9 num\u00e9rique \u00e0 Port-Louis</p>", charset="iso-8859-1")
    assert b"\xe9" in data
    assert "Caf\u00e9 num\u00e9rique \u00e0 Port-Louis" in _text(extract(data, PAGE, Limits()))


def test_undeclared_bad_bytes_are_replaced_not_fatal():
    data = make_html("<p>Good text</p>", charset=None) + b"<p>\xff\xfe bad</p>"
    assert "Good text" in _text(extract(data, PAGE, Limits()))


def test_long_page_without_headings_is_chunked():
    body = "".join(f"<p>Paragraph {n} on local government services. {'x ' * 200}</p>" for n in range(30))
    result = extract(make_html(body), PAGE, Limits())
    assert len(result.pages) > 3
    assert all(len(p.text) <= 3200 for p in result.pages)


def test_deeply_nested_markup_does_not_overflow():
    body = "<div>" * 5000 + "<p>Deep text</p>" + "</div>" * 5000
    assert "Deep text" in _text(extract(make_html(body), PAGE, Limits()))
