"""External programs started by an extraction (Tesseract, LibreOffice) stop
with it: at the document's deadline, and when the pool kills the worker."""
from __future__ import annotations

import subprocess
import time

import pytest

from ingest.extract.tools import Deadline, run
from ingest.workers import WorkerPool
from kb.errors import TimedOut


def _running(marker: str) -> list[str]:
    table = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [line for line in table.splitlines() if marker in line and "ps -eo" not in line]


def _sleep_past_the_pool(seconds: str) -> None:
    run(["sleep", seconds], Deadline.after(120), "sleeping")      # its own deadline: far off


def test_a_program_past_its_deadline_is_stopped_and_reported():
    with pytest.raises(TimedOut, match="sleeping took longer"):       # not its own end: 41 s
        run(["sleep", "41.5"], Deadline.after(3.0), "sleeping")
    assert not _running("sleep 41.5")


def test_a_program_dies_with_the_worker_the_pool_stops():
    pool = WorkerPool(_sleep_past_the_pool, size=1, timeout=3.0)
    outcomes = list(pool.map([("task", "43.25")]))
    assert [type(o.error) for o in outcomes] == [TimedOut]
    for _ in range(50):          # the kernel signals it at once; give it a moment to exit
        if not _running("sleep 43.25"):
            break
        time.sleep(0.1)
    assert not _running("sleep 43.25")


def test_a_program_that_ignores_sigterm_is_killed_and_reported_as_over_time():
    # LibreOffice on a busy machine may take longer than the grace to obey
    # SIGTERM; `timeout` then kills the group, itself included.
    with pytest.raises(TimedOut, match="stubborn took longer"):
        run(["sh", "-c", "trap '' TERM; sleep 44.75"], Deadline.after(2.0), "stubborn")
    assert not _running("sleep 44.75")
