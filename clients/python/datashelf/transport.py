"""HTTP to one datashelf server: the key, Idempotency-Keys, retries, errors."""

from __future__ import annotations

import email.utils
import http.client
import random
import time
import urllib.request
import uuid
from typing import Any, Iterable, Iterator, Mapping

import httpx

from ._version import __version__
from .errors import ConnectionError, error_of, reason_of, unsent_reason

RETRIED = {429, 503}


def retry_after_seconds(header: str | None) -> float | None:
    """Seconds to wait, from Retry-After given as seconds or as an HTTP date."""
    if not header:
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(header)
        return None if parsed is None else max(0.0, parsed.timestamp() - time.time())


class Transport:
    """Sends requests with the key, an Idempotency-Key on every POST, and retries of 429 / 503
    after Retry-After (else exponential backoff), so a retried POST never does the work twice."""

    def __init__(self, url: str, key: str, *, max_retries: int = 3, max_retry_delay: float = 30.0,
                 timeout: float = 300.0, http: httpx.Client | None = None) -> None:
        self.url = url.rstrip("/")
        self.max_retries = max_retries
        self.max_retry_delay = max_retry_delay
        self.http = http or httpx.Client(timeout=timeout)
        self.timeout = self.http.timeout.read
        # A client given here is used as it is (its proxies, its TLS settings), for every request.
        self.own_http = http is None
        self.headers = {"authorization": f"Bearer {key}", "user-agent": f"datashelf-python/{__version__}"}

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None, json: Any = None,
                content: bytes | Iterable[bytes] | None = None, headers: Mapping[str, str] | None = None,
                stream: bool = False) -> httpx.Response:
        """The response of a request the server accepted (2xx); a refusal raises DatashelfError."""
        sent = {**self.headers, **(headers or {})}
        if method == "POST":
            sent.setdefault("idempotency-key", str(uuid.uuid4()))
        query = {k: _param(v) for k, v in (params or {}).items() if v is not None}
        # A generator can be sent once: such a body is not retried.
        replayable = content is None or isinstance(content, (bytes, bytearray))
        for attempt in range(self.max_retries + 1):
            request = self.http.build_request(method, self.url + path, params=query, json=json, content=content, headers=sent)
            try:
                once = not replayable and self._direct(request.url)
                response = self._send_once(request) if once else self.http.send(request, stream=stream)
            except httpx.TransportError as error:
                raise ConnectionError(self.url, reason_of(error)) from None
            if response.is_success:
                return response
            last = attempt >= self.max_retries or not replayable
            if last or response.status_code not in RETRIED:
                response.read()
                raise error_of(response)
            wait = retry_after_seconds(response.headers.get("retry-after"))
            response.close()
            time.sleep(min(self.max_retry_delay, wait if wait is not None else 0.5 * 2**attempt * random.uniform(0.5, 1)))
        raise AssertionError("unreachable")

    def _direct(self, url: httpx.URL) -> bool:
        """Whether this transport's own client would reach the server directly, through no proxy."""
        return self.own_http and (url.scheme not in urllib.request.getproxies() or bool(urllib.request.proxy_bypass(url.host)))

    def _send_once(self, request: httpx.Request) -> httpx.Response:
        """A body read from a file or a generator, sent once with the standard library's HTTP
        client: a server may answer before it has read the whole body (an import refused at
        its first line) and close, and where httpx then reports the failed write, this reads
        the answer that came first."""
        url = request.url
        opened = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        connection = opened(url.host, url.port, timeout=self.timeout)
        try:
            connection.putrequest(request.method, url.raw_path.decode("ascii"), skip_host=True, skip_accept_encoding=True)
            for name, value in request.headers.multi_items():
                if name.lower() != "accept-encoding":
                    connection.putheader(name, value)
            connection.endheaders()
            try:
                for chunk in request.stream:
                    if chunk:
                        connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                connection.send(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered early and closed: its answer is read below
            answer = connection.getresponse()
            return httpx.Response(answer.status, headers=answer.getheaders(), content=answer.read(), request=request)
        except (OSError, http.client.HTTPException) as error:
            raise ConnectionError(self.url, unsent_reason(error)) from None
        finally:
            connection.close()

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.request(method, path, **kwargs)
        return None if response.status_code == 204 else response.json()

    def pages(self, path: str, params: Mapping[str, Any] | None = None, key: str = "data") -> Iterator[dict[str, Any]]:
        """Every item of a cursor-paged list, fetching each page when the loop gets to it."""
        cursor = None
        while True:
            page = self.json("GET", path, params={**(params or {}), "limit": 1000, "cursor": cursor})
            yield from page[key]
            cursor = page.get("next_cursor")
            if not cursor:
                return

    def close(self) -> None:
        self.http.close()


def _param(value: Any) -> Any:
    """A query value as text; a list repeats its name (`tag=a&tag=b`)."""
    if isinstance(value, (list, tuple)):
        return [_param(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
