"""Errors: a refusal by the server, or a server that could not be reached."""

from __future__ import annotations

import socket
from typing import Any

import httpx


class DatashelfError(Exception):
    """The server refused a request (any non-2xx answer), with its RFC 9457 problem."""

    def __init__(self, status: int, problem: dict[str, Any] | None, text: str) -> None:
        self.status = status
        self.problem = problem
        self.code: str = (problem or {}).get("code") or f"http_{status}"
        self.detail: str = (problem or {}).get("detail") or text.strip() or f"HTTP {status}"
        self.errors: list[dict[str, str]] = (problem or {}).get("errors") or []
        super().__init__(f"{self.detail} (HTTP {status})")


class ConnectionError(Exception):  # noqa: A001 - the name says what it is; import it qualified if it clashes
    """The server could not be reached: refused, unknown host, reset, timed out."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"cannot reach {url}: {reason}")


def error_of(response: httpx.Response) -> DatashelfError:
    """The error a failed response stands for."""
    text = response.text
    try:
        body = response.json()
    except ValueError:
        return DatashelfError(response.status_code, None, text)
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return DatashelfError(response.status_code, body, text)
    return DatashelfError(response.status_code, None, text)


def reason_of(error: httpx.TransportError) -> str:
    """Why a request went unanswered, in a few words."""
    text = str(error) or type(error).__name__
    if isinstance(error, httpx.ConnectError) and ("refused" in text.lower() or "errno 111" in text.lower()):
        return "connection refused"
    if isinstance(error, httpx.TimeoutException):
        return "timed out"
    return text


def unsent_reason(error: Exception) -> str:
    """Why a streamed request went unanswered (see Transport._send_once), as reason_of words it."""
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, (TimeoutError, socket.timeout)):
        return "timed out"
    return str(error) or type(error).__name__
