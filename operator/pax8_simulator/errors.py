"""The three error body shapes the live Pax8 API sends, and the exception that carries one.

Handlers raise `ApiError`; the request pipeline turns it into a response, so every handler
reports failures the same documented way.
"""

from __future__ import annotations

import json
from typing import Any, Literal

ErrorShape = Literal["documented", "errors", "oauth"]

_TYPES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

INSTANCE_PREFIX = "/public"


def reason(status: int) -> str:
    """The HTTP reason phrase used as the error `type`."""
    return _TYPES.get(status, "Error")


def documented_body(status: int, message: str, path: str, details: list[str] | None = None) -> Any:
    """`{type, message, instance, status, details}` as in the spec's Error schema."""
    instance = INSTANCE_PREFIX + path
    return {
        "type": reason(status),
        "message": message,
        "instance": instance,
        "status": status,
        "details": [
            {"type": reason(status), "status": status, "message": item, "instance": instance}
            for item in (details or [])
        ],
    }


def shaped_body(shape: str, status: int, message: str, path: str) -> Any:
    """An error body in any of the three shapes."""
    if shape == "errors":
        return {"errors": [message]}
    if shape == "oauth":
        return {"error": reason(status).lower().replace(" ", "_"), "error_description": message}
    return documented_body(status, message, path)


class ApiError(Exception):
    """A Pax8 error response: status, message and which body shape to send."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        shape: ErrorShape | str = "documented",
        details: list[str] | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.shape = shape
        self.details = details
        self.body = body
        self.headers: list[tuple[bytes, bytes]] = []

    def render(self, path: str) -> bytes:
        """The JSON body for this error at `path` (the request path, e.g. `/v1/companies`)."""
        if self.body is not None:
            payload = self.body
        elif self.shape == "documented":
            payload = documented_body(self.status, self.message, path, self.details)
        else:
            payload = shaped_body(self.shape, self.status, self.message, path)
        return json.dumps(payload, separators=(",", ":")).encode()


def not_found(kind: str, ident: str) -> ApiError:
    """404 for a missing object."""
    return ApiError(404, f"{kind} not found", details=[f"No {kind.lower()} with id {ident}"])


def bad_request(message: str) -> ApiError:
    """400 for malformed input."""
    return ApiError(400, message, details=[message])


def unprocessable(message: str, details: list[str] | None = None) -> ApiError:
    """422 for a business rule failure."""
    return ApiError(422, message, details=details or [message])
