"""Push to a real oxigraph server: counts, idempotent replace, a store that is down, failures mid-way."""

from __future__ import annotations

import http.server
import threading
import urllib.request

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from jcgraph.publish import export as ex
from jcgraph.publish.push import make_batches
from tests.support.servers import free_port

pytestmark = pytest.mark.server
GRAPH = "https://example.org/graph/jcgraph"


def server_count(server, graph: str | None = None) -> int:
    client = SPARQLWrapper(server.query_url, agent="jcgraph-tests")
    client.setTimeout(30)
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    client.setQuery(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    client.setReturnFormat(JSON)
    return int(client.query().convert()["results"]["bindings"][0]["n"]["value"])


def export_count(kg, what: str = "asserted") -> int:
    return len(ex.export(kg, "ntriples", what=what).splitlines())


def test_push_then_count_equals_export(kg, sparql_server, run_cli):
    code, _, err = run_cli(
        "push",
        "--root",
        kg.root,
        "--store",
        sparql_server.store_url,
        "--batch-size",
        "200",
        "--endpoint",
        sparql_server.query_url,
    )
    assert code == 0, err
    assert server_count(sparql_server) == export_count(kg)
    assert "verified" in err


def test_push_replace_twice_is_idempotent(kg, sparql_server, run_cli):
    for _ in range(2):
        code, _, err = run_cli(
            "push",
            "--root",
            kg.root,
            "--store",
            sparql_server.store_url,
            "--graph",
            GRAPH,
            "--replace",
            "--batch-size",
            "300",
        )
        assert code == 0, err
        assert server_count(sparql_server, GRAPH) == export_count(kg)


def test_push_twice_without_replace_adds_nothing(kg, sparql_server, run_cli):
    for _ in range(2):
        assert run_cli("push", "--root", kg.root, "--store", sparql_server.store_url)[0] == 0
    assert server_count(sparql_server) == export_count(kg)


def test_push_through_sparql_update_with_blank_nodes(kg, sparql_server, run_cli):
    for _ in range(2):
        code, _, err = run_cli(
            "push",
            "--root",
            kg.root,
            "--update",
            sparql_server.update_url,
            "--graph",
            GRAPH,
            "--replace",
            "--keep-bnodes",
            "--batch-size",
            "100",
            "--endpoint",
            sparql_server.query_url,
        )
        assert code == 0, err
    assert server_count(sparql_server, GRAPH) == export_count(kg)


def test_push_inferred_too(kg, sparql_server, run_cli):
    code, _, err = run_cli(
        "push",
        "--root",
        kg.root,
        "--store",
        sparql_server.store_url,
        "--what",
        "all",
        "--endpoint",
        sparql_server.query_url,
    )
    assert code == 0, err
    assert server_count(sparql_server) == export_count(kg, "all")


def test_push_to_a_store_that_is_down(kg, run_cli):
    url = f"http://127.0.0.1:{free_port()}/store"
    code, _, err = run_cli("push", "--root", kg.root, "--store", url, "--retries", "1")
    assert code == 2
    assert "cannot connect" in err and "Nothing was loaded" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_batches_keep_blank_nodes_together():
    lines = [
        ("a\n", frozenset({"b1"})),
        ("b\n", frozenset()),
        ("c\n", frozenset({"b1", "b2"})),
        ("d\n", frozenset({"b2"})),
        ("e\n", frozenset()),
    ]
    batches = make_batches(lines, 2)
    together = next(batch for batch in batches if "a\n" in batch)
    assert {"a\n", "c\n", "d\n"} <= set(together)
    assert sorted(line for batch in batches for line in batch) == ["a\n", "b\n", "c\n", "d\n", "e\n"]


class FlakyProxy:
    """A small HTTP proxy to a store that answers one chosen request with an error instead of forwarding it."""

    def __init__(self, target: str, fail_on: int, status: int):
        self.requests = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _forward(self):
                proxy.requests += 1
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if proxy.requests == fail_on:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                request = urllib.request.Request(
                    target + self.path,
                    data=body,
                    method=self.command,
                    headers={"Content-Type": self.headers.get("Content-Type", "")},
                )
                with urllib.request.urlopen(request) as response:
                    data = response.read()
                    self.send_response(response.status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = do_PUT = _forward

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def test_transient_failure_mid_way_is_retried(kg, sparql_server, run_cli):
    with FlakyProxy(sparql_server.base, fail_on=3, status=503) as proxy:
        code, _, err = run_cli(
            "push",
            "--root",
            kg.root,
            "--store",
            proxy.url + "/store",
            "--batch-size",
            "200",
            "--endpoint",
            sparql_server.query_url,
        )
    assert code == 0, err
    assert server_count(sparql_server) == export_count(kg)


def test_interrupted_push_rerun_ends_with_right_count(kg, sparql_server, run_cli):
    with FlakyProxy(sparql_server.base, fail_on=3, status=500) as proxy:
        code, _, err = run_cli("push", "--root", kg.root, "--store", proxy.url + "/store", "--batch-size", "200")
    assert code == 2
    assert "Batch 3 of" in err and "400 triples in 2 batch(es) were" in err
    assert 0 < server_count(sparql_server) < export_count(kg)
    code, _, err = run_cli(
        "push",
        "--root",
        kg.root,
        "--store",
        sparql_server.store_url,
        "--batch-size",
        "200",
        "--endpoint",
        sparql_server.query_url,
    )
    assert code == 0, err
    assert server_count(sparql_server) == export_count(kg)


def test_credentials_come_from_environment(monkeypatch, tmp_path):
    from jcgraph.publish.push import credentials

    monkeypatch.setenv("JCGRAPH_STORE_USER", "alice")
    monkeypatch.setenv("JCGRAPH_STORE_PASSWORD", "secret")
    assert credentials("http://127.0.0.1/store") == ("alice", "secret")
    monkeypatch.delenv("JCGRAPH_STORE_USER")
    netrc = tmp_path / "netrc"
    netrc.write_text("machine store.example.org login bob password hunter2\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    assert credentials("https://store.example.org/ds/data") == ("bob", "hunter2")
    assert credentials("https://other.example.org/") is None
