# A first session: create a dataset, import a file, page through it, fix a row, diff.
# Run: DATASHELF_URL=http://127.0.0.1:8080 DATASHELF_KEY=… python3 examples/first_session.py rows.jsonl
import sys
import time

from datashelf import Client

with Client() as shelf:  # DATASHELF_URL and DATASHELF_KEY
    dataset = shelf.create_dataset(f"qa-{time.time_ns()}", tags=["eval"])

    # Stream the file up; rows keyed by external_id can be upserted later.
    imported = shelf.import_file(dataset.id, sys.argv[1], message="first import")
    print(f"version {imported.version}: {imported.added} datapoints")

    # Page through every datapoint; the iterator fetches pages as the loop needs them.
    unanswered = [d for d in shelf.list_datapoints(dataset.id) if d.expected_output is None]
    print(f"{len(unanswered)} without an expected output")

    # Answer them in one commit, then see what changed.
    update = [{"id": d.id, "expected_output": "TODO: review"} for d in unanswered]
    version = shelf.commit(dataset.id, update=update, message="mark for review")
    for change in shelf.diff(dataset.id, 1, version.version):
        print(f"{change.change} {change.after.external_id if change.after else change.id}")

    # The whole version as a DataFrame, when pandas is installed.
    frame = shelf.to_pandas(dataset.id)
    print(f"{len(frame)} rows, columns {list(frame.columns[:4])}")
