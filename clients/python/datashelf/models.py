"""The main shapes of the API as dataclasses. Fields the server adds later are ignored,
so an older client keeps working against a newer server."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Optional, TypeVar

T = TypeVar("T")


def from_json(cls: type[T], data: dict[str, Any]) -> T:
    """An instance of a model dataclass from the server's JSON, ignoring unknown fields."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class Dataset:
    id: str
    name: str
    type: str
    head_version: int
    datapoint_count: int
    created_at: str
    updated_at: str
    seq: int = 0
    # The latest version whose datapoints are all in the search indexes (head_version once they caught up).
    indexed_version: int = 0
    description: Optional[str] = None
    path: Optional[str] = None
    container_id: Optional[str] = None
    filters: Optional[list[Any]] = None
    requested_size: Optional[int] = None
    cut_size: Optional[int] = None
    owner_user_id: Optional[str] = None
    selected_metrics: Optional[dict[str, float]] = None
    structure: Optional[list[str]] = None
    column_mappings: Optional[dict[str, Any]] = None
    tags: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


DATAPOINT_COLUMNS = ["id", "seq", "order", "input", "expected_output", "output", "context", "prompt", "persona", "tags",
                     "source", "agent", "generator_model", "metadata", "external_id", "splits", "attachments", "version", "created_at", "updated_at"]
"""A datapoint's fields in the order the API gives them (a DataFrame's columns)."""


@dataclass(frozen=True)
class Datapoint:
    id: str
    version: int
    created_at: str
    updated_at: str
    seq: int = 0
    order: int = 0
    input: Any = None
    expected_output: Any = None
    output: Any = None
    context: Any = None
    prompt: Optional[str] = None
    persona: Optional[str] = None
    tags: list[str] = field(default_factory=list)
    source: Optional[str] = None
    agent: Optional[str] = None
    generator_model: Optional[str] = None
    metadata: dict[str, Any] = field(default_factory=dict)
    external_id: Optional[str] = None
    splits: list[str] = field(default_factory=list)
    attachments: dict[str, Any] = field(default_factory=dict)
    """Name -> `{id, mime_type, size, filename, url}`; `url` is a signed link that works without a key for about an hour."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Version:
    dataset_id: str
    version: int
    datapoint_count: int
    added: int
    updated: int
    deleted: int
    created_at: str
    message: Optional[str] = None


@dataclass(frozen=True)
class Change:
    """A datapoint that differs between two versions: `added`, `removed` or `changed`."""

    change: str
    id: str
    before: Optional[Datapoint]
    after: Optional[Datapoint]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Change":
        side = lambda d: None if d is None else from_json(Datapoint, d)  # noqa: E731
        return cls(change=data["change"], id=data["id"], before=side(data.get("before")), after=side(data.get("after")))


@dataclass(frozen=True)
class ImportResult:
    dataset_id: str
    version: int
    created: bool
    rows: int
    added: int
    updated: int
    deleted: int
    unchanged: int
    datapoint_count: int
    message: Optional[str] = None


@dataclass(frozen=True)
class Run:
    id: str
    dataset_id: str
    run_type: str
    run_source: str
    created_at: str
    seq: int = 0
    user_id: Optional[str] = None
    model_slug: Optional[str] = None
    alias: Optional[str] = None
    threshold: Optional[float] = None
    result: Optional[float] = None
    aggregate_results: Optional[dict[str, Any]] = None
    started_at: Optional[str] = None
    finished_at: Optional[str] = None
    updated_at: Optional[str] = None
    is_gte_threshold: Optional[bool] = None
    dataset_version: Optional[int] = None
    aggregates: Optional[list[dict[str, Any]]] = None


@dataclass(frozen=True)
class Evaluation:
    id: str
    run_id: str
    record_id: str
    metric_id: str
    created_at: str
    seq: int = 0
    user_id: Optional[str] = None
    result: Optional[float] = None
    threshold: Optional[float] = None
    explanation: Optional[str] = None
    model_slug: Optional[str] = None
    input_tokens: Optional[int] = None
    output_tokens: Optional[int] = None
    evaluation_cost: Optional[str] = None
    is_success: Optional[bool] = None
    is_gte_threshold: Optional[bool] = None
    started_at: Optional[str] = None
    finished_at: Optional[str] = None


@dataclass(frozen=True)
class Attachment:
    """A stored file: `id` is `sha256:` and the SHA-256 of its bytes, so the same bytes always have the same id."""
    id: str
    sha256: str
    size: int
    mime_type: str
    created_at: str
    filename: Optional[str] = None
