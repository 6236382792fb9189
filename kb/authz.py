"""Authorization in one table: who may do what.

Each action has one small rule (a function of the account, the target and
whether the repository is private), and `check` is the one function every web
view, API route and command calls before it acts. No caller decides for
itself; a new action is a new row here. (CKAN keeps its authorization the
same way, and its maintainers settled on it in ckan/ckan#7137.)

`user` is a `kb.accounts.User`, or None for an anonymous reader."""
from __future__ import annotations

from typing import Callable, Optional

from kb.accounts import User
from kb.errors import Forbidden, Unauthorized

Rule = Callable[[Optional[User], object, bool], bool]


def N_(msgid: str) -> str:
    """Marks a message id for the catalogs; the web layer translates it."""
    return msgid


SIGN_IN_NEEDED = N_("Sign in to do this.")
SIGN_IN_TO_READ = N_("This repository is private: sign in to read it.")
NOT_ALLOWED = N_("Your account's role does not allow this.")


def _anyone(user, target, private) -> bool:
    return True


def _reader(user, target, private) -> bool:
    """Reading: anyone, unless the repository is private (then any account)."""
    return user is not None or not private


def _document_reader(user, target, private) -> bool:
    """A document: as reading, but a withdrawn one only for curators."""
    if getattr(target, "withdrawn", False):
        return user is not None and user.has_role("curator")
    return _reader(user, target, private)


def _signed_in(user, target, private) -> bool:
    return user is not None


def _role(role: str) -> Rule:
    def rule(user, target, private) -> bool:
        return user is not None and user.has_role(role)
    rule.__doc__ = f"Accounts with the {role} role or a higher one."
    return rule


RULES: dict[str, Rule] = {
    # reading
    "search": _reader,                 # search, browse, facets, suggestions, the API's lists
    "view_document": _document_reader,  # a document, its pages, its original and other formats
    "view_api_description": _anyone,   # the OpenAPI document: how to use the API, no data
    # accounts
    "sign_in": _anyone,
    "sign_out": _signed_in,
    "manage_users": _role("admin"),
    # curation (the views arrive with upload, editing and jobs)
    "upload": _role("curator"),
    "edit": _role("curator"),
    "withdraw": _role("curator"),
    "delete": _role("curator"),
    "run_job": _role("curator"),
    "view_jobs": _role("curator"),
    "view_audit": _role("admin"),
}


def allowed(action: str, user: User | None, target: object = None, *, private: bool = False) -> bool:
    """Whether `user` may do `action` (to `target`). An unknown action is a
    programming error, not a refusal."""
    return RULES[action](user, target, private)


def check(action: str, user: User | None, target: object = None, *, private: bool = False) -> None:
    """Raise Unauthorized (401) when an anonymous reader may not do `action`,
    Forbidden (403) when the signed-in `user`'s role does not allow it."""
    if allowed(action, user, target, private=private):
        return
    if user is None:
        reading = RULES[action] in (_reader, _document_reader)
        error: Unauthorized | Forbidden = Unauthorized(SIGN_IN_TO_READ if private and reading
                                                       else SIGN_IN_NEEDED)
    else:
        error = Forbidden(NOT_ALLOWED)
    error.template, error.params = str(error), {}
    raise error
