"""The Python client against a real datashelf server."""

from __future__ import annotations

import dataclasses
import fcntl
import io
import json
import os
import re
import socket
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

import httpx
import pytest

from conftest import Server, free_port
from datashelf import Change, Client, ConnectionError, DatashelfError

HERE = Path(__file__).resolve().parent


@pytest.fixture()
def shelf(server: Server):
    with Client(server.url, server.project_key()) as client:
        yield client


def test_first_session_example_runs_as_the_readme_shows(server: Server, tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"input":"2+2?","expected_output":"4","external_id":"a"}\n{"input":"3+3?","external_id":"b"}\n')
    example = HERE.parent / "examples" / "first_session.py"
    env = {**os.environ, "DATASHELF_URL": server.url, "DATASHELF_KEY": server.project_key(), "PYTHONPATH": str(HERE.parent)}
    out = subprocess.run([sys.executable, str(example), str(rows)], env=env, capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [
        "version 1: 2 datapoints",
        "1 without an expected output",
        "changed b",
        "2 rows, columns ['id', 'seq', 'order', 'input']",
    ]
    readme = (HERE.parent / "README.md").read_text()
    shown = re.search(r"```python\n(.*?)```", readme, re.S).group(1)
    assert re.sub(r"^(#.*\n)+", "", example.read_text()) == shown


def test_pages_through_thousands_of_datapoints_and_diffs_versions(shelf: Client) -> None:
    dataset = shelf.create_dataset("many")
    lines = "\n".join(json.dumps({"input": {"q": f"question {i}"}, "external_id": f"q{i}"}) for i in range(2500))
    imported = shelf.import_file(dataset.id, lines.encode(), format="jsonl")
    assert (imported.version, imported.added, imported.datapoint_count) == (1, 2500, 2500)

    datapoints = list(shelf.list_datapoints(dataset.id))
    assert [d.external_id for d in datapoints] == [f"q{i}" for i in range(2500)]
    assert datapoints[7].input == {"q": "question 7"}

    again = shelf.import_file(dataset.id, lines.encode(), format="jsonl", mode="upsert")
    assert (again.created, again.unchanged) == (False, 2500)

    shelf.commit(dataset.id, update=[{"id": datapoints[0].id, "expected_output": "x"}], delete=[datapoints[1].id], add=[{"input": "new"}])
    changes = list(shelf.diff(dataset.id, 1, 2))
    assert [(c.change, c.id) for c in changes[:2]] == [("changed", datapoints[0].id), ("removed", datapoints[1].id)]
    assert isinstance(changes[0], Change) and changes[0].after.expected_output == "x" and changes[1].after is None
    assert [v.version for v in shelf.list_versions(dataset.id)] == [2, 1]
    assert shelf.get_dataset(dataset.id).datapoint_count == 2500

    found = list(shelf.list_datapoints(dataset.id, q="question 1234"))
    assert found[0].external_id == "q1234"
    ranked = [d.external_id for d in shelf.list_datapoints(dataset.id, filters=[{"key": "external_id", "operator": "in", "value": ["q5", "q9"]}])]
    assert ranked == ["q5", "q9"]
    sample = [d.id for d in shelf.list_datapoints(dataset.id, sample=10, seed=4)]
    assert len(sample) == 10 and sample == [d.id for d in shelf.list_datapoints(dataset.id, sample=10, seed=4)]
    assert [c.id for c in shelf.diff(dataset.id, 1, 2, q="new")] == [changes[-1].id]


def test_imports_a_csv_file_through_a_mapping_and_exports_it(shelf: Client, tmp_path: Path) -> None:
    dataset = shelf.create_dataset("sheet")
    sheet = tmp_path / "evals.csv"
    sheet.write_text('id,question,answer\nk1,"What is 6 x 7?",42\nk2,Capital of France?,Paris\n')
    mapping = {"fields": {"input": "question", "expected_output": "answer", "external_id": "id"}}
    result = shelf.import_file(dataset.id, sheet, mapping=mapping)
    assert result.added == 2
    assert shelf.get_datapoint(dataset.id, next(shelf.list_datapoints(dataset.id)).id).expected_output == "42"

    written = shelf.export(dataset.id, tmp_path / "out.jsonl")
    exported = [json.loads(line) for line in written.read_text().splitlines()]
    assert [(d["external_id"], d["input"], d["expected_output"]) for d in exported] == [
        ("k1", "What is 6 x 7?", "42"),
        ("k2", "Capital of France?", "Paris"),
    ]
    csv_text = b"".join(shelf.export(dataset.id, format="csv")).decode()
    assert csv_text.splitlines()[1:] and "Paris" in csv_text

    frame = shelf.to_pandas(dataset.id)
    assert list(frame["expected_output"]) == ["42", "Paris"]


def test_records_runs_and_evaluations(shelf: Client) -> None:
    dataset = shelf.create_dataset("judged")
    shelf.commit(dataset.id, add=[{"input": "a"}, {"input": "b"}])
    records = list(shelf.list_datapoints(dataset.id))
    metric = shelf.create_metric(f"exact-{records[0].id[:8]}")
    run = shelf.create_run(dataset.id, model_slug="gpt-test", threshold=0.5)
    evaluations = shelf.record_evaluations(
        run.id, [{"record_id": r.id, "metric_id": metric["id"], "result": score, "threshold": 0.5} for r, score in zip(records, [1, 0])]
    )
    assert [(e.record_id, e.result) for e in evaluations] == [(records[0].id, 1), (records[1].id, 0)]
    assert [r.id for r in shelf.list_runs(dataset.id)] == [run.id]
    assert shelf.get_run(run.id).aggregates == [
        {"metric_id": metric["id"], "count": 2, "mean": 0.5, "p50": 0, "p90": 1, "pass_rate": 0.5}
    ]


def test_runs_items_and_comparisons(shelf: Client) -> None:
    dataset = shelf.create_dataset("experiment")
    shelf.commit(dataset.id, add=[{"input": q, "tags": ["t"]} for q in ["a", "b", "c"]])
    records = list(shelf.list_datapoints(dataset.id, tag=["t"]))
    metric = shelf.create_metric(f"acc-{records[0].id[:8]}")
    base, head = (shelf.create_run(dataset.id, threshold=0.5) for _ in range(2))
    assert base.dataset_version == 1
    written = shelf.write_run_items(head.id, ({"datapoint_id": r.id, "output": r.input.upper(), "latency_ms": 12} for r in records))
    assert written == 3
    assert [i["output"] for i in shelf.list_run_items(head.id)] == ["A", "B", "C"]
    for run, scores in ((base, [1, 1, 0]), (head, [1, 0, 1])):
        shelf.record_evaluations(run.id, [{"record_id": r.id, "metric_id": metric["id"], "result": s, "threshold": 0.5}
                                          for r, s in zip(records, scores)])
    compared = shelf.compare_runs(base.id, head.id, change="regressed")
    assert [i["datapoint_id"] for i in compared["items"]] == [records[1].id]
    assert compared["metrics"][0]["mean_delta"] == 0
    assert shelf.complete_run(head.id, result=0.66).finished_at is not None


def test_refusals_are_typed_problems(shelf: Client) -> None:
    with pytest.raises(DatashelfError) as missing:
        shelf.get_dataset("00000000-0000-4000-8000-000000000000")
    assert (missing.value.status, missing.value.code) == (404, "not_found")
    with pytest.raises(DatashelfError) as invalid:
        shelf.create_dataset("")
    assert (invalid.value.status, invalid.value.code) == (422, "validation_failed")
    assert invalid.value.errors[0]["field"] == "body/name"


def test_an_early_refusal_of_a_large_streamed_import_arrives_with_its_message(shelf: Client) -> None:
    dataset = shelf.create_dataset("refused")
    row = (json.dumps({"input": "x" * 500}) + "\n").encode()
    rows = row * (40_000_000 // len(row))
    long_line = (json.dumps({"input": "y" * (2 * 1024 * 1024)}) + "\n").encode()
    with pytest.raises(DatashelfError) as bad_mapping:
        shelf.import_file(dataset.id, io.BytesIO(rows), format="jsonl", mapping={"frob": 1})
    assert (bad_mapping.value.status, bad_mapping.value.detail) == (422, "mapping: frob is not a known field")
    with pytest.raises(DatashelfError) as too_long:
        shelf.import_file(dataset.id, io.BytesIO(long_line + rows), format="jsonl")
    assert (too_long.value.status, too_long.value.detail) == (413, "line 1: longer than 1048576 bytes")
    assert shelf.get_dataset(dataset.id).head_version == 0


def test_reads_the_answer_of_a_server_that_refuses_an_upload_and_resets_the_connection() -> None:
    """Whatever a server (or a proxy before it) does, an answer sent before the reset is read."""
    problem = json.dumps({"type": "about:blank", "title": "Unprocessable Entity", "status": 422, "detail": "refused early",
                          "code": "validation_failed"}).encode()
    answer = (b"HTTP/1.1 422 Unprocessable Entity\r\ncontent-type: application/problem+json\r\n"
              b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(problem), problem))
    listener = socket.create_server(("127.0.0.1", 0))

    def refuse() -> None:
        connection, _ = listener.accept()
        connection.recv(65536)
        connection.sendall(answer)
        # Once the client has acknowledged the answer, close with a reset (the body unread).
        while struct.unpack("i", fcntl.ioctl(connection.fileno(), termios.TIOCOUTQ, b"\0\0\0\0"))[0]:
            pass
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()

    refusing = threading.Thread(target=refuse)
    refusing.start()
    try:
        with Client(f"http://127.0.0.1:{listener.getsockname()[1]}", "key") as shelf:
            with pytest.raises(DatashelfError) as refused:
                shelf.import_file("00000000-0000-4000-8000-000000000000", io.BytesIO(b"x" * 50_000_000), format="jsonl")
    finally:
        refusing.join()
        listener.close()
    assert (refused.value.status, refused.value.detail) == (422, "refused early")


def test_an_unreachable_server_is_one_clear_error() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ConnectionError, match=rf"^cannot reach {re.escape(url)}: connection refused$"):
        Client(url, "key").get_dataset("x")


def test_retries_a_rate_limited_post_with_the_same_idempotency_key(rate_limited_server: Server) -> None:
    sent: list[tuple[int, str | None]] = []
    record = lambda response: sent.append((response.status_code, response.request.headers.get("idempotency-key")))  # noqa: E731
    http = httpx.Client(event_hooks={"response": [record]})
    names = [f"r{i:02}" for i in range(16)]  # twice the limit: one fixed window holds more than 6 wherever its edge falls
    with Client(rate_limited_server.url, rate_limited_server.project_key(), http=http) as shelf:
        for name in names:
            shelf.create_dataset(name)
        limited = [i for i, (status, _) in enumerate(sent) if status == 429]
        assert limited, "the server never asked for a retry"
        assert sent[limited[0] + 1] == (201, sent[limited[0]][1])
        assert sorted(d.name for d in shelf.list_datasets()) == names


def test_models_carry_every_field_the_contract_gives_a_datapoint() -> None:
    from datashelf.models import Datapoint

    document = json.loads((HERE.parent.parent.parent / "openapi.json").read_text())
    contract = set(document["components"]["schemas"]["Datapoint"]["properties"])
    assert {f.name for f in dataclasses.fields(Datapoint)} == contract
