# The README's two commands: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO := demo/corpus
export KB_DATA_DIR ?= var

.PHONY: run test install install-test ingest-demo bench bench-full bench-pdf enrich-eval translations clean \
	solr-launcher solr-start solr-stop solr-configset bench-solr

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# `make run` installs what serving needs; `make test` adds the test extras.
# constraints.txt pins every package, dependencies of dependencies too.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Ingest is incremental: a second `make run` extracts nothing and starts at once.
ingest-demo: install
	$(BIN)/kb ingest manifest $(DEMO)/manifest.csv --source "KB demo corpus" --prune || [ $$? -eq 1 ]

run: ingest-demo
	$(BIN)/kb serve

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench.run --docs 10000

bench-full: install
	$(BIN)/python -m bench.run --docs 10000 --docs 100000

# PDF text by pypdf and by PDFium on ../shared/corpus/pdf: pages/s, words, ingest documents/s.
bench-pdf: install
	$(BIN)/python -m bench.pdf_engines

# Precision/recall of enrichment on the labelled set (bench/eval), and of
# near-duplicate detection on labelled pairs (bench/duplicates_eval.py; its
# converted pairs render the demo texts as PDF with fpdf2), as JSON.
enrich-eval: install-test
	$(BIN)/python -m bench.enrich_eval

# The UI's gettext catalogs (web/translations/): extract every message into
# messages.pot, merge it into each language's messages.po (new messages arrive
# untranslated, and tests/web/test_i18n.py fails until they are translated), and
# compile the .mo files the app reads (committed, so a fresh clone runs as is).
# A fifth language: `$(BIN)/pybabel init -i web/translations/messages.pot -d web/translations -l LL`.
BABEL_KEYWORDS := -k _l -k lazy_gettext -k N_ -k ngettext_num:1,2
translations: install
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output \
		--project KB --version 1.0 -o web/translations/messages.pot .
	$(BIN)/pybabel update -i web/translations/messages.pot -d web/translations \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d web/translations --statistics

# SolrCloud (indexes/solr.py): a MiniSolrCloudCluster of two nodes on 127.0.0.1 with
# KB's configset and a 2-shard x 2-replica collection "kb", built by Maven from
# solr/launcher (offline when the artifacts are already in ~/.m2). `make solr-start`
# prints the KB_SOLR_URL to export; `make solr-stop` stops it.
solr-launcher:
	cd solr/launcher && { mvn -B -q -o package || mvn -B -q package; }

solr-start: solr-launcher
	$(PYTHON) -m solr.cluster start --dir $(KB_DATA_DIR)/solr

solr-stop:
	$(PYTHON) -m solr.cluster stop --dir $(KB_DATA_DIR)/solr

# KB on SolrCloud vs bare Solr vs tantivy (bench/solr.py), JSON; SOLR_DOCS documents.
SOLR_DOCS ?= 20000
bench-solr: install solr-launcher
	$(BIN)/python -m bench.solr --docs $(SOLR_DOCS)

# The configset's stop word files, written from indexes/stopwords.py.
solr-configset: install
	$(BIN)/python -m indexes.solr --write-configset

clean:
	rm -rf $(VENV) var test-output
