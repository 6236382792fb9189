"""Signing in and out.

A failed sign-in says the same thing, with the same status, whether the name
is unknown or the password wrong, and costs the same scrypt work, so neither
the page nor its timing tells which names exist. Failures are counted per
account name and per client address (`kb.throttle`); past the limit, sign-in
is refused with 429 until the window has passed, even with the right password."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from kb.accounts import MAX_PASSWORD
from kb.errors import TooManyAttempts
from kb.throttle import account_key, address_key
from web import sessions
from web.authz import current_account, guard
from web.context import kb_context

bp = Blueprint("account", __name__)



def N_(msgid: str) -> str:
    """Marks a message id for the catalogs; the error handler translates it."""
    return msgid


THROTTLED = N_("Too many failed sign-ins for this account or from this address. "
               "Try again in %(minutes)s min.")


class SignInForm(FlaskForm):
    name = StringField(_l("Account name"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    next = HiddenField()


class SignOutForm(FlaskForm):
    """No fields: the CSRF token is the form."""


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site, never another host
    (`//evil.example`, `/\\evil.example`, `https://…` all become the search page)."""
    default = url_for("search.search")
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if any(ord(c) < 32 for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


@bp.route("/signin", methods=["GET", "POST"])
@guard("sign_in")
def signin():
    form = SignInForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"))
        return render_template("signin.html", form=form, failed=False)
    if not form.validate():
        return render_template("signin.html", form=form, failed=False), 400
    ctx = kb_context()
    name = form.name.data.strip()
    keys = [account_key(name), address_key(request.remote_addr)]
    wait = ctx.throttle.retry_after(keys)
    if wait:
        minutes = max(1, -(-wait // 60))
        error = TooManyAttempts(THROTTLED % {"minutes": minutes}, retry_after=wait)
        error.template, error.params = THROTTLED, {"minutes": minutes}
        raise error
    user = ctx.accounts.authenticate(name, form.password.data)
    if user is None:
        ctx.throttle.failed(keys)
        form.password.data = ""
        return render_template("signin.html", form=form, failed=True), 401
    ctx.throttle.clear(account_key(name))
    sessions.start(user)
    return redirect(safe_next(form.next.data), code=303)


@bp.post("/signout")
@guard("sign_out")
def signout():
    sessions.end()
    return redirect(url_for("search.search"), code=303)


@bp.app_context_processor
def _account_in_templates() -> dict:
    """The header's "Sign in" link, or the account's name and "Sign out"."""
    def signout_form() -> SignOutForm:
        # Never reads the request's form: the header is drawn on error pages
        # too, where the form may be the problem (a request over the size limit).
        return SignOutForm(formdata=None)
    return {"account": current_account, "signout_form": signout_form}


