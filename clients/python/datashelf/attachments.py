"""Attachments up and down: one streamed request for a small file, a multipart upload
(parts retried, the whole checked by its SHA-256) for a large one, downloads streamed to disk."""

from __future__ import annotations

import hashlib
import io
import mimetypes
import time
from pathlib import Path
from typing import IO, Any, Iterator, Optional, Union
from urllib.parse import urlsplit

from .errors import ConnectionError, DatashelfError
from .models import Attachment, from_json
from .transport import Transport

Source = Union[str, Path, bytes, IO[bytes]]

MiB = 1 << 20
MULTIPART_THRESHOLD = 64 * MiB
PART_SIZE = 16 * MiB
PART_RETRIES = 3
CHUNK = 1 << 20
UPLOADS = "/v1/attachments/uploads"
OCTETS = "application/octet-stream"


def _chunks(file: IO[bytes], first: bytes = b"") -> Iterator[bytes]:
    if first:
        yield first
    while chunk := file.read(CHUNK):
        yield chunk


def _parts(source: IO[bytes], first: bytes, size: int) -> Iterator[bytes]:
    """What was read already, then the rest of the file, in parts of `size` bytes (the last one shorter)."""
    buffer = first
    while True:
        buffer += _read_up_to(source, size - len(buffer)) if len(buffer) < size else b""
        if not buffer:
            return
        yield buffer[:size]
        buffer = buffer[size:]


def _read_up_to(source: IO[bytes], size: int) -> bytes:
    """`size` bytes, or fewer at the end: a pipe's read may answer less before it ends."""
    read = b""
    while len(read) < size and (more := source.read(size - len(read))):
        read += more
    return read


def _size_of(file: IO[bytes]) -> Optional[int]:
    """The bytes left in a seekable file, or None for a pipe or a socket."""
    try:
        at = file.tell()
        end = file.seek(0, io.SEEK_END)
        file.seek(at)
        return end - at
    except (OSError, AttributeError, io.UnsupportedOperation):
        return None


class Attachments:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def upload(self, source: Source, mime_type: Optional[str] = None, filename: Optional[str] = None, *,
               multipart_threshold: int = MULTIPART_THRESHOLD, part_size: int = PART_SIZE,
               part_retries: int = PART_RETRIES) -> Attachment:
        if isinstance(source, (str, Path)):
            path = Path(source)
            filename = filename or path.name
            mime_type = mime_type or mimetypes.guess_type(path.name)[0]
            with open(path, "rb") as opened:
                return self.upload(opened, mime_type, filename, multipart_threshold=multipart_threshold,
                                   part_size=part_size, part_retries=part_retries)
        mime_type = mime_type or (filename and mimetypes.guess_type(filename)[0]) or OCTETS
        if isinstance(source, (bytes, bytearray)):
            source = io.BytesIO(source)
        size = _size_of(source)
        if size is not None and size < multipart_threshold:
            return self._single(_chunks(source), mime_type, filename)
        # A pipe's size is unknown until it ends: up to the threshold is held, and sent in one request if that was all.
        first = _read_up_to(source, multipart_threshold) if size is None else b""
        if size is None and len(first) < multipart_threshold:
            return self._single(first, mime_type, filename)
        return self._multipart(source, first, mime_type, filename, part_size, part_retries)

    def _single(self, content: Any, mime_type: str, filename: Optional[str]) -> Attachment:
        answer = self.transport.json("POST", "/v1/attachments", params={"filename": filename}, content=content,
                                     headers={"content-type": mime_type})
        return from_json(Attachment, answer)

    def _multipart(self, source: IO[bytes], first: bytes, mime_type: str, filename: Optional[str], part_size: int,
                   part_retries: int) -> Attachment:
        body = {"mime_type": mime_type, **({"filename": filename} if filename else {})}
        upload = self.transport.json("POST", UPLOADS, json=body)["id"]
        digest = hashlib.sha256()
        try:
            for number, part in enumerate(_parts(source, first, part_size), start=1):
                digest.update(part)
                self._put_part(upload, number, part, part_retries)
            answer = self.transport.json("POST", f"{UPLOADS}/{upload}/complete", json={"sha256": digest.hexdigest()})
            return from_json(Attachment, answer)
        except BaseException:
            try:
                self.transport.request("DELETE", f"{UPLOADS}/{upload}")
            except (ConnectionError, DatashelfError):
                pass
            raise

    def _put_part(self, upload: str, number: int, part: bytes, retries: int) -> None:
        for attempt in range(retries + 1):
            try:
                self.transport.request("PUT", f"{UPLOADS}/{upload}/parts/{number}", content=part,
                                       headers={"content-type": OCTETS})
                return
            except (ConnectionError, DatashelfError) as error:
                failed_for_a_while = isinstance(error, ConnectionError) or error.status >= 500
                if attempt >= retries or not failed_for_a_while:
                    raise
                time.sleep(0.25 * 2**attempt)

    def download(self, id_or_url: str, dest: Union[str, Path, IO[bytes]],
                 byte_range: Optional[tuple[int, Optional[int]]] = None) -> Union[Path, IO[bytes]]:
        headers = {"range": f"bytes={byte_range[0]}-{'' if byte_range[1] is None else byte_range[1]}"} if byte_range else {}
        response = self.transport.request("GET", self._path_of(id_or_url), headers=headers, stream=True)
        try:
            if isinstance(dest, (str, Path)):
                with open(dest, "wb") as out:
                    for chunk in response.iter_bytes():
                        out.write(chunk)
                return Path(dest)
            for chunk in response.iter_bytes():
                dest.write(chunk)
            return dest
        finally:
            response.close()

    def _path_of(self, id_or_url: str) -> str:
        """The path an id or a signed link names on this server; a link elsewhere is refused, so the key never leaves."""
        if id_or_url.startswith("sha256:"):
            return f"/v1/attachments/{id_or_url}"
        link, server = urlsplit(id_or_url), urlsplit(self.transport.url)
        if link.netloc and (link.scheme, link.netloc) != (server.scheme, server.netloc):
            raise ValueError(f"{id_or_url} is not on {self.transport.url}")
        return link.path + (f"?{link.query}" if link.query else "")
