"""A stand-in Elasticsearch 8 on a local port that records every request the real client sends.

Tests point the site at it and script its answers (shaped as the Elasticsearch 8 reference
shows them), then assert each request's method, path, parameters and body: what a real server
would be asked, which a mock of the client could never show.
"""

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

ACKNOWLEDGED = {"acknowledged": True}


@dataclass
class Request:
    method: str
    path: str
    params: dict
    body: object  # parsed JSON, a list for NDJSON (bulk), or None
    peer: tuple = ()  # the client's address and port: one connection reused keeps its port

    @property
    def line(self):
        return f"{self.method} {self.path}"


@dataclass
class Route:
    method: str
    pattern: str  # a regular expression the whole path must match
    status: int
    body: object  # or a function of the Request that returns it
    times: int | None = None  # answer this many requests, then fall through to the next route
    delay: float = 0.0


@dataclass
class Recorder:
    url: str = ""
    requests: list = field(default_factory=list)
    routes: list = field(default_factory=list)

    def on(self, method, pattern, body=None, status=200, times=None, delay=0.0):
        """Answer requests matching `method` and `pattern` with `body`; earlier routes win."""
        self.routes.append(Route(method, pattern, status, ACKNOWLEDGED if body is None else body, times, delay))
        return self

    def answer(self, request):
        for route in self.routes:
            if route.method == request.method and re.fullmatch(route.pattern, request.path):
                if route.times is not None:
                    if route.times == 0:
                        continue
                    route.times -= 1
                return route
        if request.method == "HEAD":
            return Route("HEAD", "", 404, None)
        return Route(request.method, "", 200, ACKNOWLEDGED)

    def lines(self):
        return [request.line for request in self.requests]

    def find(self, method, pattern):
        return [each for each in self.requests if each.method == method and re.fullmatch(pattern, each.path)]

    def one(self, method, pattern):
        found = self.find(method, pattern)
        assert len(found) == 1, f"expected one {method} {pattern}, got {self.lines()}"
        return found[0]


def parse_body(raw):
    if not raw:
        return None
    text = raw.decode()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]  # NDJSON


def handler_for(recorder):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as Elasticsearch: a client's pool reuses its connections
        disable_nagle_algorithm = True  # headers and body leave in two writes: no 40 ms wait between them

        def handle_request(self):
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            params = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
            body = parse_body(self.rfile.read(length))
            request = Request(self.command, unquote(parts.path), params, body, self.client_address)
            recorder.requests.append(request)
            route = recorder.answer(request)
            if route.delay:
                time.sleep(route.delay)
            answer = route.body(request) if callable(route.body) else route.body
            payload = b"" if answer is None else json.dumps(answer).encode()
            self.send_response(route.status)
            # The client refuses any answer without this header (its product check).
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_request

        def log_message(self, *args):
            pass

    return Handler


def start(recorder):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(recorder))
    server.daemon_threads = True
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


# Answers shaped as in the Elasticsearch 8 reference.


def not_found_index(name):
    return {
        "error": {
            "root_cause": [{"type": "index_not_found_exception", "reason": f"no such index [{name}]"}],
            "type": "index_not_found_exception",
            "reason": f"no such index [{name}]",
            "index": name,
        },
        "status": 404,
    }


def alias_missing(name):
    return {"error": f"alias [{name}] missing", "status": 404}


def created(name):
    return {"acknowledged": True, "shards_acknowledged": True, "index": name}


def indexed(index, doc_id, version, result="created"):
    return {
        "_index": index,
        "_id": str(doc_id),
        "_version": version,
        "result": result,
        "_shards": {"total": 1, "successful": 1, "failed": 0},
        "_seq_no": 0,
        "_primary_term": 1,
    }


def version_conflict(index, doc_id):
    reason = f"[{doc_id}]: version conflict, current version [2] is higher or equal to the one provided [1]"
    return {
        "error": {
            "root_cause": [{"type": "version_conflict_engine_exception", "reason": reason, "index": index}],
            "type": "version_conflict_engine_exception",
            "reason": reason,
            "index": index,
        },
        "status": 409,
    }


def bulk_answer(request, failures=None):
    """A _bulk response to the NDJSON actions of `request`: each item created, unless in `failures`."""
    failures = failures or {}
    items = []
    for line in request.body:
        if "index" not in line:
            continue
        meta = line["index"]
        status, error = failures.get(str(meta["_id"]), (201, None))
        target = meta.get("_index") or request.path.split("/")[1]  # or the index the path names
        item = {"_index": target, "_id": str(meta["_id"]), "status": status}
        if error:
            item["error"] = error
        else:
            item |= {"_version": meta.get("version", 1), "result": "created"}
        items.append({"index": item})
    return {"took": 3, "errors": any("error" in item["index"] for item in items), "items": items}


def search_answer(hits, total=None, aggregations=None):
    body = {
        "took": 2,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {
            "total": {"value": len(hits) if total is None else total, "relation": "eq"},
            "max_score": 1.0,
            "hits": hits,
        },
    }
    if aggregations is not None:
        body["aggregations"] = aggregations
    return body
