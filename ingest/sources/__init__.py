"""Where items come from. A source yields `kb.protocols.Item`s and never writes
to the index; the pipeline decides what to do with each."""
from __future__ import annotations

from kb.protocols import Item


def failing_item(uri: str, error: Exception) -> Item:
    """An item whose fetch raises `error`, so the job reports it like any
    other failure."""
    def fail() -> bytes:
        raise error
    return Item(uri=uri, fetch=fail)
