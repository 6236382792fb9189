"""Every file below a folder, hidden files and folders left out."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from kb.errors import UsageError
from kb.models import Origin
from kb.protocols import Hints, Item
from ingest.fetch import LocalFile
from ingest.sources import failing_item


class FolderSource:
    """`name` is the source facet value of its documents (default: the
    folder's name); `name_origin` says where a given name came from, for each
    document's provenance ("--source on the command line", "kb.toml")."""

    def __init__(self, root: Path, name: str | None = None, name_origin: str | None = None):
        root = Path(root)
        if not root.is_dir():
            raise UsageError(f"{root} is not a folder")
        self.root = root.resolve()
        self.name = name or self.root.name
        self.name_origin = source_name_origin(name, name_origin, "the folder's name")

    def paths(self) -> list[Path]:
        return sorted(
            p for p in self.root.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(self.root).parts)
        )

    def items(self) -> Iterator[Item]:
        for path in self.paths():
            if not inside(path, self.root):
                # A symbolic link out of the folder: not read, and not served
                # later either (the web serves originals only from the root).
                yield failing_item(str(path), UsageError(
                    "outside the folder: it is a symbolic link to a file outside the folder "
                    "being ingested; copy the file in instead"))
                continue
            yield file_item(path)

    def __len__(self) -> int:
        return len(self.paths())


def file_item(path: Path, curated: dict | None = None) -> Item:
    stat = path.stat()
    return Item(
        uri=str(path),
        fetch=LocalFile(path),      # checks the size limit before reading
        hints=Hints(name=path.name),
        curated=curated or {},
        validators={"size": str(stat.st_size), "mtime": str(int(stat.st_mtime))},
    )


def source_name_origin(name: str | None, given_by: str | None, default: str) -> Origin:
    """Where a local source's name came from: given by the curator (curated,
    saying how) or the default the source made up (inferred)."""
    if name:
        return Origin("curated", f"source name given {given_by or 'to the ingest job'}")
    return Origin("inferred", f"source name from {default}")


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, its symbolic links followed, is `root` or below it
    (`root` already resolved)."""
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):     # a loop of links
        return False
