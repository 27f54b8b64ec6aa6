"""A real datashelf server for the tests: `node dist/main.js` from the repository (built by
`npm install`), on a free port, on SQLite in a temporary directory, or on DATABASE_URL."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Iterator

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


class Server:
    def __init__(self, url: str, admin_key: str) -> None:
        self.url = url
        self.admin_key = admin_key

    def project_key(self, role: str = "write") -> str:
        """A fresh namespace and project, and a key of `role` in it."""
        slug = f"py-{uuid.uuid4().hex[:12]}"
        headers = {"authorization": f"Bearer {self.admin_key}"}
        with httpx.Client(base_url=self.url, headers=headers) as http:
            http.post("/v1/namespaces", json={"slug": slug, "name": slug}).raise_for_status()
            http.post(f"/v1/namespaces/{slug}/projects", json={"slug": slug, "name": slug}).raise_for_status()
            answer = http.post(f"/v1/namespaces/{slug}/projects/{slug}/api-keys", json={"name": "py", "role": role})
            answer.raise_for_status()
            return answer.json()["key"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(**env: str) -> Iterator[Server]:
    port = free_port()
    admin_key = secrets.token_hex(16)
    with tempfile.TemporaryDirectory() as data:
        settings = {"PATH": os.environ["PATH"], "PORT": str(port), "DATASHELF_DATA_DIR": data, "DATASHELF_ADMIN_KEY": admin_key,
                    "LOG_LEVEL": "warn", **env}
        if os.environ.get("DATABASE_URL"):
            settings["DATABASE_URL"] = os.environ["DATABASE_URL"]
        process = subprocess.Popen(["node", str(ROOT / "dist" / "main.js")], cwd=ROOT, env=settings)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{url}/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the datashelf server did not start")
                time.sleep(0.1)
            yield Server(url, admin_key)
        finally:
            process.terminate()
            process.wait(timeout=30)


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    yield from start(DATASHELF_RATE_LIMIT="0")


@pytest.fixture(scope="session")
def rate_limited_server() -> Iterator[Server]:
    yield from start(DATASHELF_RATE_LIMIT="6", DATASHELF_RATE_WINDOW="1")
