"""Remote endpoints: a real oxigraph server holding the shipped graph, and failing endpoints."""

from __future__ import annotations

import base64
import contextlib
import http.server
import threading
import urllib.request

import pytest

from jcgraph.query.engine import catalogue, query
from tests.support.servers import free_port, oxigraph_server

pytestmark = pytest.mark.server

ENTRIES = catalogue() + catalogue(checks=True)


@contextlib.contextmanager
def serving(kg, folder):
    """An oxigraph server holding ``kg`` and its OWL RL closure in its default graph; yields the query URL."""
    with oxigraph_server(folder) as server:
        data = kg.graph("owlrl").serialize(format="nt", encoding="utf-8")
        request = urllib.request.Request(
            server.store_url + "?default", data=data, method="POST", headers={"Content-Type": "application/n-triples"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status in (200, 201, 204)
        yield server.query_url


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory, kg):
    """A module-wide oxigraph server loaded with the frozen graph and its OWL RL closure."""
    with serving(kg, tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="module")
def multilateral_endpoint(tmp_path_factory, kg_multilateral):
    """An oxigraph server holding the frozen multilateral graph and its OWL RL closure."""
    with serving(kg_multilateral, tmp_path_factory.mktemp("oxigraph-multilateral")) as url:
        yield url


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.is_check or int(e.ident[3:5]) >= 15], ids=lambda e: e.ident)
def test_multilateral_rows_remotely_as_locally(kg_multilateral, multilateral_endpoint, entry):
    """The multilateral questions (and every check) on a graph that has their data."""
    if entry.name == "status-asserted":
        pytest.skip("reads asserted triples only; the endpoint holds the closure, whose rules derive jc:status")
    local = query(entry, kg=kg_multilateral)
    remote = query(entry, kg=kg_multilateral, endpoint=multilateral_endpoint)
    assert (remote.vars, remote.rows) == (local.vars, local.rows)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.ident)
def test_same_rows_remotely_as_locally(kg, endpoint, entry):
    if entry.name == "status-asserted":
        pytest.skip("reads asserted triples only; the endpoint holds the closure, whose rules derive jc:status")
    local = query(entry, kg=kg)
    remote = query(entry, kg=kg, endpoint=endpoint)
    assert remote.vars == local.vars
    if entry.is_check:
        assert remote.rows == local.rows == []
    else:
        if int(entry.ident[3:5]) <= 14:  # cq-15 on ask about multilateral data the frozen graph predates
            assert remote.rows, f"{entry.ident} gave no rows remotely"
        assert remote.rows == local.rows  # same order too: every query ends with ORDER BY


@pytest.mark.parametrize("params", [{"state1": "Kenya", "state2": "MA"}, {"state2": "state:KEN"}])
def test_parameters_bind_the_same_remotely(kg, endpoint, params):
    assert query("cq-04", params, kg=kg, endpoint=endpoint).rows == query("cq-04", params, kg=kg).rows
    assert query("cq-01", params, kg=kg, endpoint=endpoint).rows == query("cq-01", params, kg=kg).rows


def test_period_and_name_parameters_remotely(kg, endpoint):
    period = {"from": "2023-02", "to": "2023-02"}
    assert query("cq-07", period, kg=kg, endpoint=endpoint).rows == query("cq-07", period, kg=kg).rows
    name = {"name": "rinson ng'onga"}
    assert len(query("cq-13", name, kg=kg, endpoint=endpoint).rows) == 1


def test_cli_formats_are_identical_remotely(run_cli, endpoint):
    for fmt in ("csv", "tsv", "json", "table"):
        code, local, _ = run_cli("query", "cq-02", "--format", fmt)
        code_remote, remote, err = run_cli("query", "cq-02", "--format", fmt, "--endpoint", endpoint)
        assert code == code_remote == 0, err
        assert remote == local


def test_comments_naming_update_words_do_not_make_a_query_an_update(kg, endpoint):
    """SPARQLWrapper guesses the form from the text, comments included; the form sent is the query's own."""
    text = (
        "# Which states? (Their address, what was added;\n"
        "# nothing to drop, nor to insert.)\n"
        "# The code of each one.\n"
        "SELECT ?code WHERE { ?state jc:iso3166Alpha3 ?code } ORDER BY ?code"
    )
    assert query(text, kg=kg, endpoint=endpoint).rows == query(text, kg=kg).rows != []


def test_construct_remotely_prints_turtle(run_cli, endpoint):
    code, out, err = run_cli(
        "query",
        "CONSTRUCT { ?s jc:cooperatesWith ?o } WHERE { ?s jc:cooperatesWith ?o }",
        "--endpoint",
        endpoint,
        "--format",
        "nt",
    )
    assert code == 0, err
    assert len(out.splitlines()) == 4  # MAR-KAZ and MAR-KEN, both ways


HOSTILE = [
    'x" } UNION { ?person ?p ?o } #',
    "x'\n} UNION { ?person ?p ?o }",
    'Engonga" ) || true || ("',
    '\\" } #',
    "\\u0022 } UNION { ?person ?p ?o } #",
    "}",
    ">",
    "# Engonga",
    "DROP ALL",
    '"x"^^<http://a> } UNION {',
    "Engonga\n",
    " UNION ",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_stay_literals_remotely(kg, endpoint, value):
    from jcgraph.errors import QueryError

    try:
        result = query("cq-13", {"name": value}, kg=kg, endpoint=endpoint)
    except QueryError:
        return  # a clear refusal is fine
    honest = query("cq-13", {"name": value}, kg=kg)
    assert result.rows == honest.rows
    assert set(result.rows) <= set(query("cq-13", {"name": "Engonga"}, kg=kg).rows)


# ---- endpoints that fail ---------------------------------------------------------------------------


class _Stub(http.server.BaseHTTPRequestHandler):
    """Answers by path: /500 an error, /slow late, /garbage not JSON, /auth records the credentials."""

    release = threading.Event()
    seen_auth: list[str] = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/500"):
            self._answer(500, b"boom: the store is on fire\nsecond line of the trace\n", "text/plain")
        elif self.path.startswith("/slow"):
            self.release.wait(20)
            self._answer(200, b'{"head": {"vars": []}, "results": {"bindings": []}}', "application/sparql-results+json")
        elif self.path.startswith("/garbage"):
            self._answer(200, b"<html>not results</html>", "application/sparql-results+json")
        else:
            self.seen_auth.append(self.headers.get("Authorization", ""))
            self._answer(
                200, b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}', "application/sparql-results+json"
            )

    do_GET = do_POST

    def _answer(self, status: int, body: bytes, kind: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    """A tiny HTTP server on 127.0.0.1 that misbehaves on purpose; stopped after the test."""
    _Stub.release.clear()
    _Stub.seen_auth.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Stub.release.set()
    server.shutdown()
    server.server_close()
    thread.join(10)


def _one_line_error(run_cli, *args):
    code, out, err = run_cli("query", "cq-12", *args)
    assert code == 2 and out == ""
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


def test_endpoint_down(run_cli):
    url = f"http://127.0.0.1:{free_port()}/query"
    err = _one_line_error(run_cli, "--endpoint", url)
    assert url in err and "cannot reach" in err


def test_endpoint_http_500(run_cli, stub):
    err = _one_line_error(run_cli, "--endpoint", stub + "/500")
    assert "HTTP 500" in err and "boom" in err and "second line" not in err


def test_endpoint_slower_than_timeout(run_cli, stub):
    err = _one_line_error(run_cli, "--endpoint", stub + "/slow", "--timeout", "1")
    assert "did not answer" in err and "1 s" in err


def test_endpoint_invalid_answer(run_cli, stub):
    err = _one_line_error(run_cli, "--endpoint", stub + "/garbage")
    assert "not valid SPARQL results" in err


def test_endpoint_url_must_be_http(run_cli):
    err = _one_line_error(run_cli, "--endpoint", "file:///etc/passwd")
    assert "http" in err


def test_credentials_come_from_the_environment(run_cli, stub, monkeypatch):
    monkeypatch.setenv("JCGRAPH_ENDPOINT_USER", "reader")
    monkeypatch.setenv("JCGRAPH_ENDPOINT_PASSWORD", "s3cret")
    code, _, err = run_cli("query", "cq-12", "--endpoint", stub + "/sparql")
    assert code == 0, err
    assert _Stub.seen_auth == ["Basic " + base64.b64encode(b"reader:s3cret").decode()]
