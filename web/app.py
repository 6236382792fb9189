"""`create_app`: the web composition root.

It is the one place in `web/` that chooses a concrete index backend (through
`indexes.open_index`), and only when the caller did not hand one in, so tests
and `kb serve` can pass the index they already hold. The index lives on
`app.extensions["kb"]`, never in a module global, so two apps (two tests, two
data directories) never share state."""
from __future__ import annotations

import logging
from typing import Callable

from flask import Flask

from kb.protocols import Index
from kb.settings import Settings
from web.context import KbContext

log = logging.getLogger(__name__)


def _default_opener(settings: Settings) -> Callable[[], Index]:
    def open_() -> Index:
        from indexes import open_index

        return open_index(settings.backend, settings.index_dir, **settings.index_options)

    return open_


def _default_curation(ctx: KbContext):
    """Curation over the catalog under the data directory and the app's index."""
    from ingest.curation import CatalogCuration

    return CatalogCuration(ctx.settings, index_opener=lambda: ctx.index)


def create_app(settings: Settings | None = None, index: Index | None = None) -> Flask:
    """Build the app. `settings` default to the `KB_` environment; `index`
    defaults to the configured backend at `settings.index_dir`."""
    from web import api, api_curation, errors, i18n, security, sessions, templating
    from web.views import (account, browse, bundles, curation, documents, exports, feeds, jobs,
                           oai, practices, search)

    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config.update(
        JSON_SORT_KEYS=False,
        SEND_FILE_MAX_AGE_DEFAULT=3600,   # CSS and JS: one fetch per hour on slow links
        MAX_CONTENT_LENGTH=64 * 1024,     # forms are small; the upload routes raise it (web.views.curation)
    )
    app.json.sort_keys = False
    opener = (lambda: index) if index is not None else _default_opener(settings)
    app.extensions["kb"] = KbContext(settings=settings, opener=opener, _index=index,
                                     curation_factory=_default_curation)

    i18n.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    curation.init_app(app)            # before the CSRF check reads an upload's form
    sessions.init_app(app, settings)
    api_curation.init_app(app)
    app.register_blueprint(search.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(practices.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(curation.bp)
    app.register_blueprint(api_curation.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(oai.bp)
    app.register_blueprint(bundles.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(jobs.api_bp)
    app.register_blueprint(api.bp)
    return app
