"""Sessions: Flask-Login keeps who is signed in, Flask-WTF guards every
state-changing request with a CSRF token, and the session cookie is
HttpOnly, SameSite=Lax and, behind HTTPS (KB_SECURE_COOKIES=on), Secure.

A sign-in lasts `KB_SESSION_HOURS` from the moment of signing in, however
active the session is; the session carries the account's `session_key`, which
changes with its password or role, so `kb users passwd` or `kb users remove`
ends that account's sessions at their next request.

The secret that signs the cookies comes from KB_SECRET_KEY, or else is made
once and kept in DATA_DIR/secret_key (readable only by its owner), so every
worker of `kb serve` and every restart signs with the same key."""
from __future__ import annotations

import os
import secrets
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from flask import Flask, session
from flask_login import LoginManager, UserMixin
from flask_wtf.csrf import CSRFProtect

from kb.accounts import User
from kb.settings import Settings
from web.context import kb_context

SIGNED_IN_AT = "kb_signed_in_at"
COOKIE = "kb_session"


class SessionUser(UserMixin):
    """What Flask-Login holds for a signed-in request: the account."""

    def __init__(self, account: User):
        self.account = account

    def get_id(self) -> str:
        return f"{self.account.name}|{self.account.session_key}"

    @property
    def name(self) -> str:
        return self.account.name


def secret_key(settings: Settings) -> str:
    """KB_SECRET_KEY, or the key kept under the data directory, made on first
    use. It is written to a private temporary file and then hard-linked into
    place, which fails if the key exists: two workers starting at once agree
    on one key, and no reader ever sees a half-written file."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")   # mode 0600
        try:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
            os.link(temp, path)
        except FileExistsError:
            pass                      # another worker made it first: use theirs
        finally:
            os.unlink(temp)
    return path.read_text(encoding="ascii").strip()


def _load_user(user_id: str) -> SessionUser | None:
    """The account behind a session, unless it was removed, its password or
    role changed, or the sign-in is older than the session lifetime."""
    name, _, key = user_id.partition("|")
    settings = kb_context().settings
    signed_in = session.get(SIGNED_IN_AT)
    if not isinstance(signed_in, (int, float)) or time.time() - signed_in > settings.session_hours * 3600:
        return None
    account = kb_context().accounts.find(name)
    if account is None or not secrets.compare_digest(account.session_key, key):
        return None
    return SessionUser(account)


def start(user: User) -> None:
    """A new session for `user` (the old one, and anything in it, dropped)."""
    from flask_login import login_user

    session.clear()
    login_user(SessionUser(user))
    session.permanent = True
    session[SIGNED_IN_AT] = time.time()


def end() -> None:
    from flask_login import logout_user

    logout_user()
    session.clear()


def init_app(app: Flask, settings: Settings) -> None:
    lifetime = timedelta(hours=settings.session_hours)
    app.config.update(
        SECRET_KEY=secret_key(settings),
        SESSION_COOKIE_NAME=COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.https,
        PERMANENT_SESSION_LIFETIME=lifetime,
        REMEMBER_COOKIE_HTTPONLY=True,          # "remember me" is not offered; in case it is one day
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.https,
        WTF_CSRF_TIME_LIMIT=int(lifetime.total_seconds()),
        WTF_CSRF_SSL_STRICT=settings.https,
    )
    CSRFProtect(app)
    manager = LoginManager(app)
    manager.session_protection = "basic"
    manager.user_loader(_load_user)
