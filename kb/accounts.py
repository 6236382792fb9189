"""Accounts: who may sign in, with which role, and their password hashes.

They live in one SQLite file under the data directory
(`Settings.accounts_path`), beside the index and the catalog, so a backup of
the data directory keeps them and no package folder ever holds one.

Passwords are hashed with scrypt from the standard library (`hashlib.scrypt`),
a memory-hard function: guessing costs an attacker memory as well as time, so
GPUs and ASICs gain little. scrypt rather than argon2-cffi because it needs
no compiled dependency and keeps `kb` free of third-party imports; the cost
parameters are written into each stored hash, so they can be raised later
without breaking accounts that already exist (`needs_rehash`).

No account exists until a curator makes one with `kb users add`; there is no
default password anywhere."""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from kb.database import transaction
from kb.errors import NotFound, UsageError

ROLES: tuple[str, ...] = ("reader", "curator", "admin")   # each may do what the one before may

# OWASP's scrypt line for 32 MiB of memory: N=2^15, r=8, p=3 (as costly to
# guess as N=2^17, p=1 at a quarter of the memory per concurrent sign-in).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 15, 8, 3
SALT_BYTES, KEY_BYTES = 16, 32
SCHEME = "scrypt"

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MIN_PASSWORD, MAX_PASSWORD = 10, 1024     # the maximum bounds the work of one sign-in


@dataclass(frozen=True)
class User:
    """An account as the rest of KB sees it: never its password hash."""

    name: str
    role: str
    created: datetime
    changed: datetime
    # Changes with the password or role, so sessions opened before end.
    session_key: str = ""

    def has_role(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


# ------------------------------------------------------------------ hashing

def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=2 * 128 * n * r + 1024 * 1024, dklen=KEY_BYTES)


def hash_password(password: str) -> str:
    """`scrypt$N$r$p$salt$key`, with a fresh random salt each time."""
    check_password(password)
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"{SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` was made from; compared in
    constant time. A malformed stored value matches nothing."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != SCHEME:
            return False
        n_, r_, p_ = int(n), int(r), int(p)
        salt_, key_ = _unb64(salt), _unb64(key)
    except (ValueError, TypeError):
        return False
    if not password or len(password) > MAX_PASSWORD:
        return False
    return hmac.compare_digest(_scrypt(password, salt_, n_, r_, p_), key_)


def needs_rehash(stored: str) -> bool:
    """Whether `stored` was made with other cost parameters than today's."""
    return not stored.startswith(f"{SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}$")


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A hash to verify against when the name is unknown, so a wrong name
    takes as long to refuse as a wrong password."""
    if not _DUMMY:
        _DUMMY.append(hash_password(secrets.token_urlsafe(24)))
    return _DUMMY[0]


def check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise UsageError(f"account name {name!r}: use 1 to 64 letters, digits, '.', '_', '-' "
                         "or '@', starting with a letter or digit")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UsageError(f"role {role!r}: use one of {', '.join(ROLES)}")
    return role


def check_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise UsageError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise UsageError(f"a password has at most {MAX_PASSWORD} characters")
    return password


# ------------------------------------------------------------------ storage

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('reader', 'curator', 'admin')),
    password TEXT NOT NULL,
    session_key TEXT NOT NULL,
    created TEXT NOT NULL,
    changed TEXT NOT NULL
);
-- API tokens for scripts: only a SHA-256 of each is kept (a token is 256
-- random bits, so a fast hash is enough: there is nothing to guess).
CREATE TABLE IF NOT EXISTS tokens (
    hash    TEXT PRIMARY KEY,
    name    TEXT NOT NULL COLLATE NOCASE REFERENCES users(name) ON DELETE CASCADE,
    created TEXT NOT NULL
);
"""


TOKEN_PREFIX = "kb_"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _user(row) -> User:
    return User(name=row["name"], role=row["role"], created=datetime.fromisoformat(row["created"]),
                changed=datetime.fromisoformat(row["changed"]), session_key=row["session_key"])


class Accounts:
    """The accounts table. Each call opens its own connection, so one object
    serves every thread of a web worker; SQLite's locking serves several
    workers and the `kb` command at once."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _db(self):
        return transaction(self.path, SCHEMA, rows=True)

    def add(self, name: str, role: str, password: str) -> User:
        check_name(name)
        check_role(role)
        hashed = hash_password(password)
        now = _now()
        with self._db() as db:
            try:
                db.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)",
                           (name, role, hashed, secrets.token_urlsafe(16), now, now))
            except sqlite3.IntegrityError:
                raise UsageError(f"an account named {name!r} exists already") from None
        return self.get(name)

    def get(self, name: str) -> User:
        with self._db() as db:
            row = db.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFound(f"no account named {name!r}")
        return _user(row)

    def find(self, name: str) -> User | None:
        try:
            return self.get(name)
        except NotFound:
            return None

    def list(self) -> list[User]:
        with self._db() as db:
            rows = db.execute("SELECT * FROM users ORDER BY name COLLATE NOCASE").fetchall()
        return [_user(r) for r in rows]

    def _update(self, name: str, **columns) -> User:
        columns.update(session_key=secrets.token_urlsafe(16), changed=_now())
        assignments = ", ".join(f"{column} = ?" for column in columns)
        with self._db() as db:
            cur = db.execute(f"UPDATE users SET {assignments} WHERE name = ?",
                             (*columns.values(), name))
        if cur.rowcount == 0:
            raise NotFound(f"no account named {name!r}")
        return self.get(name)

    def set_password(self, name: str, password: str) -> User:
        """A new password; the account's open sessions end."""
        return self._update(name, password=hash_password(password))

    def set_role(self, name: str, role: str) -> User:
        return self._update(name, role=check_role(role))

    def remove(self, name: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM tokens WHERE name = ?", (name,))
            cur = db.execute("DELETE FROM users WHERE name = ?", (name,))
        if cur.rowcount == 0:
            raise NotFound(f"no account named {name!r}")

    def authenticate(self, name: str, password: str) -> User | None:
        """The account when `password` is its password, else None. An unknown
        name costs the same scrypt work as a wrong password, and both give the
        same answer, so neither the answer nor its timing says which names exist."""
        dummy = _dummy_hash()        # made on the first call whatever the name, not only for unknown ones
        with self._db() as db:
            row = db.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
        stored = row["password"] if row is not None else dummy
        ok = verify_password(password, stored)
        if not ok or row is None:
            return None
        if needs_rehash(stored):
            with self._db() as db:
                db.execute("UPDATE users SET password = ? WHERE name = ?",
                           (hash_password(password), row["name"]))
        return _user(row)

    # -------------------------------------------------------------- API tokens

    def issue_token(self, name: str) -> str:
        """A new API token for `name`, shown once; the account's earlier
        tokens stop working. Only its hash is stored."""
        user = self.get(name)
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self._db() as db:
            db.execute("DELETE FROM tokens WHERE name = ?", (user.name,))
            db.execute("INSERT INTO tokens (hash, name, created) VALUES (?, ?, ?)",
                       (_token_hash(token), user.name, _now()))
        return token

    def revoke_tokens(self, name: str) -> int:
        with self._db() as db:
            return db.execute("DELETE FROM tokens WHERE name = ?", (name,)).rowcount

    def by_token(self, token: str) -> User | None:
        """The account a token belongs to, or None. Looked up by its hash, so
        the comparison never touches the token itself."""
        if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        with self._db() as db:
            row = db.execute("SELECT u.* FROM tokens t JOIN users u ON u.name = t.name WHERE t.hash = ?",
                             (_token_hash(token),)).fetchone()
        return _user(row) if row is not None else None

    def stored_hash(self, name: str) -> str:
        """The stored password hash (for the tests and `kb users` checks)."""
        with self._db() as db:
            row = db.execute("SELECT password FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFound(f"no account named {name!r}")
        return row["password"]
