"""Accounts (kb/accounts.py), the sign-in throttle (kb/throttle.py) and the
`kb users` commands, on a real SQLite file under a real data directory."""
from __future__ import annotations

import json
import sqlite3

import pytest

from kb.accounts import Accounts, hash_password, needs_rehash, verify_password
from kb.errors import NotFound, UsageError
from kb.throttle import Throttle, account_key, address_key
from tests.conftest import run_kb

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(tmp_path) -> Accounts:
    return Accounts(tmp_path / "var" / "accounts.sqlite")


# ------------------------------------------------------------------ hashing

def test_a_hash_is_salted_scrypt_and_never_the_password():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("scrypt$32768$8$3$")
    assert first != second                         # a fresh salt each time
    assert PASSWORD not in first
    assert verify_password(PASSWORD, first) and verify_password(PASSWORD, second)
    assert not verify_password(PASSWORD + "!", first)
    assert not verify_password("", first)
    assert not needs_rehash(first)
    assert needs_rehash(first.replace("$32768$", "$16384$", 1))


@pytest.mark.parametrize("stored", ["", "plain text", "scrypt$x$8$1$abc$def", "md5$1$2$3$4$5"])
def test_a_malformed_stored_hash_matches_nothing(stored):
    assert verify_password(PASSWORD, stored) is False


@pytest.mark.parametrize("password", ["", "short", "x" * 1025])
def test_passwords_too_short_or_too_long_are_refused(password):
    with pytest.raises(UsageError):
        hash_password(password)


# ------------------------------------------------------------------ the table

def test_accounts_are_stored_without_their_password(accounts):
    user = accounts.add("alice", "curator", PASSWORD)
    assert (user.name, user.role) == ("alice", "curator")
    assert user.created == user.changed and user.created.tzinfo is not None
    raw = accounts.path.read_bytes()
    assert PASSWORD.encode() not in raw
    with sqlite3.connect(accounts.path) as db:
        (stored,) = db.execute("SELECT password FROM users").fetchone()
    assert stored.startswith("scrypt$")
    assert accounts.authenticate("alice", PASSWORD) == user
    assert accounts.authenticate("alice", "wrong password!") is None
    assert accounts.authenticate("nobody", PASSWORD) is None


def test_names_are_unique_whatever_their_case_and_checked(accounts):
    accounts.add("Alice", "admin", PASSWORD)
    with pytest.raises(UsageError, match="exists already"):
        accounts.add("alice", "reader", PASSWORD)
    assert accounts.get("ALICE").name == "Alice"
    for bad in ("", "../etc", "a b", "<script>", "x" * 65, "a|b"):
        with pytest.raises(UsageError):
            accounts.add(bad, "reader", PASSWORD)
    with pytest.raises(UsageError, match="role"):
        accounts.add("bob", "root", PASSWORD)


def test_a_new_password_or_role_ends_the_old_sessions(accounts):
    before = accounts.add("alice", "curator", PASSWORD)
    after = accounts.set_password("alice", "another long password")
    assert after.session_key != before.session_key
    assert accounts.authenticate("alice", PASSWORD) is None
    assert accounts.authenticate("alice", "another long password") is not None
    promoted = accounts.set_role("alice", "admin")
    assert promoted.role == "admin" and promoted.session_key != after.session_key
    assert promoted.has_role("curator") and not before.has_role("admin")


def test_removing_an_account(accounts):
    accounts.add("alice", "curator", PASSWORD)
    accounts.remove("alice")
    assert accounts.list() == []
    assert accounts.authenticate("alice", PASSWORD) is None
    with pytest.raises(NotFound):
        accounts.remove("alice")
    with pytest.raises(NotFound):
        accounts.set_password("alice", PASSWORD)


# ------------------------------------------------------------------ throttle

def test_the_throttle_counts_failures_per_key_within_the_window(tmp_path):
    now = [1000.0]
    throttle = Throttle(tmp_path / "a.sqlite", attempts=3, window_seconds=600, clock=lambda: now[0])
    keys = [account_key("Alice"), address_key("10.0.0.1")]
    for _ in range(2):
        throttle.failed(keys)
    assert throttle.retry_after(keys) == 0
    throttle.failed(keys)
    assert throttle.retry_after([account_key("alice")]) == 601       # names folded
    assert throttle.retry_after([address_key("10.0.0.1")]) == 601
    assert throttle.retry_after([account_key("bob"), address_key("10.0.0.2")]) == 0
    now[0] += 300
    assert throttle.retry_after(keys) == 301
    throttle.clear(account_key("alice"))
    assert throttle.retry_after([account_key("alice")]) == 0
    assert throttle.retry_after(keys) == 301                         # the address still waits
    now[0] += 301
    assert throttle.retry_after(keys) == 0
    # a second Throttle on the same file (another worker) sees the same failures
    for _ in range(3):
        throttle.failed([address_key("10.0.0.9")])
    other = Throttle(tmp_path / "a.sqlite", attempts=3, window_seconds=600, clock=lambda: now[0])
    assert other.retry_after([address_key("10.0.0.9")]) > 0


# ------------------------------------------------------------------ kb users

def test_kb_users_add_list_passwd_remove(tmp_path):
    data = tmp_path / "var"
    empty = run_kb("users", "list", data_dir=data, check=0)
    assert "No accounts" in empty.stdout and "--role admin" in empty.stdout

    proc = subprocess_input("users", "add", "alice", "--role", "admin", "--password-stdin",
                            data_dir=data, text=PASSWORD + "\n")
    assert proc.returncode == 0, proc.stderr
    assert "Added alice (admin)" in proc.stdout
    # typed twice at the prompt (click reads the prompt's answers from stdin without a terminal)
    proc = subprocess_input("users", "add", "bob", data_dir=data, text=f"{PASSWORD}\n{PASSWORD}\n")
    assert proc.returncode == 0, proc.stderr
    mismatch = subprocess_input("users", "add", "carol", data_dir=data,
                                text=f"{PASSWORD}\nsomething else!\n")
    assert mismatch.returncode != 0

    listed = json.loads(run_kb("users", "list", "--json", data_dir=data, check=0).stdout)
    assert [(u["name"], u["role"]) for u in listed] == [("alice", "admin"), ("bob", "curator")]
    assert PASSWORD not in run_kb("users", "list", data_dir=data, check=0).stdout

    accounts = Accounts(data / "accounts.sqlite")
    assert accounts.authenticate("bob", PASSWORD) is not None
    proc = subprocess_input("users", "passwd", "bob", "--password-stdin", data_dir=data,
                            text="a brand new password\n")
    assert proc.returncode == 0, proc.stderr
    assert accounts.authenticate("bob", PASSWORD) is None
    assert accounts.authenticate("bob", "a brand new password") is not None

    short = subprocess_input("users", "add", "dave", "--password-stdin", data_dir=data, text="short\n")
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    again = subprocess_input("users", "add", "ALICE", "--password-stdin", data_dir=data,
                             text=PASSWORD + "\n")
    assert again.returncode == 2 and "exists already" in again.stderr

    run_kb("users", "remove", "bob", data_dir=data, check=0)
    gone = run_kb("users", "remove", "bob", data_dir=data, check=1)
    assert "no account named 'bob'" in gone.stderr
    assert [u.name for u in accounts.list()] == ["alice"]


def subprocess_input(*args: str, data_dir, text: str):
    """`kb ARGS` with `text` on its standard input."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, KB_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], input=text, capture_output=True,
                          text=True, env=env, timeout=120)


def test_a_hash_made_with_older_parameters_is_upgraded_at_sign_in(accounts):
    import kb.accounts as module

    accounts.add("alice", "curator", PASSWORD)
    salt = b"0123456789abcdef"
    weak = module._scrypt(PASSWORD, salt, 2 ** 14, 8, 1)
    old = f"scrypt${2 ** 14}$8$1${module._b64(salt)}${module._b64(weak)}"
    with sqlite3.connect(accounts.path) as db:
        db.execute("UPDATE users SET password = ? WHERE name = 'alice'", (old,))
    assert accounts.authenticate("alice", "wrong password!") is None
    assert accounts.stored_hash("alice") == old
    assert accounts.authenticate("alice", PASSWORD) is not None
    assert accounts.stored_hash("alice").startswith("scrypt$32768$8$3$")
    assert accounts.authenticate("alice", PASSWORD) is not None
