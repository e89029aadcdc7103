"""Endpoint faults for ``jcgraph query --endpoint``, ``jcgraph push`` and push's ``--endpoint`` check.

A real oxigraph server on 127.0.0.1 does the real work; a small HTTP stub in front of it (a thread on
127.0.0.1, a free port, stopped by its fixture) produces what a real server will not: a refused
connection, HTTP 500, 401 without credentials, an answer slower than ``--timeout``, an answer cut
mid-body (Content-Length larger than the body, then close), and invalid JSON. Each gives a clear
one-line error naming the endpoint and exit 2, never a traceback. Complements test_remote.py and
test_push.py.
"""

from __future__ import annotations

import base64
import http.server
import threading
import urllib.request

import pytest

from jcgraph.publish import export as ex
from tests.support.servers import free_port, oxigraph_server, relay

pytestmark = pytest.mark.server
USER, PASSWORD = "curator", "s3cret w1th spaces"
GOOD_AUTH = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
FAULTS = ("refused", "500", "401", "slow", "cut", "garbage")


class Stub:
    """An HTTP server on 127.0.0.1 that misbehaves as told, or forwards to a real store.

    The first path segment picks the behaviour: ``/500/...``, ``/401/...`` (forwards only with the
    right credentials), ``/slow/...``, ``/cut/...``, ``/garbage/...``, ``/proxy/...`` (forwards; with
    ``fail_from`` set, answers 503 from that request on while ``broken``).
    """

    def __init__(self, target: str):
        self.target = target
        self.release = threading.Event()
        self.requests: list[str] = []
        self.fail_from: int | None = None
        self.broken = True
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def handle_any(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                mode, _, rest = self.path.lstrip("/").partition("/")
                stub.requests.append(mode)
                if mode == "500":
                    return self.answer(500, b"internal failure: the disk is full\nat line 2 of the trace\n")
                if mode == "401" and self.headers.get("Authorization") != GOOD_AUTH:
                    return self.answer(401, b"who are you?\n", {"WWW-Authenticate": 'Basic realm="store"'})
                if mode == "slow":
                    stub.release.wait(30)
                    return self.answer(200, b'{"head": {"vars": []}, "results": {"bindings": []}}')
                if mode == "cut":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.send_header("Content-Length", "1000")
                    self.end_headers()
                    self.wfile.write(b'{"head": {"vars": ["n"]}, "res')
                    self.wfile.flush()
                    self.close_connection = True
                    return None
                if mode == "garbage":
                    return self.answer(200, b"<html><body>Service temporarily replaced</body></html>")
                if mode == "proxy" and stub.fail_from and stub.broken and len(stub.requests) >= stub.fail_from:
                    return self.answer(503, b"overloaded\n")
                return self.forward("/" + rest, body)

            do_GET = do_POST = do_PUT = handle_any

            def forward(self, path: str, body: bytes):
                status, data, kind = relay(self, stub.target + path, body)
                self.answer(status, data, {"Content-Type": kind})

            def answer(self, status: int, body: bytes, headers: dict | None = None):
                try:
                    self.send_response(status)
                    headers = {"Content-Type": "application/sparql-results+json", **(headers or {})}
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A real oxigraph server, shared by the module (tests that count triples clear it first)."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture
def stub(store):
    stub = Stub(store.base)
    yield stub
    stub.stop()


@pytest.fixture(autouse=True)
def _no_credentials(monkeypatch, tmp_path):
    for name in ("JCGRAPH_ENDPOINT_USER", "JCGRAPH_ENDPOINT_PASSWORD", "JCGRAPH_STORE_USER", "JCGRAPH_STORE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    monkeypatch.setenv("HOME", str(tmp_path))


def clear(store) -> None:
    request = urllib.request.Request(store.update_url, data=b"CLEAR ALL", method="POST")
    request.add_header("Content-Type", "application/sparql-update")
    urllib.request.urlopen(request, timeout=30).close()


def count(store) -> int:
    import json

    data = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).encode()
    request = urllib.request.Request(store.query_url, data=data, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"])


def fault_url(stub: Stub, fault: str, path: str) -> str:
    if fault == "refused":
        return f"http://127.0.0.1:{free_port()}{path}"
    return f"{stub.url}/{fault}{path}"


#: (where, fault) -> a fragment the one-line message must hold
MESSAGES = {
    ("query", "refused"): "cannot reach the endpoint",
    ("query", "500"): "answered HTTP 500: internal failure: the disk is full.",
    ("query", "401"): "answered HTTP 401",
    ("query", "slow"): "did not answer within 1 s",
    ("query", "cut"): "cut its answer short",
    ("query", "garbage"): "not valid SPARQL results",
    ("push", "refused"): "cannot connect",
    ("push", "500"): "HTTP 500 Internal Server Error: internal failure: the disk is full.",
    ("push", "401"): "asks for credentials",
    ("push", "slow"): "no answer within 1 s",
    ("push", "cut"): "cut mid-answer",
    ("verify", "refused"): "cannot connect",
    ("verify", "500"): "HTTP 500",
    ("verify", "401"): "asks for credentials",
    ("verify", "slow"): "no answer within 1 s",
    ("verify", "cut"): "cut mid-answer",
    ("verify", "garbage"): "did not answer the COUNT query with SPARQL JSON results",
}


def one_line_error(code: int, out: str, err: str, url: str) -> str:
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert url in err, err
    return err


@pytest.mark.parametrize("fault", FAULTS)
def test_query_endpoint_fault(fault, stub, run_cli, kg):
    url = fault_url(stub, fault, "/query")
    code, out, err = run_cli("query", "cq-12", "--root", kg.root, "--endpoint", url, "--timeout", "1")
    assert out == ""
    err = one_line_error(code, out, err, url)
    assert MESSAGES["query", fault] in err
    if fault == "401":
        assert "JCGRAPH_ENDPOINT_USER" in err


@pytest.mark.parametrize("fault", [f for f in FAULTS if f != "garbage"])  # a store's answer body is not read
def test_push_store_fault(fault, stub, run_cli, kg):
    url = fault_url(stub, fault, "/store")
    code, out, err = run_cli("push", "--root", kg.root, "--store", url, "--retries", "1", "--timeout", "1")
    err = one_line_error(code, out, err, url)
    assert MESSAGES["push", fault] in err and "Nothing was loaded" in err
    if fault in ("refused", "slow", "cut"):  # transient: retried once
        assert "after 2 attempts" in err
    if fault in ("500", "401", "slow", "cut"):
        expected = 2 if fault in ("slow", "cut") else 1
        assert stub.requests.count(fault) == expected


@pytest.mark.parametrize("fault", FAULTS)
def test_push_verification_fault(fault, stub, store, run_cli, kg):
    clear(store)
    url = fault_url(stub, fault, "/query")
    code, out, err = run_cli(
        "push", "--root", kg.root, "--store", store.store_url, "--endpoint", url, "--retries", "1", "--timeout", "1"
    )
    err = one_line_error(code, out, err, url)
    assert MESSAGES["verify", fault] in err
    total = len(ex.export(kg, "ntriples").splitlines())
    assert f"all {total:,} triples were loaded" in err and "could not be verified" in err
    assert count(store) == total  # the data is there; only the check failed


def test_query_credentials_from_netrc(stub, run_cli, kg, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD.replace(' ', '')}\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    url = f"{stub.url}/401/query"
    code, _, err = run_cli("query", "cq-12", "--root", kg.root, "--endpoint", url)
    assert code == 2 and "HTTP 401" in err  # a wrong password is refused like none
    monkeypatch.setenv("JCGRAPH_ENDPOINT_USER", USER)
    monkeypatch.setenv("JCGRAPH_ENDPOINT_PASSWORD", PASSWORD)
    code, out, err = run_cli("query", "cq-12", "--root", kg.root, "--endpoint", url, "--format", "csv")
    assert code == 0, err
    assert out.startswith("partner,partnerLabel")
    monkeypatch.delenv("JCGRAPH_ENDPOINT_USER")
    netrc.write_text(f'machine 127.0.0.1 login {USER} password "{PASSWORD}"\n')
    code, out, err = run_cli("query", "cq-12", "--root", kg.root, "--endpoint", url, "--format", "csv")
    assert code == 0, err


def test_push_credentials_succeed_through_a_guarded_store(stub, store, run_cli, kg, monkeypatch):
    clear(store)
    monkeypatch.setenv("JCGRAPH_STORE_USER", USER)
    monkeypatch.setenv("JCGRAPH_STORE_PASSWORD", PASSWORD)
    code, _, err = run_cli(
        "push",
        "--root",
        kg.root,
        "--store",
        f"{stub.url}/401/store",
        "--endpoint",
        f"{stub.url}/401/query",
        "--batch-size",
        "1000",
    )
    assert code == 0, err
    assert count(store) == len(ex.export(kg, "ntriples").splitlines())
    monkeypatch.setenv("JCGRAPH_STORE_PASSWORD", "wrong")
    code, out, err = run_cli("push", "--root", kg.root, "--store", f"{stub.url}/401/store")
    assert "refused the credentials" in one_line_error(code, out, err, f"{stub.url}/401/store")


def test_push_retries_then_reports_and_a_rerun_finishes(stub, store, run_cli, kg):
    """A store that fails for good from the 3rd request: retried, reported, and finished by a re-run."""
    clear(store)
    total = len(ex.export(kg, "ntriples").splitlines())
    stub.fail_from = 3
    command = ("push", "--root", kg.root, "--store", f"{stub.url}/proxy/store", "--batch-size", "500")
    code, out, err = run_cli(*command, "--retries", "2")
    one_line_error(code, out, err, f"{stub.url}/proxy/store")
    batches = -(-total // 500)
    assert "failed after 3 attempts: HTTP 503" in err
    assert f"Batch 3 of {batches} was not loaded: 1,000 triples in 2 batch(es) were, {total - 1000:,} were not" in err
    assert stub.requests.count("proxy") == 2 + 3  # two batches, then the third tried three times
    assert count(store) == 1000
    stub.broken = False  # the store recovers: the same command finishes the job
    code, _, err = run_cli(*command, "--endpoint", f"{stub.url}/proxy/query")
    assert code == 0, err
    assert count(store) == total
    assert f"holds {total:,} triples (expected {total:,})" in err
