"""What the catalogue's wire tests share (tests/es_wire.py records the requests the real client sends): the
index's alias and the answers of a rebuild. The courses that belong in the index are tests/search/conftest.py's."""

from tests.search import es_wire as wire

ALIAS = "lectern_courses_v3"
NEW_INDEX = r"/lectern_courses_v3-\d{20}"


def answer_rebuild(recorder, count=2, old=None, failures=None):
    if old:
        recorder.on("GET", f"/_alias/{ALIAS}", {old: {"aliases": {ALIAS: {}}}})
    else:
        recorder.on("GET", f"/_alias/{ALIAS}", wire.alias_missing(ALIAS), status=404)
    recorder.on("PUT", NEW_INDEX, lambda request: wire.created(request.path[1:]))
    for method in ["PUT", "POST"]:
        recorder.on(method, "(/[^/]+)?/_bulk", lambda request: wire.bulk_answer(request, failures))
    recorder.on("POST", NEW_INDEX + "/_refresh", {"_shards": {"total": 1, "successful": 1, "failed": 0}})
    for method in ["GET", "POST"]:
        recorder.on(method, NEW_INDEX + "/_count", {"count": count, "_shards": {"total": 1, "successful": 1}})


def bulk_documents(request):
    """{id: (action metadata, document)} from a _bulk request's NDJSON."""
    lines = request.body
    return {
        str(meta["index"]["_id"]): (meta["index"], source) for meta, source in zip(lines[::2], lines[1::2], strict=True)
    }
