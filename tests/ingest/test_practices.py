"""Practice cards: what a trainer reading a card would check. Each field comes
from the page under the heading that announces it, in four languages; a field
the text does not state is absent; curated values win; every number on a card
is on the page it links to (on every card of the demo corpus); the cards go
through the catalog's and the index's stored form unchanged."""
from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timezone

import pytest

from ingest.enrichers.practices import apply_curated, extract_practices, heading_kind
from ingest.pipeline import Task, build_document
from ingest.sources.manifest import ManifestError, curated_fields
from kb.errors import KbError
from kb.models import PRACTICE_FIELDS, Page
from kb.protocols import Hints, Limits
from kb.serialize import document_from_dict, document_to_dict
from tests.conftest import DEMO_CORPUS, ROOT, make_document


def pages(*sections: tuple[str, str]) -> tuple[Page, ...]:
    return tuple(Page(i, f"{h}\n{body}", title=h) for i, (h, body) in enumerate(sections, start=1))


def build(path):
    data = path.read_bytes()
    return build_document(Task(uri=str(path), data=data, hints=Hints(name=path.name), curated={},
                               source="test", content_hash=hashlib.sha256(data).hexdigest(),
                               limits=Limits(), fetched_at=datetime.now(timezone.utc)))


@pytest.mark.parametrize("heading, kind", [
    ("The challenge", "challenge"), ("1. Le défi : des registres perdus", "challenge"),
    ("Problème", "challenge"), ("Desafío", "challenge"), ("O problema", "challenge"),
    ("2. La solución: una plataforma única", "solution"), ("Ce qui a été fait", "solution"),
    ("O que foi feito", "solution"), ("Resultados (números ilustrativos)", "results"),
    ("3. Les résultats", "results"), ("Lessons learned", "lessons"), ("Leçons apprises", "lessons"),
    ("Lecciones aprendidas", "lessons"), ("Lições aprendidas", "lessons"),
    ("Coût et financement", "cost"), ("Parceiros", "partners"), ("Contacto", "contact"),
    ("Capítulo II. Firma digital", None), ("Vision and pillars", None),
])
def test_headings_are_read_in_four_languages(heading, kind):
    assert heading_kind(heading) == kind


def test_a_card_takes_each_field_from_its_page_and_says_why():
    doc = make_document(title="Atlantis: Paying Fees by Phone", format="html", countries=("FJI",), pages=pages(
        ("Atlantis: Paying Fees by Phone", "A case study from Fiji."),
        ("Le défi", "Les usagers faisaient la queue pendant 3 heures au guichet de Suva."),
        ("La solution", "Un paiement mobile a été ouvert en 2019 pour 14 services."),
        ("Résultats", "En 2021, 62 % des paiements passaient par le téléphone."),
    ))
    (card,) = extract_practices(doc)
    assert card.challenge.page == 2 and "3 heures" in card.challenge.value
    assert card.solution.page == 3 and card.results.page == 4
    assert card.results.origin.kind == "extracted" and "Résultats" in card.results.origin.reason
    assert card.country.value == "FJI" and card.country.page == 1
    assert card.outcome.value == "worked"
    # Not in the text: absent, never filled in.
    assert card.lessons is None and card.cost is None and card.contact is None and card.partners is None


def test_a_strategy_or_a_law_makes_no_card():
    law = make_document(format="docx", pages=pages(
        ("Capítulo I. Disposiciones generales", "Artículo 1. Objeto."),
        ("Capítulo II. Firma digital", "Artículo 5. La firma digital tiene valor legal."),
    ))
    strategy = make_document(format="docx", pages=pages(
        ("Vision and pillars", "Four pillars guide the strategy."),
        ("Recommendations", "Invest in skills."),
    ))
    assert extract_practices(law) == () and extract_practices(strategy) == ()


def test_a_failure_is_said_and_partial_success_too():
    def card(results: str):
        doc = make_document(format="html", pages=pages(
            ("Title", "x"), ("The problem", "Queues."), ("The solution", "An app."), ("Results", results)))
        return extract_practices(doc)[0]
    assert card("The app was abandoned in 2018.").outcome.value == "did-not"
    assert card("Waiting times fell, but the portal is used only partly outside the capital.").outcome.value == "partly"
    assert card("Waiting times fell from 3 hours to 20 minutes.").outcome.value == "worked"


def test_curated_values_win_and_say_so():
    doc = make_document(format="html", pages=pages(
        ("Title", "x"), ("The problem", "Queues."), ("The solution", "An app."), ("Results", "Fewer queues.")))
    (card,) = apply_curated(extract_practices(doc), {"contact": "Digital office", "outcome": "partly"})
    assert card.contact.value == "Digital office" and card.contact.origin.kind == "curated"
    assert card.outcome.value == "partly" and card.outcome.origin.kind == "curated"
    assert card.solution.origin.kind == "extracted"
    # A manifest row with practice_* columns, checked like the other columns.
    assert curated_fields({"path": "a.pdf", "practice_contact": "Digital office"})["practice"] == {
        "contact": "Digital office"}
    with pytest.raises(ManifestError):
        curated_fields({"path": "a.pdf", "practice_outcome": "great"})
    assert issubclass(ManifestError, KbError)


def test_cards_survive_the_stored_form():
    doc = make_document(format="html", pages=pages(
        ("Title", "x"), ("The problem", "Queues."), ("The solution", "An app."), ("Results", "Fewer queues.")))
    doc = doc.__class__(**{**doc.__dict__, "practices": extract_practices(doc)})
    data = json.loads(json.dumps(document_to_dict(doc, pages=False)))
    assert data["practices"][0]["lessons"] is None          # absent fields are in the JSON, as null
    back = document_from_dict({**data, "pages": [
        {"number": p.number, "text": p.text, "title": p.title} for p in doc.pages]})
    assert back.practices == doc.practices
    # A document stored before cards existed reads with none.
    data.pop("practices")
    assert document_from_dict(data).practices == ()


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@pytest.fixture(scope="module")
def demo_documents():
    return [build(p) for p in sorted(DEMO_CORPUS.iterdir()) if p.suffix != ".csv"]


def test_every_number_on_every_demo_card_is_on_the_page_it_links_to(demo_documents):
    checked = 0
    for doc in demo_documents:
        text = {p.number: " ".join(p.text.split()) for p in doc.pages}
        for card in doc.practices:
            for name in PRACTICE_FIELDS:
                f = card.get(name)
                if f is None or name in ("country", "outcome", "solution_type"):
                    continue
                assert f.page in text, (doc.title, name)
                for number in _NUMBER.findall(f.value):
                    assert number in text[f.page], (doc.title, name, number, f.page)
                    checked += 1
    assert checked > 50


def test_the_demo_holds_case_studies_in_four_languages_with_cards(demo_documents):
    labels = json.loads((ROOT / "bench" / "eval" / "practices.json").read_text(encoding="utf-8"))["documents"]
    assert sum(1 for cards in labels.values() if cards) >= 25
    with_cards = [d for d in demo_documents if d.practices]
    assert {d.language for d in with_cards} == {"en", "fr", "es", "pt"}
    assert {c.outcome.value for d in with_cards for c in d.practices if c.outcome} == {"worked", "partly", "did-not"}


def test_the_labelled_set_meets_the_goal():
    from bench.practice_eval import evaluate
    result = evaluate(with_misses=False)
    assert result["case_studies"] >= 25
    assert not result["invented_figures"]
    for name, target in result["targets"].items():
        assert target["met"], (name, target)
