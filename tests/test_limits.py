"""Every limit: a named default in jcgraph.limits, shown in --help, triggered when lowered, lifted when raised."""

from __future__ import annotations

import http.server
import threading
import time

import pytest
from filelock import FileLock

from jcgraph import limits
from jcgraph.errors import EndpointError, LimitExceeded
from jcgraph.io import rdf as rdfio
from jcgraph.publish.push import push as push_graph
from jcgraph.query.engine import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT
from jcgraph.query.engine import query as run_query
from tests.conftest import REPO, tree_digest

STATE = REPO / "tests" / "fixtures" / "shapes" / "valid" / "state.ttl"
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a jc:State . ?f a jc:State }"


def test_defaults_are_named_once_and_shown_in_help(run_cli):
    assert rdfio.DEFAULT_MAX_INPUT_BYTES is limits.DEFAULT_MAX_INPUT_BYTES == 64 * 1024 * 1024
    assert rdfio.DEFAULT_MAX_LITERAL_CHARS is limits.DEFAULT_MAX_LITERAL_CHARS == 1_000_000
    assert DEFAULT_TIMEOUT is limits.DEFAULT_QUERY_TIMEOUT == 60.0
    assert DEFAULT_MAX_ROWS is limits.DEFAULT_MAX_ROWS == 100_000
    for command in ("validate", "add"):
        _, out, _ = run_cli(command, "--help")
        text = " ".join(out.split())
        assert "64 MB" in text and "JCGRAPH_MAX_INPUT_BYTES" in text
        assert "1,000,000 characters" in text and "JCGRAPH_MAX_LITERAL_CHARS" in text
    _, out, _ = run_cli("query", "--help")
    text = " ".join(out.split())
    assert "--timeout 60 s and --max-rows 100000 by default" in text
    _, out, _ = run_cli("push", "--help")
    assert "(default 60)" in " ".join(out.split())


def test_input_size_limit(run_cli, graph_copy, monkeypatch):
    size = STATE.stat().st_size
    before = tree_digest(graph_copy / "data")
    monkeypatch.setenv("JCGRAPH_MAX_INPUT_BYTES", str(size - 1))
    code, _, err = run_cli("add", "--root", graph_copy, STATE)
    assert code == 2 and f"over the {size - 1:,}-byte input limit" in err and "JCGRAPH_MAX_INPUT_BYTES" in err
    assert tree_digest(graph_copy / "data") == before
    monkeypatch.setenv("JCGRAPH_MAX_INPUT_BYTES", str(size))
    code, _, err = run_cli("add", "--root", graph_copy, STATE)
    assert code == 0, err
    monkeypatch.setenv("JCGRAPH_MAX_INPUT_BYTES", "64MB")
    code, _, err = run_cli("validate", "--root", graph_copy, STATE)
    assert code == 2 and "must be a whole number" in err and "Traceback" not in err


def test_literal_length_limit(run_cli, graph_copy, monkeypatch, tmp_path):
    from rdflib import Graph, Literal

    longest = max(len(o) for o in Graph().parse(STATE).objects() if isinstance(o, Literal))
    monkeypatch.setenv("JCGRAPH_MAX_LITERAL_CHARS", str(longest - 1))
    code, _, err = run_cli("validate", "--root", graph_copy, STATE)
    assert code == 2 and f"over the {longest - 1:,}-character limit" in err and "line " in err
    monkeypatch.setenv("JCGRAPH_MAX_LITERAL_CHARS", str(longest))
    code, _, err = run_cli("validate", "--root", graph_copy, STATE)
    assert code == 0, err


def test_query_time_limit(kg):
    with pytest.raises(LimitExceeded, match="took longer than 0.01 s"):
        run_query(SLOW_QUERY, kg=kg, timeout=0.01)
    result = run_query(SLOW_QUERY, kg=kg, timeout=60)
    assert int(result.rows[0][0]) > 0


def test_result_size_limit(run_cli):
    code, out, err = run_cli("query", "cq-05", "--max-rows", "2")
    assert code == 2 and out == "" and "more than 2 rows" in err and "--max-rows" in err
    code, out, err = run_cli("query", "cq-05", "--max-rows", "100")
    assert code == 0 and len(out.splitlines()) > 3, err


def test_lock_wait_limit(run_cli, graph_copy, monkeypatch):
    before = tree_digest(graph_copy / "data")
    monkeypatch.setenv("JCGRAPH_LOCK_TIMEOUT", "0.2")
    with FileLock(str(graph_copy / ".jcgraph-add.lock")):  # another add holds the lock
        code, _, err = run_cli("add", "--root", graph_copy, STATE)
    assert code == 2 and "another jcgraph add has held the lock" in err
    assert tree_digest(graph_copy / "data") == before
    code, _, err = run_cli("add", "--root", graph_copy, STATE)
    assert code == 0, err


class _LateStore(http.server.BaseHTTPRequestHandler):
    """A store that accepts everything, one second late."""

    def log_message(self, *args):
        pass

    def do_POST(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(1)
        try:
            self.send_response(204)
            self.end_headers()
        except (BrokenPipeError, ConnectionResetError):
            pass


def test_store_answer_time_limit(kg):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _LateStore)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/store"
    try:
        with pytest.raises(EndpointError, match="no answer within 0.3 s"):
            push_graph(kg, store=url, batch_size=1_000_000, retries=0, timeout=0.3)
        result = push_graph(kg, store=url, batch_size=1_000_000, retries=0, timeout=10)
        assert result.sent_batches == 1 and result.sent_triples == result.triples
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_timeout_zero_means_no_limit(run_cli):
    code, out, err = run_cli("query", "cq-12", "--timeout", "0", "-f", "csv")
    assert code == 0, err
    assert out.startswith("partner")
