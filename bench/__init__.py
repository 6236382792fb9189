"""Benchmarks and the enrichment evaluation; see bench/run.py."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Real public documents beside the checkout (never copied into it); optional.
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
