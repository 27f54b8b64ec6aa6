"""Attachments through the Python client, against a real datashelf server."""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path

import httpx
import pytest

from conftest import Server
from datashelf import Client, ConnectionError, DatashelfError


class Recording(httpx.BaseTransport):
    """The server's answers, with each call kept as `METHOD path` (an upload's id as ID), and PUTs of
    part 2 failing on the way `failures` times, as a dropped connection would."""

    def __init__(self, failures: float = 0) -> None:
        self.inner = httpx.HTTPTransport()
        self.calls: list[str] = []
        self.failures = failures

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        call = f"{request.method} {re.sub(r'uploads/[0-9a-f-]{36}', 'uploads/ID', request.url.path)}"
        self.calls.append(call)
        if request.method == "PUT" and call.endswith("/parts/2") and self.failures > 0:
            self.failures -= 1
            raise httpx.ConnectError("connection reset by peer", request=request)
        return self.inner.handle_request(request)


def client(server: Server, transport: httpx.BaseTransport | None = None) -> Client:
    http = httpx.Client(transport=transport) if transport else None
    return Client(server.url, server.project_key(), **({"http": http} if http else {}))


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def test_small_file_goes_in_one_request_same_bytes_same_id_and_comes_back_whole_or_in_part(server: Server, tmp_path: Path) -> None:
    recording = Recording()
    shelf = client(server, recording)
    data = os.urandom(50_000)
    (tmp_path / "cat.png").write_bytes(data)
    made = shelf.upload_attachment(tmp_path / "cat.png")
    assert (made.id, made.size, made.mime_type, made.filename) == (sha256(data), 50_000, "image/png", "cat.png")
    assert recording.calls == ["POST /v1/attachments"]
    assert shelf.upload_attachment(io.BytesIO(data), "image/png").id == made.id
    assert shelf.upload_attachment(data, filename="copy.png").id == made.id

    assert shelf.download_attachment(made.id, tmp_path / "back.png") == tmp_path / "back.png"
    assert (tmp_path / "back.png").read_bytes() == data
    part = io.BytesIO()
    shelf.download_attachment(made.id, part, byte_range=(100, 199))
    assert part.getvalue() == data[100:200]
    with pytest.raises(DatashelfError) as missing:
        shelf.download_attachment("sha256:" + "0" * 64, io.BytesIO())
    assert missing.value.status == 404


def test_downloads_by_a_datapoints_signed_link(server: Server, tmp_path: Path) -> None:
    shelf = client(server)
    made = shelf.upload_attachment(b"RIFF fake wave", "audio/wav", "a.wav")
    dataset = shelf.create_dataset("sounds")
    shelf.commit(dataset.id, add=[{"input": "listen", "attachments": {"audio": made.id}}])
    [point] = list(shelf.list_datapoints(dataset.id))
    out = io.BytesIO()
    shelf.download_attachment(point.attachments["audio"]["url"], out)
    assert out.getvalue() == b"RIFF fake wave"
    with pytest.raises(ValueError, match="is not on"):
        shelf.download_attachment("https://elsewhere.example/x", out)


def test_large_file_goes_in_parts_from_a_path_or_a_pipe(server: Server, tmp_path: Path) -> None:
    recording = Recording()
    shelf = client(server, recording)
    data = os.urandom(25_000)
    (tmp_path / "clip.mp4").write_bytes(data)
    made = shelf.upload_attachment(tmp_path / "clip.mp4", multipart_threshold=10_000, part_size=10_000)
    assert (made.id, made.size, made.mime_type, made.filename) == (sha256(data), 25_000, "video/mp4", "clip.mp4")
    assert recording.calls == [
        "POST /v1/attachments/uploads",
        "PUT /v1/attachments/uploads/ID/parts/1",
        "PUT /v1/attachments/uploads/ID/parts/2",
        "PUT /v1/attachments/uploads/ID/parts/3",
        "POST /v1/attachments/uploads/ID/complete",
    ]
    shelf.download_attachment(made.id, tmp_path / "back.mp4")
    assert (tmp_path / "back.mp4").read_bytes() == data

    read, write = os.pipe()
    os.write(write, data[:9_999])
    os.close(write)
    recording.calls.clear()
    with os.fdopen(read, "rb", buffering=0) as pipe:
        small = shelf.upload_attachment(pipe, "video/mp4", multipart_threshold=10_000, part_size=4_000)
    assert (small.id, recording.calls) == (sha256(data[:9_999]), ["POST /v1/attachments"])


def test_a_part_is_sent_again_after_a_dropped_connection_and_the_upload_given_up_when_it_keeps_failing(server: Server) -> None:
    recording = Recording(failures=1)
    shelf = client(server, recording)
    data = os.urandom(3000)
    made = shelf.upload_attachment(data, "application/pdf", multipart_threshold=1000, part_size=1000)
    assert made.id == sha256(data)
    assert recording.calls.count("PUT /v1/attachments/uploads/ID/parts/2") == 2

    recording.calls.clear()
    recording.failures = float("inf")
    other = os.urandom(3000)
    with pytest.raises(ConnectionError):
        shelf.upload_attachment(other, "application/pdf", multipart_threshold=1000, part_size=1000, part_retries=1)
    assert recording.calls.count("PUT /v1/attachments/uploads/ID/parts/2") == 2
    assert recording.calls[-1] == "DELETE /v1/attachments/uploads/ID"
    with pytest.raises(DatashelfError):
        shelf.download_attachment(sha256(other), io.BytesIO())
