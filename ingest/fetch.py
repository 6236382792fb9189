"""Fetching one item's bytes for ingest: a local file (folder and manifest
sources), bounded by the job's size limit before it is read; and one URL, for
the manifest source, which lists URLs one by one (the work is done by the
polite client in `ingest.http`, so both remote paths share the scheme check,
size limit, retries and user agent)."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from kb.errors import TooLarge, Unsupported
from ingest.http import USER_AGENT, HttpClient

__all__ = ["USER_AGENT", "LocalFile", "fetch_url", "read_local"]

CHUNK = 1 << 20


def fetch_url(url: str, max_bytes: int, timeout: float = 30.0) -> bytes:
    """The bytes at `url` (after redirects). A curator listed this URL by hand,
    so robots.txt is not consulted and no per-host delay applies."""
    client = HttpClient(max_bytes=max_bytes, timeout=timeout, retries=2, backoff=0.5,
                        delay=0.0, robots=False)
    return client.get(url).body


class LocalFile:
    """The fetch of a file on this machine. It takes the job's size limit
    (`bounded`, see `ingest.pipeline.fetch_item`) and checks it against the
    file's size before reading a byte, so a 1 GiB file over a 100 MB limit
    costs a stat, not 1 GiB of memory; a file that grows while it is read is
    cut off at the limit too. Anything but a regular file (a FIFO, a device)
    is refused without waiting on it."""

    bounded = True

    def __init__(self, path: Path):
        self.path = Path(path)

    def __call__(self, max_bytes: int | None = None) -> bytes:
        return read_local(self.path, max_bytes)

    def __repr__(self) -> str:
        return f"LocalFile({str(self.path)!r})"


def read_local(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of the regular file at `path`, at most `max_bytes` of them
    (more is `TooLarge`, raised before reading when the size says so)."""
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb", buffering=0) as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Unsupported("not a regular file")
        if max_bytes is not None and st.st_size > max_bytes:
            raise TooLarge(_over(st.st_size, max_bytes))
        limit = max_bytes if max_bytes is not None else float("inf")
        chunks, total = [], 0
        want = st.st_size + 1           # one read for a file that did not change
        while True:
            chunk = f.read(int(min(max(want, CHUNK), limit + 1 - total)))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise TooLarge(_over(total, max_bytes, grew=True))
            want = CHUNK
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _over(size: int, max_bytes: int, grew: bool = False) -> str:
    mb = 1048576
    what = "more than " if grew else ""
    return f"{what}{size / mb:.1f} MB is over the {max_bytes / mb:g} MB limit"
