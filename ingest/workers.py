"""Extraction in worker processes that can be stopped.

A thread cannot be interrupted inside pypdf or lxml, so each task runs in a
long-lived forked worker; when one overruns its time limit the worker is
killed and replaced and the task is reported as timed out. A worker that dies
(a crash in a C extension, the OOM killer) costs only its current task.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterable, Iterator

from kb.errors import Corrupt, ExtractionError, KbError, TimedOut

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    key: Any
    value: Any = None
    error: KbError | None = None


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when the job's process dies,
    even in the middle of a task."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)     # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _serve(conn: Connection, func: Callable[[Any], Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    parent = os.getppid()
    _die_with_parent()
    if os.getppid() != parent:      # it died before that took effect
        return
    while True:
        try:
            # A forked worker holds copies of the parent's pipe ends, so it
            # would never see end-of-file if the job were killed outright:
            # it checks that its parent is still there instead.
            if not conn.poll(1.0):
                if os.getppid() != parent:
                    return
                continue
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        key, payload = task
        try:
            conn.send((key, func(payload), None))
        except ExtractionError as exc:
            conn.send((key, None, exc))
        except MemoryError:
            conn.send((key, None, Corrupt("ran out of memory while reading")))
        except RecursionError:
            conn.send((key, None, Corrupt("structure nests too deeply")))
        except Exception as exc:  # a bug or an unexpected library error: report, go on
            log.debug("worker error: %s", traceback.format_exc())
            conn.send((key, None, Corrupt(f"{type(exc).__name__}: {exc}"[:300])))


class _Worker:
    def __init__(self, ctx, func):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, func), daemon=True)
        self.process.start()
        child.close()
        self.key: Any = None
        self.deadline = 0.0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class WorkerPool:
    """Runs `func(payload)` for each `(key, payload)` on `size` processes and
    yields an `Outcome` per task as each finishes (not in input order)."""

    def __init__(self, func: Callable[[Any], Any], size: int, timeout: float):
        self.func, self.size, self.timeout = func, max(1, size), timeout
        self._ctx = mp.get_context("fork")

    def map(self, tasks: Iterable[tuple[Any, Any]]) -> Iterator[Outcome]:
        idle = [_Worker(self._ctx, self.func) for _ in range(self.size)]
        busy: dict[Connection, _Worker] = {}
        pending = iter(tasks)
        exhausted = False

        def feed() -> list[Outcome]:
            """Give every idle worker its next task; the tasks that could not
            be sent come back as outcomes."""
            nonlocal exhausted
            failed: list[Outcome] = []
            while idle and not exhausted:
                try:
                    key, payload = next(pending)
                except StopIteration:
                    exhausted = True
                    break
                worker = idle.pop()
                worker.key, worker.deadline = key, time.monotonic() + self.timeout
                try:
                    worker.conn.send((key, payload))
                    busy[worker.conn] = worker
                except OSError:  # the worker died while idle: replace it, fail this task
                    worker.stop(kill=True)
                    idle.append(_Worker(self._ctx, self.func))
                    failed.append(Outcome(key, error=Corrupt("extraction worker could not start")))
            return failed

        try:
            while True:
                yield from feed()
                if not busy:
                    if exhausted:
                        return
                    continue
                soonest = min(w.deadline for w in busy.values())
                ready = wait(list(busy), timeout=max(0.0, soonest - time.monotonic()))
                done: list[Outcome] = []
                for conn in ready:
                    worker = busy.pop(conn)
                    try:
                        key, value, error = conn.recv()
                    except (EOFError, OSError):
                        code = worker.process.exitcode
                        worker.stop(kill=True)
                        idle.append(_Worker(self._ctx, self.func))
                        done.append(Outcome(worker.key, error=Corrupt(f"extraction crashed (exit code {code})")))
                        continue
                    idle.append(worker)
                    done.append(Outcome(key, value, error))
                now = time.monotonic()
                for conn, worker in list(busy.items()):
                    if worker.deadline <= now:
                        del busy[conn]
                        worker.stop(kill=True)
                        idle.append(_Worker(self._ctx, self.func))
                        done.append(Outcome(worker.key, error=TimedOut(
                            f"extraction took longer than {self.timeout:g} s; worker stopped")))
                # Workers get their next task before the caller sees these
                # results: what the caller does with a result (an index
                # commit, say) never keeps a worker waiting.
                done += feed()
                yield from done
        finally:
            for worker in idle + list(busy.values()):
                worker.stop(kill=worker in busy.values())


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
