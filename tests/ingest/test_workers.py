"""The worker pool: a slow or crashing extraction costs only its own item."""
from __future__ import annotations

import os
import time

from kb.errors import Corrupt, Encrypted, TimedOut
from ingest.workers import WorkerPool


def work(payload):
    kind, value = payload
    if kind == "sleep":
        time.sleep(value)
    if kind == "crash":
        os._exit(3)
    if kind == "raise":
        raise Encrypted("needs a password")
    if kind == "bug":
        raise ValueError("oops")
    return value * 2


def test_results_come_back_for_every_task():
    pool = WorkerPool(work, size=2, timeout=10)
    outcomes = {o.key: o for o in pool.map((i, ("ok", i)) for i in range(20))}
    assert {k: o.value for k, o in outcomes.items()} == {i: i * 2 for i in range(20)}


def test_a_slow_task_is_stopped_and_the_rest_go_on():
    pool = WorkerPool(work, size=2, timeout=1.0)
    tasks = [("slow", ("sleep", 60)), ("a", ("ok", 1)), ("b", ("ok", 2)), ("c", ("ok", 3))]
    outcomes = {o.key: o for o in pool.map(tasks)}
    assert isinstance(outcomes["slow"].error, TimedOut)
    assert "timed out" in str(outcomes["slow"].error)
    assert [outcomes[k].value for k in "abc"] == [2, 4, 6]


def test_a_crashing_worker_is_replaced():
    pool = WorkerPool(work, size=1, timeout=10)
    outcomes = {o.key: o for o in pool.map([("boom", ("crash", 0)), ("after", ("ok", 5))])}
    assert isinstance(outcomes["boom"].error, Corrupt)
    assert "crashed" in str(outcomes["boom"].error)
    assert outcomes["after"].value == 10


def test_errors_keep_their_kind_and_unexpected_ones_become_reports():
    pool = WorkerPool(work, size=2, timeout=10)
    outcomes = {o.key: o for o in pool.map([("enc", ("raise", 0)), ("bug", ("bug", 0))])}
    assert isinstance(outcomes["enc"].error, Encrypted)
    assert str(outcomes["enc"].error) == "encrypted: needs a password"
    assert "ValueError: oops" in str(outcomes["bug"].error)


def test_a_worker_gets_its_next_task_before_the_caller_sees_a_result():
    """While the caller handles a result (say, an index commit), the worker
    that produced it already has its next task."""
    drawn = []

    def tasks():
        for i in range(3):
            drawn.append(i)
            yield i, ("ok", i)

    pool = WorkerPool(work, size=1, timeout=10)
    seen = []
    for outcome in pool.map(tasks()):
        seen.append((outcome.key, list(drawn)))
    assert seen == [(0, [0, 1]), (1, [0, 1, 2]), (2, [0, 1, 2])]


def test_workers_do_not_outlive_a_job_that_is_killed(tmp_path):
    """A job killed outright (the OOM killer, kill -9) leaves no workers behind."""
    import signal
    import subprocess
    import sys

    script = tmp_path / "job.py"
    script.write_text(
        "import os, sys, time\n"
        "from ingest.workers import WorkerPool\n"
        "def slow(payload):\n"
        "    time.sleep(payload)\n"
        "pool = WorkerPool(slow, size=2, timeout=600)\n"
        "outcomes = pool.map((i, 0.01 if i < 2 else 600) for i in range(4))\n"
        "next(outcomes); next(outcomes)\n"
        "import multiprocessing\n"
        "print(' '.join(str(p.pid) for p in multiprocessing.active_children()), flush=True)\n"
        "time.sleep(600)\n")
    job = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                           cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    pids = [int(p) for p in job.stdout.readline().split()]
    assert len(pids) == 2
    job.send_signal(signal.SIGKILL)
    job.wait()
    deadline = time.monotonic() + 60
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [p for p in pids if _running(p)]
    assert not alive


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False
