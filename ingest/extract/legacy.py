"""Legacy and open office formats, read through LibreOffice.

`.doc`, `.rtf` and `.odt` are converted to DOCX, `.ppt` and `.odp` to PPTX,
by `soffice --headless --convert-to`, and the converted file is read by the
DOCX or PPTX extractor, so a legacy deck is paged by slide and a legacy
document by heading exactly like its modern counterpart. Writing a reader for
each of these formats would be a project of its own; LibreOffice has read
them for decades.

LibreOffice keeps a user profile, and two instances sharing one refuse to
start or corrupt it, so each extraction worker has its own
(`-env:UserInstallation`), created on its first conversion (about two seconds)
and reused by the worker's later ones. Profiles of workers that are gone are
removed when a new one is made. The conversion runs under the document's time
limit through `tools.run`, which stops the whole LibreOffice process group
when time is up or the worker is stopped.

Without LibreOffice on the machine these files are reported as unsupported,
with the packages to install.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable

import psutil

from kb.errors import Corrupt, TimedOut, Unsupported
from kb.protocols import ExtractedText, Hints, Limits

from . import docx, pptx
from .ooxml import check_zip
from .tools import Deadline, run, which

# format -> the modern format LibreOffice converts it to
TARGETS: dict[str, str] = {"doc": "docx", "rtf": "docx", "odt": "docx", "ppt": "pptx", "odp": "pptx"}
NAMES: dict[str, str] = {
    "doc": "legacy Word document (.doc)", "rtf": "RTF document",
    "odt": "OpenDocument text (ODT)", "ppt": "legacy PowerPoint deck (.ppt)",
    "odp": "OpenDocument presentation (ODP)",
}
SAVE_AS = {"docx": "DOCX", "pptx": "PPTX"}
INSTALL_HINT = ("install LibreOffice to read it (Debian: apt-get install libreoffice-core-nogui "
                "libreoffice-writer-nogui libreoffice-impress-nogui)")
_READERS: dict[str, Callable[[bytes, Hints, Limits], ExtractedText]] = {
    "docx": docx.extract, "pptx": pptx.extract,
}
_PROFILES = "kb-soffice-profiles"


def soffice() -> str | None:
    return which("soffice") or which("libreoffice")



_retired = 0          # profiles this process gave up: a stopped LibreOffice may linger on one


def profile_dir() -> Path:
    """This process's own LibreOffice profile directory (made on first use).
    After a conversion was stopped the process moves to a new one: a
    LibreOffice still shutting down on the old profile would otherwise take
    the next conversion over and drop it."""
    root = Path(tempfile.gettempdir()) / _PROFILES
    mine = root / (f"{os.getpid()}-{_retired}" if _retired else str(os.getpid()))
    if not mine.is_dir():
        root.mkdir(exist_ok=True)
        for other in root.iterdir():
            owner = other.name.split("-", 1)[0]
            if owner.isdigit() and not psutil.pid_exists(int(owner)):
                shutil.rmtree(other, ignore_errors=True)
        mine.mkdir(exist_ok=True)
    return mine


def _retire_profile() -> None:
    global _retired
    shutil.rmtree(profile_dir(), ignore_errors=True)
    _retired += 1


def convert(program: str, data: bytes, fmt: str, deadline: Deadline) -> bytes:
    """`data` (a `fmt` file) converted by LibreOffice to its modern format."""
    target = TARGETS[fmt]
    with tempfile.TemporaryDirectory(prefix="kb-convert-") as work:
        source = Path(work) / f"document.{fmt}"
        source.write_bytes(data)
        out = Path(work) / "out"
        try:
            proc = run([program, "--headless", "--norestore", "--nologo", "--nodefault",
                        "--nolockcheck", f"-env:UserInstallation={profile_dir().as_uri()}",
                        "--convert-to", target, "--outdir", str(out), str(source)],
                       deadline, f"LibreOffice converting the {NAMES[fmt]}", cwd=work)
        except TimedOut:
            _retire_profile()
            raise
        produced = out / f"document.{target}"
        if not produced.is_file() or produced.stat().st_size == 0:
            said = [line for line in proc.stderr.decode("utf-8", "replace").splitlines()
                    if line.strip() and "javaldx" not in line]
            detail = f": {said[-1][:200]}" if said else " (damaged, or protected by a password?)"
            raise Corrupt(f"LibreOffice could not convert the {NAMES[fmt]}{detail}")
        return produced.read_bytes()


def extractor(fmt: str) -> Callable[[bytes, Hints, Limits], ExtractedText]:
    """The extractor of one legacy or open format."""

    def extract(data: bytes, hints: Hints, limits: Limits) -> ExtractedText:
        deadline = Deadline.after(limits.timeout)
        program = soffice()
        if program is None:
            raise Unsupported(f"{NAMES[fmt]}: {INSTALL_HINT}, or save it as {SAVE_AS[TARGETS[fmt]]}")
        if fmt in ("odt", "odp"):
            check_zip(data, limits)         # a zip bomb is refused before LibreOffice unpacks it
        converted = convert(program, data, fmt, deadline)
        result = _READERS[TARGETS[fmt]](converted, hints, limits)
        return replace(result, format=fmt,
                       metadata={**result.metadata, "converted": f"to {TARGETS[fmt]} by LibreOffice"})

    extract.__name__ = f"extract_{fmt}"
    extract.__doc__ = f"Text of a {NAMES[fmt]}, converted to {TARGETS[fmt].upper()} by LibreOffice."
    return extract
