"""The texts of the demo corpus: one module per format for the first thirty
documents, then one per language (French, Spanish, Portuguese). All written for KB."""
from .pdf_docs import DOCS as PDF_DOCS
from .pptx_docs import DOCS as PPTX_DOCS
from .docx_docs import DOCS as DOCX_DOCS
from .html_docs import DOCS as HTML_DOCS
from .fr_docs import DOCS as FR_DOCS
from .es_docs import DOCS as ES_DOCS
from .pt_docs import DOCS as PT_DOCS
from .practice_docs import DOCS as PRACTICE_DOCS

# The French, Spanish and Portuguese modules hold documents of every format;
# they come last so the rows of the older documents keep their place; the
# case studies written for the practice cards after them.
ALL_DOCS = PDF_DOCS + PPTX_DOCS + DOCX_DOCS + HTML_DOCS + FR_DOCS + ES_DOCS + PT_DOCS + PRACTICE_DOCS

_REQUIRED = ("file", "title", "author", "org", "year", "date_text", "lang", "countries",
             "doc_type", "topics", "sids", "regions", "description", "pages")
for _doc in ALL_DOCS:
    for _key in _REQUIRED:
        assert _key in _doc, (_doc.get("file"), _key)
