"""datashelf's native API (/v1) from Python."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Optional, Union

from .attachments import MULTIPART_THRESHOLD, PART_RETRIES, PART_SIZE, Attachments, Source
from .models import DATAPOINT_COLUMNS, Attachment, Change, Datapoint, Dataset, Evaluation, ImportResult, Run, Version, from_json
from .transport import Transport

FileLike = Union[str, Path, bytes, IO[bytes]]

MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv", "parquet": "application/vnd.apache.parquet"}
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
CHUNK = 1 << 20


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    while chunk := file.read(CHUNK):
        yield chunk


def _format_of(file: FileLike, given: Optional[str]) -> str:
    if given:
        return given
    if isinstance(file, (str, Path)) and Path(file).suffix.lower() in SUFFIXES:
        return SUFFIXES[Path(file).suffix.lower()]
    raise ValueError("say the file's format: format='jsonl', 'csv' or 'parquet'")


class Client:
    """A datashelf server, with an API key. Lists are iterators that fetch pages as they go;
    every POST carries an Idempotency-Key and 429 / 503 answers are retried after Retry-After;
    refusals raise DatashelfError, an unreachable server ConnectionError.

    `url` and `key` default to DATASHELF_URL and DATASHELF_KEY."""

    def __init__(self, url: Optional[str] = None, key: Optional[str] = None, **transport: Any) -> None:
        url = url or os.environ.get("DATASHELF_URL") or "http://127.0.0.1:8080"
        key = key or os.environ.get("DATASHELF_KEY")
        if not key:
            raise ValueError("give an API key: Client(key=...) or DATASHELF_KEY")
        self.transport = Transport(url, key, **transport)
        self._attachments = Attachments(self.transport)

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.transport.close()

    # Datasets

    def list_datasets(self, **filters: Any) -> Iterator[Dataset]:
        """Every dataset of the project (filters: type, tag, search, sort)."""
        return (from_json(Dataset, d) for d in self.transport.pages("/v1/datasets", filters))

    def create_dataset(self, name: str, **fields: Any) -> Dataset:
        return from_json(Dataset, self.transport.json("POST", "/v1/datasets", json={"name": name, **fields}))

    def get_dataset(self, dataset_id: str) -> Dataset:
        return from_json(Dataset, self.transport.json("GET", f"/v1/datasets/{dataset_id}"))

    def update_dataset(self, dataset_id: str, **fields: Any) -> Dataset:
        return from_json(Dataset, self.transport.json("PATCH", f"/v1/datasets/{dataset_id}", json=fields))

    def delete_dataset(self, dataset_id: str) -> None:
        self.transport.request("DELETE", f"/v1/datasets/{dataset_id}")

    # Versions and datapoints

    def list_versions(self, dataset_id: str) -> Iterator[Version]:
        """Every version, newest first."""
        return (from_json(Version, v) for v in self.transport.pages(f"/v1/datasets/{dataset_id}/versions"))

    def get_version(self, dataset_id: str, version: int) -> Version:
        return from_json(Version, self.transport.json("GET", f"/v1/datasets/{dataset_id}/versions/{version}"))

    def commit(self, dataset_id: str, *, add: Optional[list[dict[str, Any]]] = None, update: Optional[list[dict[str, Any]]] = None,
               delete: Optional[list[str]] = None, replace: Optional[list[dict[str, Any]]] = None,
               message: Optional[str] = None, base_version: Optional[int] = None) -> Version:
        """Adds, updates (by id, only the fields given) and deletes datapoints, or replaces them all, as one new version."""
        changes = {"add": add, "update": update, "delete": delete, "replace": replace, "message": message, "base_version": base_version}
        body = {k: v for k, v in changes.items() if v is not None}
        return from_json(Version, self.transport.json("POST", f"/v1/datasets/{dataset_id}/versions", json=body))

    def restore(self, dataset_id: str, version: Union[int, str], message: Optional[str] = None) -> Version:
        """A new version whose content is an earlier version's (a number or a tag's name)."""
        body = {"version": version, **({"message": message} if message is not None else {})}
        return from_json(Version, self.transport.json("POST", f"/v1/datasets/{dataset_id}/restore", json=body))

    def tag_version(self, dataset_id: str, name: str, version: Union[int, str]) -> dict[str, Any]:
        """Points a tag (`prod`) at a version, making or moving it; reads take the tag's name as a version."""
        return self.transport.json("PUT", f"/v1/datasets/{dataset_id}/tags/{name}", json={"version": version})

    def list_tags(self, dataset_id: str) -> Iterator[dict[str, Any]]:
        return self.transport.pages(f"/v1/datasets/{dataset_id}/tags")

    def list_datapoints(self, dataset_id: str, version: Union[int, str, None] = None, **filters: Any) -> Iterator[Datapoint]:
        """Every datapoint of a version (a number or a tag; default the head) in order, or most relevant
        first with `q` (filters: q, source, tag (a list: all of them, or any with tag_match="any"), persona,
        split, as_of, sample and seed, and `filters` in the filter language as a list of dicts)."""
        params = {"version": version, **_listing(filters)}
        return (from_json(Datapoint, d) for d in self.transport.pages(f"/v1/datasets/{dataset_id}/datapoints", params))

    def get_datapoint(self, dataset_id: str, datapoint_id: str, version: Optional[int] = None) -> Datapoint:
        path = f"/v1/datasets/{dataset_id}/datapoints/{datapoint_id}"
        return from_json(Datapoint, self.transport.json("GET", path, params={"version": version}))

    def diff(self, dataset_id: str, from_version: Union[int, str], to_version: Union[int, str],
             **filters: Any) -> Iterator[Change]:
        """Every datapoint that differs between two versions, as it was before and after; with filters (as for
        list_datapoints, but no sample), only those kept on either side."""
        params = {"from": from_version, "to": to_version, **_listing(filters)}
        pages = self.transport.pages(f"/v1/datasets/{dataset_id}/diff", params)
        return (Change.from_json(c) for c in pages)

    # Files

    def import_file(self, dataset_id: str, file: FileLike, *, format: Optional[str] = None, mode: str = "add",
                    mapping: Optional[dict[str, Any]] = None, message: Optional[str] = None,
                    base_version: Optional[int] = None, split: Optional[str] = None) -> ImportResult:
        """Streams a JSON-lines, CSV or Parquet file in as the next version. `file` is a path, bytes
        or a binary file object; mode is add, replace, upsert or sync (see the README, "Importing files").
        A path or file object is streamed and sent once; bytes are retried when the server asks."""
        fmt = _format_of(file, format)
        params = {"format": fmt, "mode": mode, "mapping": json.dumps(mapping) if mapping else None,
                  "message": message, "base_version": base_version, "split": split}
        path = f"/v1/datasets/{dataset_id}/imports"
        headers = {"content-type": MEDIA_TYPES[fmt]}
        if isinstance(file, (str, Path)):
            with open(file, "rb") as opened:
                return self._import(path, params, _chunks(opened), headers)
        return self._import(path, params, file if isinstance(file, bytes) else _chunks(file), headers)

    def _import(self, path: str, params: dict[str, Any], content: Union[bytes, Iterable[bytes]], headers: dict[str, str]) -> ImportResult:
        return from_json(ImportResult, self.transport.json("POST", path, params=params, content=content, headers=headers))

    def export(self, dataset_id: str, path: Union[str, Path, None] = None, *, format: str = "jsonl",
               version: Optional[int] = None, **filters: Any) -> Union[Path, Iterator[bytes]]:
        """A version's datapoints as a file (jsonl, csv, parquet or openai), streamed: written to
        `path` (and the path returned), or, without one, an iterator of its bytes."""
        response = self.transport.request("GET", f"/v1/datasets/{dataset_id}/export", stream=True,
                                          params={"format": format, "version": version, **filters})
        if path is None:
            return _closing(response.iter_bytes(), response.close)
        target = Path(path)
        try:
            with open(target, "wb") as out:
                for chunk in response.iter_bytes():
                    out.write(chunk)
        finally:
            response.close()
        return target

    # Attachments

    def upload_attachment(self, file: Source, mime_type: Optional[str] = None, filename: Optional[str] = None, *,
                          multipart_threshold: int = MULTIPART_THRESHOLD, part_size: int = PART_SIZE,
                          part_retries: int = PART_RETRIES) -> Attachment:
        """Stores a file (a path, bytes or a binary file object) as an attachment; the same bytes answer the same
        id. The media type and file name default to what a path's name says. Below `multipart_threshold` (64 MiB)
        it is streamed in one request; at or above it, sent in parts of `part_size` (16 MiB), each sent again up to
        `part_retries` times after a lost connection or a 5xx, the whole checked by its SHA-256."""
        return self._attachments.upload(file, mime_type, filename, multipart_threshold=multipart_threshold,
                                        part_size=part_size, part_retries=part_retries)

    def download_attachment(self, id_or_url: str, dest: Union[str, Path, IO[bytes]],
                            byte_range: Optional[tuple[int, Optional[int]]] = None) -> Union[Path, IO[bytes]]:
        """Streams an attachment's bytes (by id, or by the signed `url` a datapoint read gives) to a path or a
        binary file object; `byte_range=(start, end)` (end inclusive, or None for the rest) asks for part of it."""
        return self._attachments.download(id_or_url, dest, byte_range)

    def to_pandas(self, dataset_id: str, version: Optional[int] = None, **filters: Any) -> Any:
        """The datapoints of a version as a pandas DataFrame, one row each (pandas must be installed)."""
        try:
            import pandas
        except ImportError as error:
            raise ImportError("to_pandas needs pandas: install it (pip install pandas, or apt install python3-pandas)") from error
        rows = [d.to_dict() for d in self.list_datapoints(dataset_id, version, **filters)]
        return pandas.DataFrame.from_records(rows, columns=DATAPOINT_COLUMNS)

    # Evaluation runs

    def create_metric(self, name: str, description: Optional[str] = None) -> dict[str, Any]:
        body = {"name": name, **({"description": description} if description is not None else {})}
        return self.transport.json("POST", "/v1/metrics", json=body)

    def create_run(self, dataset_id: str, *, run_type: str = "DATASET", run_source: str = "SDK", threshold: float = 0,
                   **fields: Any) -> Run:
        """Records an evaluation run over a dataset (run types: GET /v1/run-types)."""
        body = {"dataset_id": dataset_id, "run_type": run_type, "run_source": run_source, "threshold": threshold, **fields}
        return from_json(Run, self.transport.json("POST", "/v1/runs", json=body))

    def get_run(self, run_id: str) -> Run:
        """A run, the dataset version it is pinned to, and its per-metric aggregates (mean, p50, p90, pass_rate)."""
        return from_json(Run, self.transport.json("GET", f"/v1/runs/{run_id}"))

    def complete_run(self, run_id: str, **fields: Any) -> Run:
        """Sets result / aggregate_results / finished_at (default now): a finished run is complete."""
        from datetime import datetime, timezone
        body = {"finished_at": datetime.now(timezone.utc).isoformat(), **fields}
        return from_json(Run, self.transport.json("PATCH", f"/v1/runs/{run_id}", json=body))

    def write_run_items(self, run_id: str, items: Iterable[dict[str, Any]]) -> int:
        """What the model produced per datapoint (datapoint_id, output, latency_ms, tokens, cost, error, trace_id),
        streamed as NDJSON; sending a datapoint's item again replaces it. Returns how many were written."""
        lines = (json.dumps(item).encode() + b"\n" for item in items)
        answer = self.transport.json("POST", f"/v1/runs/{run_id}/items", content=lines,
                                     headers={"content-type": "application/x-ndjson"})
        return int(answer["written"])

    def list_run_items(self, run_id: str, **filters: Any) -> Iterator[dict[str, Any]]:
        """A run's items in datapoint order with their scores (filters: split, metric_id, pass)."""
        return self.transport.pages(f"/v1/runs/{run_id}/items", filters)

    def compare_runs(self, base: str, head: str, **options: Any) -> dict[str, Any]:
        """Per-metric deltas and every (datapoint, metric) scored in both runs, regressions first
        (options: metric_id, change, sort). Returns {base, head, metrics, items}."""
        params = {"base": base, "head": head, **options}
        first = self.transport.json("GET", "/v1/runs/compare", params=params)
        items = list(self.transport.pages("/v1/runs/compare", params))
        return {"base": first["base"], "head": first["head"], "metrics": first["metrics"], "items": items}

    def list_runs(self, dataset_id: Optional[str] = None) -> Iterator[Run]:
        return (from_json(Run, r) for r in self.transport.pages("/v1/runs", {"dataset_id": dataset_id}))

    def record_evaluations(self, run_id: str, evaluations: list[dict[str, Any]]) -> list[Evaluation]:
        """Records evaluations of a run, one per (datapoint, metric): record_id, metric_id, result, threshold, …"""
        answer = self.transport.json("POST", f"/v1/runs/{run_id}/evaluations", json=evaluations)
        return [from_json(Evaluation, e) for e in answer["data"]]


def _closing(chunks: Iterator[bytes], close: Any) -> Iterator[bytes]:
    try:
        yield from chunks
    finally:
        close()


def _listing(filters: dict[str, Any]) -> dict[str, Any]:
    """Listing filters as query parameters: the filter language travels as JSON text."""
    if isinstance(filters.get("filters"), list):
        return {**filters, "filters": json.dumps(filters["filters"])}
    return filters
