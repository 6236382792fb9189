"""What an ingest job did, for the curator: counts, and each failure with its reason."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class IngestReport:
    source: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)        # (uri, reason)
    still_failing: list[tuple[str, str]] = field(default_factory=list)  # unchanged since it failed
    # uri of an added or updated file -> uri of the document it is another
    # format or copy of (shown once, under that document)
    duplicates: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def exit_status(self) -> int:
        """1 when any file is not indexed as it stands now: failed in this run,
        or unchanged since it failed last time (it is still not in the index)."""
        return 1 if self.failed or self.still_failing else 0

    def counts(self) -> dict[str, int]:
        """How many so far, by outcome (what a job's page shows while it runs)."""
        return {k: len(getattr(self, k)) for k in
                ("added", "updated", "unchanged", "removed", "failed", "still_failing")}

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "counts": self.counts(),
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "removed": self.removed,
            "failed": [{"uri": u, "reason": r} for u, r in self.failed],
            "still_failing": [{"uri": u, "reason": r} for u, r in self.still_failing],
            "duplicates": [{"uri": u, "shown_as": p} for u, p in self.duplicates.items()],
            "seconds": round(self.seconds, 3),
        }

    def render(self) -> str:
        lines = [
            f"{self.source}: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed, "
            f"{len(self.failed)} failed ({self.seconds:.1f} s)"
        ]
        if self.duplicates:
            lines.append(f"Other formats or copies of a document, shown under it ({len(self.duplicates)}):")
            lines += [f"  {uri} -> {shown}" for uri, shown in self.duplicates.items()]
        if self.failed:
            lines.append("Failed:")
            lines += [f"  {uri}: {reason}" for uri, reason in self.failed]
        if self.still_failing:
            lines.append(f"Unchanged since they failed ({len(self.still_failing)}):")
            lines += [f"  {uri}: {reason}" for uri, reason in self.still_failing]
        return "\n".join(lines)


@dataclass(frozen=True)
class ProgressUpdate:
    """Where a running job stands, handed to `run_job`'s `on_progress` after
    each item and each index commit: items handled of `total` (None when the
    source cannot tell in advance), the last item handled, and the counts of
    the report so far (added and updated grow at each commit)."""

    done: int
    total: int | None
    current: str
    counts: dict[str, int]
