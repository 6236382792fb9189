"""The Practices view as data: practice cards that match a search, with the
search's facets plus "outcome" and "solution type", and the one-line summary
a search hit shows when its document holds a card.

Cards live in their documents (`Document.practices`, kept in the stored JSON
of every backend), so the index needs no field of its own for them: the
documents that match the words are asked for their cards, and the facets are
counted here over those cards, disjunctively like the search page's (a
facet's counts apply every other facet's selection, so each count says what
a click gives). A card's country, UN region and SIDS group are the card's
own where it names one (a document comparing two countries has a card for
each), the document's otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from kb import peers
from kb.models import FACETS, OUTCOMES, Document, FacetCount, Practice, Query
from kb.protocols import Index
from kb.service import BadParameter, N_, read_params
from kb.settings import Settings
from kb.taxonomy import countries as country_table
from kb.taxonomy import topics

PRACTICE_FACETS: tuple[str, ...] = FACETS + ("outcome", "solution_type")
# Documents a Practices search reads at most (best matches first): the cards
# are counted over these. A repository with more case studies than this
# needs the cards indexed as a field of their own.
MAX_DOCUMENTS = 1000
MAX_PAGE_SIZE = 50
UNKNOWN_OUTCOME = N_("outcome must be one of %(choices)s, not %(value)s.")
UNKNOWN_SOLUTION = N_("%(value)s is not a known solution type.")


@dataclass(frozen=True)
class CardRow:
    """One card with the document it is in."""

    document: Document
    number: int                   # the card's place in its document, from 1
    card: Practice

    @property
    def doc_id(self) -> str:
        return self.document.id

    def values(self, facet: str) -> tuple[str, ...]:
        card = self.card
        if facet == "outcome":
            return (card.outcome.value,) if card.outcome else ()
        if facet == "solution_type":
            return (card.solution_type.value,) if card.solution_type else ()
        if facet in ("country", "region", "sids") and card.country:
            info = country_table.get(card.country.value)
            if facet == "country":
                return (card.country.value,)
            value = (info.subregion if facet == "region" else info.sids_group) if info else None
            return (value,) if value else ()
        return self.document.facet_values(facet)


@dataclass(frozen=True)
class PracticeQuery:
    query: Query                                   # words, document facets, years, page
    outcome: tuple[str, ...] = ()
    solution_type: tuple[str, ...] = ()

    @property
    def filters(self) -> dict[str, tuple[str, ...]]:
        out = dict(self.query.filters)
        if self.outcome:
            out["outcome"] = self.outcome
        if self.solution_type:
            out["solution_type"] = self.solution_type
        return out


@dataclass(frozen=True)
class PracticeResults:
    query: PracticeQuery
    rows: tuple[CardRow, ...]
    total: int
    facets: Mapping[str, tuple[FacetCount, ...]] = field(default_factory=dict)
    documents_read: int = 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.query.page_size))


def read_practice_params(params: Mapping[str, Sequence[str]], settings: Settings
                         ) -> tuple[PracticeQuery, list[BadParameter]]:
    """`kb.service.read_params` plus `outcome` and `solution_type` (a topic
    slug or its label), each value checked; what cannot be used is returned."""
    query, problems = read_params(params, settings)

    def many(key: str) -> list[str]:
        raw = params.get(key) or ()
        return [raw] if isinstance(raw, str) else [v.strip() for v in raw if v and v.strip()]

    outcomes: list[str] = []
    for raw in many("outcome"):
        value = raw.lower().replace(" ", "-")
        if value in OUTCOMES:
            outcomes.append(value)
        else:
            problems.append(BadParameter("outcome", UNKNOWN_OUTCOME % {"choices": ", ".join(OUTCOMES),
                                                                       "value": repr(raw)},
                                         raw, UNKNOWN_OUTCOME, {"choices": ", ".join(OUTCOMES),
                                                                "value": repr(raw)}))
    kinds: list[str] = []
    for raw in many("solution_type"):
        value = raw if raw in topics.TOPICS else next(
            (slug for slug, t in topics.TOPICS.items() if t.label.lower() == raw.lower()), None)
        if value:
            kinds.append(value)
        else:
            problems.append(BadParameter("solution_type", UNKNOWN_SOLUTION % {"value": repr(raw)},
                                         raw, UNKNOWN_SOLUTION, {"value": repr(raw)}))
    return PracticeQuery(query, tuple(dict.fromkeys(outcomes)), tuple(dict.fromkeys(kinds))), problems


def card_rows(index: Index, text: str = "", limit: int = MAX_DOCUMENTS) -> tuple[list[CardRow], int]:
    """Every card of the documents that match `text` (all documents when it
    is empty), best match first, and how many documents were read."""
    rows: list[CardRow] = []
    read = 0
    page = 1
    sort = "relevance" if text else "newest"
    while read < limit:
        results = index.search(Query(text=text, sort=sort, page=page, page_size=MAX_PAGE_SIZE,
                                     facets=(), mode="keyword"))
        for hit in results.hits:
            read += 1
            doc = index.get(hit.id)
            if doc is not None:
                rows.extend(CardRow(doc, i, card) for i, card in enumerate(doc.practices, start=1))
        if page >= results.pages or not results.hits:
            break
        page += 1
    return rows, read


def _matches(row: CardRow, filters: Mapping[str, tuple[str, ...]], q: Query, skip: str | None = None) -> bool:
    for facet, wanted in filters.items():
        if facet != skip and not set(row.values(facet)) & set(wanted):
            return False
    if skip != "year" and (q.year_from is not None or q.year_to is not None):
        year = row.document.year
        if year is None or (q.year_from is not None and year < q.year_from) \
                or (q.year_to is not None and year > q.year_to):
            return False
    return True


def facet_counts(rows: Iterable[CardRow], pq: PracticeQuery, limit: int = 50) -> dict[str, tuple[FacetCount, ...]]:
    rows = list(rows)
    filters = pq.filters
    out: dict[str, tuple[FacetCount, ...]] = {}
    for facet in PRACTICE_FACETS:
        counts: dict[str, int] = {}
        for row in rows:
            if _matches(row, filters, pq.query, skip=facet):
                for value in set(row.values(facet)):
                    counts[value] = counts.get(value, 0) + 1
        selected = set(filters.get(facet, ()))
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        out[facet] = tuple(FacetCount(v, n, v in selected) for v, n in ranked)
    return out


def search_practices(index: Index, pq: PracticeQuery) -> PracticeResults:
    rows, read = card_rows(index, pq.query.text)
    kept = [r for r in rows if _matches(r, pq.filters, pq.query)]
    if pq.query.sort == "newest" or (not pq.query.text and pq.query.sort == "relevance"):
        kept.sort(key=lambda r: -(r.document.year or -10000))
    elif pq.query.sort == "oldest":
        kept.sort(key=lambda r: r.document.year or 10000)
    elif pq.query.sort == "title":
        kept.sort(key=lambda r: (r.card.name.value if r.card.name else r.document.title).lower())
    elif pq.query.sort == "added":
        kept.sort(key=lambda r: -r.document.added_seconds())        # not known (0): last
    size = pq.query.page_size
    start = (pq.query.page - 1) * size
    return PracticeResults(pq, tuple(kept[start:start + size]), len(kept), facet_counts(rows, pq), read)


def summaries(index: Index, ids: Iterable[str]) -> dict[str, str]:
    """The one-line summary of the first card of each document that has one
    (for the search results)."""
    out: dict[str, str] = {}
    for doc_id in ids:
        doc = index.get(doc_id)
        if doc is not None and doc.practices and doc.practices[0].summary:
            out[doc_id] = doc.practices[0].summary
    return out


# ------------------------------------------------------------------ peers

ON_TOPIC = N_("on %(topic)s, which %(num)s of this country's documents raise")
SAME_SOLUTION = N_("the same kind of solution (%(topic)s)")


@dataclass(frozen=True)
class Suggestion:
    """A practice suggested to a country: the card, how close its country
    is, and why it was suggested (`kb.peers.Reason`s, strongest first)."""

    doc_id: str
    number: int
    country: str
    name: str
    score: float
    reasons: tuple[peers.Reason, ...]
    contact: str | None = None
    solution_type: str | None = None


def _suggestion(row: CardRow, peer: peers.Peer, score: float, extra: Iterable[peers.Reason] = (),
                extra_first: bool = True) -> Suggestion:
    card = row.card
    return Suggestion(row.doc_id, row.number, card.country.value,
                      card.name.value if card.name else row.document.title, round(score, 4),
                      tuple(extra) + peer.reasons if extra_first else peer.reasons + tuple(extra),
                      card.contact.value if card.contact else None,
                      card.solution_type.value if card.solution_type else None)


def _rows_where(index: Index, filters: Mapping[str, tuple[str, ...]], limit: int = 200) -> list[CardRow]:
    rows: list[CardRow] = []
    page, read = 1, 0
    while read < limit:
        results = index.search(Query(filters=dict(filters), sort="newest", page=page,
                                     page_size=MAX_PAGE_SIZE, facets=(), mode="keyword"))
        for hit in results.hits:
            read += 1
            doc = index.get(hit.id)
            if doc is not None:
                rows.extend(CardRow(doc, i, c) for i, c in enumerate(doc.practices, start=1))
        if page >= results.pages or not results.hits:
            break
        page += 1
    return rows


def countries_like_this(index: Index, doc: Document, card: Practice, limit: int = 5) -> list[Suggestion]:
    """"Countries like <country> that did this": cards of other countries
    with the same kind of solution, closest country first."""
    if card.country is None or card.solution_type is None:
        return []
    home, kind = card.country.value, card.solution_type.value
    found: dict[str, Suggestion] = {}
    for row in _rows_where(index, {"topic": (kind,)}):
        other = row.card
        if row.doc_id == doc.id or other.country is None or other.country.value == home:
            continue
        if not (other.solution_type and other.solution_type.value == kind):
            continue
        peer = peers.similarity(home, other.country.value)
        if peer is None:
            continue
        s = _suggestion(row, peer, peer.score, (peers.Reason(SAME_SOLUTION, {"topic": kind}, 0.0),))
        if s.country not in found or found[s.country].score < s.score:
            found[s.country] = s
    return sorted(found.values(), key=lambda s: (-s.score, s.country, s.doc_id))[:limit]


def what_peers_did(index: Index, code: str, limit: int = 10, peer_count: int = 25) -> list[Suggestion]:
    """"What peers did" for a country page: the cards of the closest
    countries, ranked by how close the country is and by how much the
    practice's subject is one this country's own documents raise."""
    close = {p.code: p for p in peers.peers(code, limit=peer_count)}
    if not close:
        return []
    own = index.search(Query(filters={"country": (code,)}, page_size=1, facets=("topic",), facet_limit=50))
    topic_counts = {c.value: c.count for c in own.facets.get("topic", ())}
    most = max(topic_counts.values(), default=0)
    out: list[Suggestion] = []
    for row in _rows_where(index, {"country": tuple(close)}):
        card = row.card
        if card.country is None or card.country.value not in close:
            continue
        peer = close[card.country.value]
        subjects = ([card.solution_type.value] if card.solution_type else []) + list(row.document.topics)
        best = max(subjects, key=lambda t: topic_counts.get(t, 0), default=None)
        relevance = topic_counts.get(best, 0) / most if best and most else 0.0
        extra = [peers.Reason(ON_TOPIC, {"topic": best, "num": str(topic_counts[best])}, relevance)] \
            if relevance else []
        out.append(_suggestion(row, peer, peer.score + 0.5 * relevance, extra, extra_first=False))
    out.sort(key=lambda s: (-s.score, s.country, s.doc_id, s.number))
    return out[:limit]
