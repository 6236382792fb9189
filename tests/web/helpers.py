"""Reading what a person sees out of the server's HTML, for the tests."""
from __future__ import annotations

import gzip
import re

_FACET_ROW = re.compile(
    r'name="(?P<facet>[^"]+)" value="(?P<value>[^"]*)"(?P<checked> checked)?>'
    r'<label[^>]*>.*?<span class="n">(?P<count>\d+)</span>')
_TOTAL = re.compile(r'<h1 id="rh"[^>]*>(?P<n>[\d,]+) document')
_HIT_TITLE = re.compile(r'<li class="hit">\s*<h2><a href="[^"]+">(?P<title>.*?)</a></h2>', re.S)


def facet_counts(html: str, facet: str) -> dict[str, int]:
    """value -> count shown beside the checkbox of that value."""
    return {m["value"]: int(m["count"]) for m in _FACET_ROW.finditer(html) if m["facet"] == facet}


def checked_values(html: str, facet: str) -> set[str]:
    return {m["value"] for m in _FACET_ROW.finditer(html) if m["facet"] == facet and m["checked"]}


def total(html: str) -> int:
    m = _TOTAL.search(html)
    assert m, "no result count heading on the page"
    return int(m["n"].replace(",", ""))


def hit_titles(html: str) -> list[str]:
    return [m["title"] for m in _HIT_TITLE.finditer(html)]


def wire_size(client, path: str) -> int:
    """Bytes a gzip-accepting client receives for `path`; checks it was gzipped."""
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200, path
    assert response.headers.get("Content-Encoding") == "gzip", path
    body = response.get_data()
    gzip.decompress(body)            # really gzip
    return len(body)
