"""The web side of `kb.authz`: every view names its action with `@guard`,
which asks `kb.authz.check` (the one table) before the view runs; a view
that acts on a particular object asks again with it (`authorize(action,
target)`), so the table can decide by the object too (a withdrawn document).

The authorization test walks the app's URL map and fails for any endpoint
that has no action here and is not in `PUBLIC_ENDPOINTS`, so a route cannot
be added without a decision about who may use it."""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import g
from flask_login import current_user

from kb import authz
from kb.accounts import User
from web.context import kb_context

# Served to everyone, even in a private repository: the CSS and JS the sign-in
# page itself needs. Nothing else belongs here.
PUBLIC_ENDPOINTS = frozenset({"static"})
# POST routes that only read, so they take no CSRF token: an OAI-PMH harvester
# may send its request as a form POST (the protocol allows GET and POST
# alike), and that request changes nothing. Nothing that writes belongs here.
READING_POSTS = frozenset({"oai.endpoint"})


def current_account() -> User | None:
    """The signed-in account of this request (by its session cookie, or by an
    API token on the JSON API's write routes: `web.api_curation`), or None."""
    token_user = g.get("kb_token_user")
    if token_user is not None:
        return token_user
    if getattr(current_user, "is_authenticated", False):
        return current_user.account
    return None


def allowed(action: str, target: object = None) -> bool:
    """Whether the current account may do `action` (for templates: show a
    button only to whoever may press it)."""
    return authz.allowed(action, current_account(), target,
                         private=kb_context().settings.is_private)


def authorize(action: str, target: object = None) -> None:
    """`kb.authz.check` for the current request: raises the 401/403 the one
    error handler renders."""
    authz.check(action, current_account(), target, private=kb_context().settings.is_private)


def guard(action: str) -> Callable:
    """Decorate a view: `authorize(action)` runs before it. The action is kept
    on the view function (`kb_action`) for the authorization test."""
    if action not in authz.RULES:
        raise KeyError(action)           # a typo in a view's action: no such row in the table

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            authorize(action)
            return view(*args, **kwargs)

        guarded.kb_action = action
        return guarded

    return decorate


def action_of(view: Callable) -> str | None:
    return getattr(view, "kb_action", None)
