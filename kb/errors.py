"""The error hierarchy. Each kind maps to one HTTP status and one CLI message."""
from __future__ import annotations


class KbError(Exception):
    """Base of every error KB raises on purpose."""

    status = 500
    kind = "error"


class NotFound(KbError):
    status = 404
    kind = "not-found"


class InvalidQuery(KbError):
    status = 400
    kind = "invalid-query"


class UsageError(KbError):
    status = 400
    kind = "usage"


class Unauthorized(KbError):
    """The action needs a signed-in account and there is none (HTTP 401)."""

    status = 401
    kind = "unauthorized"


class Forbidden(KbError):
    """The signed-in account's role does not allow the action (HTTP 403)."""

    status = 403
    kind = "forbidden"


class Conflict(KbError):
    """The request clashes with work already under way (HTTP 409): a second
    job for a source that has one queued or running."""

    status = 409
    kind = "conflict"


class TooManyAttempts(KbError):
    """Sign-in refused for a while after repeated failures (HTTP 429).
    `retry_after` is the number of seconds until the next attempt counts."""

    status = 429
    kind = "too-many-attempts"

    def __init__(self, message: str = "", retry_after: int = 0):
        super().__init__(message)
        self.retry_after = retry_after


class BundleTooLarge(KbError):
    """An offline bundle would hold more documents or bytes than the settings
    allow (HTTP 413); the message says the limit and how to narrow it."""

    status = 413
    kind = "bundle-too-large"


class IndexUnavailable(KbError):
    """The index is missing, locked for too long or unreadable."""

    status = 503
    kind = "index-unavailable"


class ExtractionError(KbError):
    """A file could not be turned into text. `reason` is a short, stable label
    (shown in reports and stored in the catalog); the message says more."""

    status = 422
    kind = "extraction"
    reason = "unreadable"

    def __str__(self) -> str:  # "encrypted: PDF needs a password"
        detail = super().__str__()
        return f"{self.reason}: {detail}" if detail else self.reason


class Encrypted(ExtractionError):
    reason = "encrypted"


class NoText(ExtractionError):
    reason = "no text"


class Corrupt(ExtractionError):
    reason = "broken"


class Truncated(Corrupt):
    reason = "truncated"


class TooLarge(ExtractionError):
    reason = "too large"


class Unsupported(ExtractionError):
    reason = "unsupported type"


class TimedOut(ExtractionError):
    reason = "timed out"


class FetchError(KbError):
    """A source could not deliver an item's bytes."""

    status = 502
    kind = "fetch"
