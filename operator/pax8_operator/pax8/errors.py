"""One error hierarchy for everything the Pax8 client can raise.

Why: callers (reconcile, handlers) map Pax8 outcomes to Kubernetes conditions in one place,
by class: 401/403 need a credentials fix, 400/422 carry Pax8's business message and must not
be hot-retried, 429/5xx/timeouts are temporary, and an ``AmbiguousWriteError`` means "look
Pax8 up before trying again". Pax8 answers errors in three body shapes; all are parsed here.
No message, repr or raw body ever holds a secret or token: texts pass through ``scrub``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import httpx

RAW_BODY_LIMIT = 2000
_REQUEST_ID_HEADERS = ("x-request-id", "x-correlation-id", "x-amzn-requestid", "request-id")


class Pax8Error(Exception):
    """Base class: a Pax8 call failed. ``str()`` is a one-line message with no secrets."""

    def __init__(
        self,
        message: str,
        *,
        operation: str,
        status: int | None = None,
        details: Sequence[str] = (),
        raw_body: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation
        self.status = status
        self.details = tuple(details)
        self.raw_body = raw_body
        self.request_id = request_id

    def __str__(self) -> str:
        code = f"HTTP {self.status}" if self.status is not None else "no response"
        text = f"Pax8 {self.operation} failed ({code}): {self.message}"
        extra = [d for d in self.details if d and d != self.message]
        if extra:
            text += " [" + "; ".join(extra) + "]"
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(operation={self.operation!r}, status={self.status!r}, "
            f"message={self.message!r})"
        )


class AuthError(Pax8Error):
    """401: the client credentials (or the token) were rejected."""


class ForbiddenError(Pax8Error):
    """403: authenticated, but not allowed (e.g. a companyId the partner does not own)."""


class NotFoundError(Pax8Error):
    """404: the object does not exist (a retried DELETE that already succeeded lands here)."""


class RequestRejectedError(Pax8Error):
    """A 4xx rejection of what we sent; carries Pax8's messages. Do not retry unchanged."""


class BadRequestError(RequestRejectedError):
    """400: bad syntax or a missing parameter."""


class UnprocessableError(RequestRejectedError):
    """422: a business rule failed (e.g. a seat decrease inside a commitment)."""


class RateLimitedError(Pax8Error):
    """429 after every allowed attempt; ``retry_after`` is Pax8's hint in seconds, if any."""

    def __init__(
        self,
        message: str,
        *,
        operation: str,
        status: int | None = 429,
        details: Sequence[str] = (),
        raw_body: str | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(
            message,
            operation=operation,
            status=status,
            details=details,
            raw_body=raw_body,
            request_id=request_id,
        )
        self.retry_after = retry_after


class ServerError(Pax8Error):
    """5xx after every allowed attempt (or on a call that must not be retried)."""


class Pax8ConnectionError(Pax8Error):
    """No usable response: connection refused/reset, or the response was cut off."""


class Pax8TimeoutError(Pax8ConnectionError):
    """A connect, read, write or pool timeout."""


class InvalidResponseError(Pax8Error):
    """A success status whose body is not the JSON we expect (malformed, truncated, wrong shape)."""


class AmbiguousWriteError(Pax8Error):
    """A non-idempotent write (POST) may or may not have been applied.

    Raised on a timeout, a connection dropped after the request was sent, or a 5xx. It is
    never retried blindly: look Pax8 up (e.g. list the company's orders) before trying again.
    """


def scrub(text: str, secrets: Iterable[str]) -> str:
    """Replace every secret value that occurs in ``text`` with ``***``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


def parse_error_body(body: bytes) -> tuple[str | None, list[str]]:
    """Pax8's message and detail messages from any of its three error body shapes.

    Documented ``{type,message,instance,status,details[]}``, ``{errors:[...]}`` and OAuth's
    ``{error,error_description}``. Returns ``(None, [])`` when the body is none of these.
    """
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None, []
    if not isinstance(data, dict):
        return None, []
    if isinstance(data.get("message"), str):
        raw_details = data.get("details")
        items = raw_details if isinstance(raw_details, list) else []
        return data["message"], [_item_text(d) for d in items if _item_text(d)]
    if isinstance(data.get("errors"), list):
        texts = [_item_text(e) for e in data["errors"] if _item_text(e)]
        return ("; ".join(texts) or None), texts
    if isinstance(data.get("error"), str):
        description = data.get("error_description")
        if isinstance(description, str) and description:
            return description, [data["error"]]
        return data["error"], []
    return None, []


def _item_text(item: object) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        for key in ("message", "error_description", "error", "detail"):
            if isinstance(item.get(key), str):
                return str(item[key])
    return ""


_BY_STATUS: dict[int, type[Pax8Error]] = {
    400: BadRequestError,
    401: AuthError,
    403: ForbiddenError,
    404: NotFoundError,
    422: UnprocessableError,
    429: RateLimitedError,
}


def from_response(
    response: httpx.Response,
    *,
    operation: str,
    secrets: Iterable[str] = (),
    retry_after: float | None = None,
) -> Pax8Error:
    """The error for a non-success response, with Pax8's messages and the scrubbed raw body."""
    secret_list = list(secrets)
    status = response.status_code
    message, details = parse_error_body(response.content)
    message = scrub(message or response.reason_phrase or "error", secret_list)
    clean_details = [scrub(d, secret_list) for d in details]
    raw = raw_body_text(response.content, secret_list)
    rid = request_id(response)
    if status == 429:
        return RateLimitedError(
            message,
            operation=operation,
            details=clean_details,
            raw_body=raw,
            request_id=rid,
            retry_after=retry_after,
        )
    cls = _BY_STATUS.get(status)
    if cls is None:
        cls = ServerError if status >= 500 else RequestRejectedError
    return cls(
        message,
        operation=operation,
        status=status,
        details=clean_details,
        raw_body=raw,
        request_id=rid,
    )


def raw_body_text(body: bytes, secrets: Iterable[str] = ()) -> str:
    """The body as text, truncated to ``RAW_BODY_LIMIT`` characters, secrets scrubbed."""
    text = scrub(body.decode("utf-8", errors="replace"), secrets)
    return text if len(text) <= RAW_BODY_LIMIT else text[:RAW_BODY_LIMIT] + "...(truncated)"


def request_id(response: httpx.Response) -> str | None:
    """The request id Pax8 (or a proxy in front of it) sent back, for support tickets."""
    for header in _REQUEST_ID_HEADERS:
        value = response.headers.get(header)
        if value:
            return str(value)
    return None
