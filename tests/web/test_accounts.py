"""Signing in and out, sessions, CSRF, throttling and the authorization
matrix, through the real Flask app on a real index and a real accounts table.

The matrix is generated from the app's URL map and `kb.authz.RULES`: every
route, every method, every role (anonymous, reader, curator, admin), in an
open and in a private repository. A route added without `@guard` fails
`test_every_route_has_an_action_in_the_authorization_table`."""
from __future__ import annotations

import re
import stat
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Iterator

import pytest

from kb import authz
from kb.accounts import Accounts, User
from kb.errors import Forbidden, Unauthorized
from kb.settings import Settings
from tests.conftest import make_document
from web.authz import PUBLIC_ENDPOINTS, READING_POSTS, action_of
from web.sessions import SIGNED_IN_AT

PASSWORDS = {"reader": "reader password 1", "curator": "curator password 2",
             "admin": "admin password 3"}
ROLES = ("anonymous", "reader", "curator", "admin")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DOCS = [make_document(uri="/docs/fiji-portal.pdf", title="Fiji portal"),
        make_document(uri="/docs/samoa-id.pdf", title="Samoa identity", countries=("WSM",))]


@contextmanager
def kb_app(data_dir, **settings) -> Iterator:
    """The app over its own Whoosh index and accounts under `data_dir`, with a
    reader, a curator and an admin (a second app on the same directory shares them)."""
    from indexes.whoosh import WhooshIndex
    from web import create_app

    accounts = Accounts(data_dir / "accounts.sqlite")
    for role, password in PASSWORDS.items():
        if accounts.find(role) is None:
            accounts.add(role, role, password)
    index = WhooshIndex(data_dir / "index")
    try:
        index.upsert(DOCS)
        yield create_app(Settings(data_dir=data_dir, **settings), index=index)
    finally:
        index.close()


@pytest.fixture(scope="module")
def module_data(tmp_path_factory):
    return tmp_path_factory.mktemp("accounts") / "var"


@pytest.fixture(scope="module")
def app(module_data):
    with kb_app(module_data) as app:
        yield app


@pytest.fixture(scope="module")
def private_app(module_data):
    with kb_app(module_data, private="on") as app:
        yield app


@pytest.fixture
def fresh_app(tmp_path):
    """An app of its own, for tests that count failures or change accounts."""
    with kb_app(tmp_path / "var") as app:
        yield app


def csrf_token(client, path: str = "/signin") -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client, name: str, password: str, next: str = "/", addr: str | None = None):
    token = csrf_token(client)
    environ = {"REMOTE_ADDR": addr} if addr else {}
    return client.post("/signin", data={"csrf_token": token, "name": name, "password": password,
                                        "next": next}, environ_base=environ)


def signed_in_client(app, role: str):
    client = app.test_client()
    if role != "anonymous":
        response = sign_in(client, role, PASSWORDS[role])
        assert response.status_code == 303, response.get_data(as_text=True)
    return client


def header(client, path: str = "/") -> str:
    html = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    return html[html.index('<div class="account">'):html.index('<nav class="langs"')]


def session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("kb_session=")]
    assert cookies, response.headers
    return cookies[-1]


# ------------------------------------------------------------------ signing in and out

def test_signing_in_and_out_through_the_header(app):
    client = app.test_client()
    first = client.get("/?q=portal")
    assert "Set-Cookie" not in first.headers          # a reader gets no session cookie
    head = header(client, "/?q=portal")
    assert 'href="/signin?next=/?q%3Dportal"' in head and ">Sign in</a>" in head
    assert "Sign out" not in head

    response = sign_in(client, "curator", PASSWORDS["curator"], next="/?q=portal")
    assert response.status_code == 303 and response.headers["Location"] == "/?q=portal"
    head = header(client)
    assert '<span class="who">curator</span>' in head and ">Sign out</button>" in head
    assert ">Sign in</a>" not in head

    out = client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    assert out.status_code == 303
    assert ">Sign in</a>" in header(client) and "curator" not in header(client)
    # signing out again: there is nobody to sign out
    assert client.post("/signout", data={"csrf_token": csrf_token(client)}).status_code == 401


def test_the_session_cookie_is_httponly_samesite_and_expires_with_the_session(app):
    client = app.test_client()
    cookie = session_cookie(sign_in(client, "reader", PASSWORDS["reader"]))
    parts = [p.strip() for p in cookie.split(";")]
    assert "HttpOnly" in parts and "SameSite=Lax" in parts and "Secure" not in parts
    expires = parsedate_to_datetime(next(p for p in parts if p.startswith("Expires="))[8:])
    hours = (expires - datetime.now(timezone.utc)).total_seconds() / 3600
    assert 7.9 < hours <= 8.0


def test_the_cookie_is_secure_when_kb_is_behind_https(tmp_path):
    with kb_app(tmp_path / "var", secure_cookies="on", session_hours=2) as app:
        client = app.test_client()
        response = sign_in(client, "reader", PASSWORDS["reader"])
        parts = [p.strip() for p in session_cookie(response).split(";")]
    assert "Secure" in parts and "HttpOnly" in parts
    expires = parsedate_to_datetime(next(p for p in parts if p.startswith("Expires="))[8:])
    assert 1.9 < (expires - datetime.now(timezone.utc)).total_seconds() / 3600 <= 2.0


def test_a_session_ends_after_its_lifetime_whatever_the_cookie_says(app):
    client = signed_in_client(app, "curator")
    assert "curator" in header(client)
    with client.session_transaction() as sess:
        sess[SIGNED_IN_AT] = time.time() - 8 * 3600 - 60
    assert ">Sign in</a>" in header(client)
    assert client.post("/signout", data={"csrf_token": csrf_token(client)}).status_code == 401


def test_a_new_password_or_a_removed_account_ends_its_sessions(fresh_app):
    client = signed_in_client(fresh_app, "curator")
    accounts = Accounts(fresh_app.extensions["kb"].settings.accounts_path)
    accounts.set_password("curator", "a different password")
    assert ">Sign in</a>" in header(client)
    other = fresh_app.test_client()
    assert sign_in(other, "curator", "a different password").status_code == 303
    accounts.remove("curator")
    assert ">Sign in</a>" in header(other)


def test_wrong_password_and_unknown_name_look_the_same(app):
    def attempt(name: str):
        response = sign_in(app.test_client(), name, "not the password",
                           addr=f"10.1.0.{len(name)}")
        body = response.get_data(as_text=True)
        return response.status_code, re.sub(r'value="[^"]*"', 'value=""', body)

    known, unknown = attempt("admin"), attempt("nobody-here")
    assert known[0] == unknown[0] == 401
    assert known[1] == unknown[1]
    assert "That account name and password do not match." in known[1]


def test_after_signing_in_a_reader_returns_only_to_a_page_of_this_site(app):
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = sign_in(app.test_client(), "reader", PASSWORDS["reader"], next=target)
        assert response.headers["Location"] == "/", target
    response = sign_in(app.test_client(), "reader", PASSWORDS["reader"], next="/countries?lang=fr")
    assert response.headers["Location"] == "/countries?lang=fr"


def test_an_empty_form_is_a_400_with_a_message(app):
    client = app.test_client()
    response = client.post("/signin", data={"csrf_token": csrf_token(client), "name": "", "password": ""})
    assert response.status_code == 400
    assert "Enter an account name and a password." in response.get_data(as_text=True)


def test_the_sign_in_page_is_translated(app):
    html = app.test_client().get("/signin?lang=fr").get_data(as_text=True)
    assert "<h1>Se connecter</h1>" in html and "Mot de passe" in html


# ------------------------------------------------------------------ throttling

def test_five_failures_for_an_account_refuse_it_for_fifteen_minutes(fresh_app):
    for i in range(5):   # from five addresses: the account's own count
        assert sign_in(fresh_app.test_client(), "curator", "wrong password",
                       addr=f"10.0.0.{i}").status_code == 401
    refused = sign_in(fresh_app.test_client(), "curator", PASSWORDS["curator"], addr="10.0.0.99")
    assert refused.status_code == 429
    assert 14 * 60 < int(refused.headers["Retry-After"]) <= 15 * 60
    text = refused.get_data(as_text=True)
    assert "Too many failed sign-ins for this account or from this address. Try again in 15 min." in text
    # another account is not held up
    assert sign_in(fresh_app.test_client(), "admin", PASSWORDS["admin"], addr="10.0.0.99").status_code == 303


def test_five_failures_from_an_address_refuse_it_whatever_the_name(fresh_app):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        assert sign_in(fresh_app.test_client(), name, "wrong password", addr="10.9.9.9").status_code == 401
    assert sign_in(fresh_app.test_client(), "admin", PASSWORDS["admin"], addr="10.9.9.9").status_code == 429
    assert sign_in(fresh_app.test_client(), "admin", PASSWORDS["admin"], addr="10.9.9.8").status_code == 303


def test_throttling_is_the_same_for_unknown_names(fresh_app):
    for i in range(5):
        sign_in(fresh_app.test_client(), "ghost", "wrong password", addr=f"10.2.0.{i}")
    assert sign_in(fresh_app.test_client(), "ghost", "wrong password", addr="10.2.0.9").status_code == 429


# ------------------------------------------------------------------ CSRF and the secret

def test_every_write_route_refuses_a_request_without_a_csrf_token(app):
    writes = [(rule, m) for rule in app.url_map.iter_rules() for m in rule.methods & WRITE_METHODS
              if rule.endpoint not in READING_POSTS]
    assert writes, "no write routes found"
    for role in ROLES:
        client = signed_in_client(app, role)
        for rule, method in writes:
            response = client.open(url_for_rule(rule), method=method, data={"name": "admin",
                                                                              "password": PASSWORDS["admin"]})
            assert response.status_code == 400, (role, rule.rule, method, response.status_code)
            assert "did not come from this site" in response.get_data(as_text=True)
            # and a forged token is no better
            response = client.open(url_for_rule(rule), method=method, data={"csrf_token": "forged"})
            assert response.status_code == 400, (role, rule.rule, method)


def test_the_secret_key_is_made_once_under_the_data_directory(tmp_path):
    data = tmp_path / "var"
    with kb_app(data) as first:
        key = first.config["SECRET_KEY"]
    path = data / "secret_key"
    assert path.read_text().strip() == key and len(key) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with kb_app(data) as second:
        assert second.config["SECRET_KEY"] == key
    other = tmp_path / "other"
    with kb_app(other, secret_key="from the environment") as third:
        assert third.config["SECRET_KEY"] == "from the environment"
    assert not (other / "secret_key").exists()
    assert "from the environment" not in repr(Settings(secret_key="from the environment"))


# ------------------------------------------------------------------ the authorization matrix

SAMPLE_ARGS = {"id": DOCS[0].id, "n": 1, "alt_id": "none", "code": "FJI", "kind": "pdf",
               "format": "csv", "group": "Pacific", "job": 1}


def url_for_rule(rule) -> str:
    missing = set(rule.arguments) - set(SAMPLE_ARGS)
    assert not missing, f"{rule.rule}: add a sample value for {missing} to SAMPLE_ARGS"
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(SAMPLE_ARGS[name]), path)
    return path


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def unguarded(app) -> list[str]:
    """Endpoints with neither an action in the table nor a place among the public ones."""
    return sorted(endpoint for endpoint, view in app.view_functions.items()
                  if endpoint not in PUBLIC_ENDPOINTS and action_of(view) not in authz.RULES)


def test_every_route_has_an_action_in_the_authorization_table(app):
    assert unguarded(app) == []
    assert PUBLIC_ENDPOINTS == {"static"}
    # the one POST that reads (an OAI-PMH request), under a reading rule
    assert READING_POSTS == {"oai.endpoint"}
    assert all(authz.RULES[action_of(app.view_functions[e])] is authz.RULES["search"] for e in READING_POSTS)


def test_a_route_added_without_a_guard_is_found(tmp_path):
    with kb_app(tmp_path / "var") as app:
        app.add_url_rule("/forgotten", "forgotten", lambda: "unchecked", methods=["POST"])
        assert unguarded(app) == ["forgotten"]


@pytest.mark.parametrize("private", [False, True], ids=["open", "private"])
def test_every_route_for_every_role_follows_the_table(request, private):
    app = request.getfixturevalue("private_app" if private else "app")
    accounts = Accounts(app.extensions["kb"].settings.accounts_path)
    users = {role: None if role == "anonymous" else accounts.get(role) for role in ROLES}
    readers = {role: signed_in_client(app, role) for role in ROLES}
    checked = 0
    for rule, method in routes(app):
        action = action_of(app.view_functions[rule.endpoint])
        for role in ROLES:
            if method in WRITE_METHODS:
                # a client of its own: a write (signing out) may change its session
                client = signed_in_client(app, role)
                token = csrf_token(client, "/signin")
                response = client.open(url_for_rule(rule), method=method, data={"csrf_token": token},
                                       buffered=True)
            else:
                # buffered: a streamed export left unread would keep its request
                # (and its signed-in user) on the context stack
                response = readers[role].open(url_for_rule(rule), method=method, buffered=True)
            status = response.status_code
            where = (rule.rule, method, role, status)
            assert status < 500, where
            if authz.allowed(action, users[role], private=private):
                assert status not in (401, 403), where
            else:
                assert status == (401 if role == "anonymous" else 403), where
            checked += 1
    assert checked >= 4 * 20


def test_reading_is_open_to_anonymous_readers_unless_the_repository_is_private(app, private_app):
    for path in ("/", "/countries", f"/documents/{DOCS[0].id}", "/api/search?q=portal"):
        assert app.test_client().get(path).status_code == 200, path
        refused = private_app.test_client().get(path)
        assert refused.status_code == 401, path
    page = private_app.test_client().get("/countries").get_data(as_text=True)
    assert "This repository is private: sign in to read it." in page
    assert 'href="/signin?next=/countries"' in page
    api = private_app.test_client().get("/api/search?q=portal")
    assert api.get_json()["error"]["kind"] == "unauthorized"
    # the sign-in page and its CSS stay reachable
    assert private_app.test_client().get("/signin").status_code == 200
    assert private_app.test_client().get("/static/kb.css").status_code == 200
    reader = signed_in_client(private_app, "reader")
    assert reader.get(f"/documents/{DOCS[0].id}").status_code == 200


def test_writes_are_refused_to_anonymous_readers_with_401(app):
    client = app.test_client()
    response = client.post("/signout", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 401
    assert "Sign in to do this." in response.get_data(as_text=True)


def test_the_table_refuses_by_role():
    now = datetime.now(timezone.utc)
    curator, admin = (User(r, r, now, now) for r in ("curator", "admin"))
    with pytest.raises(Forbidden):
        authz.check("manage_users", curator)
    authz.check("manage_users", admin)
    authz.check("upload", curator)
    with pytest.raises(Unauthorized):
        authz.check("upload", None)

    class Withdrawn:
        withdrawn = True
    assert not authz.allowed("view_document", None, Withdrawn())
    assert not authz.allowed("view_document", User("r", "reader", now, now), Withdrawn())
    assert authz.allowed("view_document", curator, Withdrawn())
