"""Running the optional system programs extraction uses (Tesseract, LibreOffice).

They run from inside an extraction worker, which the pool kills outright
(SIGKILL) when a document overruns its time limit. A program started from that
worker must not outlive it, so each one is started through coreutils'
`timeout`, in its own process group: `timeout` stops the whole group at the
deadline we give it, and the kernel sends it SIGTERM the moment the worker dies
(PR_SET_PDEATHSIG), on which it stops the group as well. LibreOffice's
`soffice` is a launcher that starts `soffice.bin` as a grandchild, which is
why the group matters and a signal to the direct child would not be enough.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from typing import Mapping, Sequence

from kb.errors import TimedOut

# Seconds the extraction keeps for itself after a program's deadline, so that
# our own TimedOut (which names the step) arrives before the pool's kill.
MARGIN = 1.0
# Seconds a program has to exit after SIGTERM at its deadline before SIGKILL.
GRACE = 2.0


def which(name: str) -> str | None:
    """The program's path on the current PATH, or None (read on each call, so
    a PATH changed at run time is honoured)."""
    return shutil.which(name)


@dataclass(frozen=True)
class Deadline:
    """The moment an extraction must be done by, from its time limit."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> "Deadline":
        return cls(time.monotonic() + seconds)

    def left(self) -> float:
        return self.at - time.monotonic() - MARGIN


def _stop_with_parent() -> None:
    """In the child, before exec: SIGTERM when the worker that started us dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)     # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run(argv: Sequence[str], deadline: Deadline, what: str, *, stdin: bytes | None = None,
        env: Mapping[str, str] | None = None, cwd: str | None = None) -> subprocess.CompletedProcess:
    """Run `argv` to completion before `deadline`, its output captured.

    Raises TimedOut naming `what` when the time runs out first (the program
    and its children are stopped), or when no time is left to start it.
    """
    seconds = deadline.left()
    if seconds <= 0.5:
        raise TimedOut(f"no time left for {what}")
    timeout = which("timeout") or "/usr/bin/timeout"     # coreutils: on every Debian machine
    command = [timeout, f"--kill-after={GRACE:g}", f"{seconds:.1f}", *argv]
    started = time.monotonic()
    proc = subprocess.Popen(
        command, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd,
        env=dict(os.environ, **(env or {})), start_new_session=True,
        preexec_fn=_stop_with_parent)
    try:
        out, err = proc.communicate(stdin, timeout=seconds + GRACE + 1)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise TimedOut(f"{what} took longer than the time left ({seconds:.0f} s)") from None
    # timeout's "timed out" (124), or the program killed after the grace (137).
    # A program that ignores SIGTERM past the grace (LibreOffice on a busy
    # machine) ends with `timeout` itself killed by its own SIGKILL to the group.
    killed_itself = proc.returncode == -signal.SIGKILL and time.monotonic() >= started + seconds
    if proc.returncode in (124, 137) or killed_itself:
        raise TimedOut(f"{what} took longer than the time left ({seconds:.0f} s)")
    return subprocess.CompletedProcess(list(argv), proc.returncode, out, err)
