"""The texts of the demo corpus, one module per format. All written for KB."""
from .pdf_docs import DOCS as PDF_DOCS
from .pptx_docs import DOCS as PPTX_DOCS
from .docx_docs import DOCS as DOCX_DOCS
from .html_docs import DOCS as HTML_DOCS

ALL_DOCS = PDF_DOCS + PPTX_DOCS + DOCX_DOCS + HTML_DOCS

_REQUIRED = ("file", "title", "author", "org", "year", "date_text", "lang", "countries",
             "doc_type", "topics", "sids", "regions", "description", "pages")
for _doc in ALL_DOCS:
    for _key in _REQUIRED:
        assert _key in _doc, (_doc.get("file"), _key)
