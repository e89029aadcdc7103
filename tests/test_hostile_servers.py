"""``jcgraph push`` and ``jcgraph query --endpoint`` against servers that misbehave on purpose.

A small HTTP server on 127.0.0.1 (a thread, a free port, stopped at the end of each test) answers by the
first segment of the path:

- ``redirect-host``: 307 to another port (a second server that records what reaches it);
- ``redirect-302``: 302 to the same server (a POST would become a GET and lose its body);
- ``redirect-loop``: 307 to itself, for ever;
- ``redirect-ok``: 307 to ``/proxy/...`` on the same server, which forwards to a real oxigraph store;
- ``count-N``: a SPARQL COUNT answer of N, whatever the query;
- ``huge``: 200 with a Content-Length of 1 GB, zeros for as long as the client reads;
- ``endless``: a chunked body that never ends;
- ``drop-before``: reads the request, closes the connection without a word;
- ``drop-chunked``: half a chunked body, then closes;
- ``drip`` / ``drip-headers``: one byte every 0.2 s, after the headers or inside them;
- ``html``: 200 with a web page;
- ``auth-unknown``: 401 asking for ``Negotiate``;
- ``error-huge``: 500 with a 1,000-character first line holding terminal escapes, then 20 MB.

Each case must end in a one-paragraph error naming the URL and what to do, exit 2 (exit 1 when push's
count check finds another number than it pushed), no traceback, and within a few seconds. What the
server sent is counted, to show that jcgraph stopped reading. ``jcgraph serve`` is checked too: it
listens on loopback only, and garbage, oversized or stalled requests leave it answering.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from jcgraph.publish import export as ex
from tests.support.servers import free_port, oxigraph_server, relay

pytestmark = pytest.mark.server
USER, PASSWORD = "curator", "s3cret"
GIGABYTE = 1024**3
ESCAPE = "\x1b[2J\x1b[31m"  # clear screen, red: must never reach the terminal


class Recorder:
    """What reached one server: paths, Authorization headers and bytes sent back."""

    def __init__(self):
        self.paths: list[str] = []
        self.auth: list[str] = []
        self.sent = 0


class Hostile:
    """The misbehaving server (see the module docstring); ``url`` is its base, ``seen`` what reached it."""

    def __init__(self, upstream: str | None = None, other: str | None = None):
        self.upstream = upstream
        self.other = other
        self.seen = Recorder()
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.seen.paths.append(self.path)
                if self.headers.get("Authorization"):
                    server.seen.auth.append(self.headers["Authorization"])
                mode, _, rest = self.path.lstrip("/").partition("/")
                try:
                    self.respond(mode, "/" + rest, body)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass  # the client stopped reading: what these tests want
                self.close_connection = True

            do_GET = do_POST = do_PUT = do_DELETE = handle_any

            def respond(self, mode: str, rest: str, body: bytes):
                if mode == "redirect-host":
                    return self.plain(307, b"", {"Location": server.other + rest})
                if mode == "redirect-302":
                    return self.plain(302, b"", {"Location": "/proxy" + rest})
                if mode == "redirect-loop":
                    return self.plain(307, b"", {"Location": self.path})
                if mode == "redirect-ok":
                    return self.plain(307, b"", {"Location": "/proxy" + rest})
                if mode == "proxy":
                    return self.forward(rest, body)
                if mode.startswith("count-"):
                    answer = {"head": {"vars": ["n"]}, "results": {"bindings": [{"n": _integer(mode[6:])}]}}
                    return self.plain(200, json.dumps(answer).encode(), {"Content-Type": _JSON})
                if mode == "huge":
                    self.head(200, {"Content-Type": _JSON, "Content-Length": str(GIGABYTE)})
                    return self.zeros(GIGABYTE)
                if mode == "endless":
                    self.head(200, {"Content-Type": _JSON, "Transfer-Encoding": "chunked"})
                    block = b"%x\r\n%s\r\n" % (65536, b"[" * 65536)
                    while not server.stopping.is_set():
                        self.wfile.write(block)
                        server.seen.sent += len(block)
                    return None
                if mode == "drop-before":
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return None
                if mode == "drop-chunked":
                    self.head(200, {"Content-Type": _JSON, "Transfer-Encoding": "chunked"})
                    self.wfile.write(b"400\r\n" + b'{"head": {"vars": ["n"]}, "results": {"bi')
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return None
                if mode == "drip":
                    self.head(200, {"Content-Type": _JSON, "Content-Length": "100000"})
                    return self.drip(b" " * 100000)
                if mode == "drip-headers":
                    return self.drip(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100000)
                if mode == "html":
                    page = b"<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>\n"
                    return self.plain(200, page, {"Content-Type": "text/html"})
                if mode == "auth-unknown":
                    return self.plain(401, b"negotiate first\n", {"WWW-Authenticate": "Negotiate"})
                if mode == "error-huge":
                    first = ("E" * 10 + ESCAPE + "F" * 1000 + "\n").encode()
                    self.head(500, {"Content-Type": "text/plain", "Content-Length": str(len(first) + 20 * 2**20)})
                    self.wfile.write(first)
                    return self.zeros(20 * 2**20)
                return self.plain(404, b"no such mode\n")

            def head(self, status: int, headers: dict):
                self.send_response(status)
                self.send_header("Connection", "close")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()

            def plain(self, status: int, data: bytes, headers: dict | None = None):
                self.head(status, {"Content-Type": "text/plain", **(headers or {}), "Content-Length": str(len(data))})
                self.wfile.write(data)
                server.seen.sent += len(data)

            def zeros(self, total: int):
                block = b"0" * 65536
                while total > 0 and not server.stopping.is_set():
                    self.wfile.write(block[: min(total, len(block))])
                    server.seen.sent += min(total, len(block))
                    total -= len(block)

            def drip(self, data: bytes):
                for index in range(len(data)):
                    if server.stopping.wait(0.2):
                        return
                    self.wfile.write(data[index : index + 1])
                    self.wfile.flush()

            def forward(self, path: str, body: bytes):
                status, data, kind = relay(self, server.upstream + path, body)
                self.plain(status, data, {"Content-Type": kind})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)


_JSON = "application/sparql-results+json"


def _integer(text: str) -> dict:
    return {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": text}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A real oxigraph server, shared by the module (tests that count triples clear it first)."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture
def elsewhere():
    """The 'other host' a redirect points to: it must never be reached."""
    server = Hostile()
    yield server
    server.stop()


@pytest.fixture
def hostile(store, elsewhere):
    server = Hostile(upstream=store.base, other=elsewhere.url)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _no_credentials(monkeypatch, tmp_path):
    for name in ("JCGRAPH_ENDPOINT_USER", "JCGRAPH_ENDPOINT_PASSWORD", "JCGRAPH_STORE_USER", "JCGRAPH_STORE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    monkeypatch.setenv("HOME", str(tmp_path))


@pytest.fixture
def with_credentials(monkeypatch):
    for prefix in ("JCGRAPH_ENDPOINT", "JCGRAPH_STORE"):
        monkeypatch.setenv(f"{prefix}_USER", USER)
        monkeypatch.setenv(f"{prefix}_PASSWORD", PASSWORD)


def clear(store) -> None:
    request = urllib.request.Request(store.update_url, data=b"CLEAR ALL", method="POST")
    request.add_header("Content-Type", "application/sparql-update")
    urllib.request.urlopen(request, timeout=30).close()


def count(store) -> int:
    data = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).encode()
    request = urllib.request.Request(store.query_url, data=data, headers={"Accept": _JSON})
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"])


def within(seconds: float, run_cli, *args):
    """Run the CLI in-process, but fail (instead of hanging the suite) if it takes over ``seconds``."""
    box: dict = {}
    started = time.monotonic()
    worker = threading.Thread(target=lambda: box.setdefault("result", run_cli(*args)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"jcgraph {args[0]} still running after {seconds} s: it hangs"
    return (*box["result"], time.monotonic() - started)


def error(code: int, out: str, err: str, url: str, expected: int = 2) -> str:
    """The one-paragraph error: the exit code, the URL, no traceback, no terminal escape, not too long."""
    assert code == expected, err
    assert "Traceback" not in err and "internal error" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert url in err, err
    assert "\x1b" not in err and len(err) < 1200, err
    return err


def push(run_cli, kg, store: str, *extra, seconds: float = 20):
    return within(seconds, run_cli, "push", "--root", kg.root, "--store", store, "--retries", "0", *extra)


def query(run_cli, kg, endpoint: str, *extra, seconds: float = 20):
    return within(seconds, run_cli, "query", "cq-12", "--root", kg.root, "--endpoint", endpoint, *extra)


# --------------------------------------------------------------------------------------------------
# Redirects
# --------------------------------------------------------------------------------------------------


def test_push_never_follows_a_redirect_to_another_host(hostile, elsewhere, run_cli, kg, with_credentials):
    url = f"{hostile.url}/redirect-host/store"
    code, out, err, _ = push(run_cli, kg, url)
    err = error(code, out, err, url)
    assert "another host or port" in err and elsewhere.url + "/store" in err and "Nothing was loaded" in err
    assert elsewhere.seen.paths == [] and elsewhere.seen.auth == []


def test_query_never_follows_a_redirect_to_another_host(hostile, elsewhere, run_cli, kg, with_credentials):
    url = f"{hostile.url}/redirect-host/query"
    code, out, err, _ = query(run_cli, kg, url)
    assert out == ""
    assert "another host or port" in error(code, out, err, url)
    assert elsewhere.seen.paths == [] and elsewhere.seen.auth == []  # the Basic credentials stayed home
    assert hostile.seen.auth  # (they were sent, once, to the host they are for)


@pytest.mark.parametrize("command", ["push", "query"])
def test_a_302_that_would_drop_the_body_is_not_followed(command, hostile, run_cli, kg):
    url = f"{hostile.url}/redirect-302/{'store' if command == 'push' else 'query'}"
    code, out, err, _ = (push if command == "push" else query)(run_cli, kg, url)
    err = error(code, out, err, url)
    assert "HTTP 302" in err and "would turn the POST into a GET" in err
    assert len(hostile.seen.paths) == 1


@pytest.mark.parametrize("command", ["push", "query"])
def test_a_redirect_loop_stops_after_five(command, hostile, run_cli, kg):
    url = f"{hostile.url}/redirect-loop/{'store' if command == 'push' else 'query'}"
    code, out, err, _ = (push if command == "push" else query)(run_cli, kg, url)
    assert "redirected more than 5 times" in error(code, out, err, url) and "loop" in err
    assert len(hostile.seen.paths) == 6


def test_a_same_host_307_is_followed_with_its_body(hostile, store, run_cli, kg):
    clear(store)
    code, _, err, _ = push(
        run_cli,
        kg,
        f"{hostile.url}/redirect-ok/store",
        "--endpoint",
        f"{hostile.url}/redirect-ok/query",
        "--batch-size",
        "2000",
    )
    assert code == 0, err
    total = len(ex.export(kg, "ntriples").splitlines())
    assert count(store) == total and f"holds {total:,} triples" in err
    code, out, err, _ = query(run_cli, kg, f"{hostile.url}/redirect-ok/query", "--format", "csv")
    assert code == 0 and out.startswith("partner,partnerLabel"), err


# --------------------------------------------------------------------------------------------------
# A wrong count after the push
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("answer", "replace", "words"), [("3", False, "fewer than"), ("999999", True, "more than")])
def test_a_wrong_count_after_push_fails_the_check_with_exit_1(answer, replace, words, hostile, store, run_cli, kg):
    clear(store)
    url = f"{hostile.url}/count-{answer}/query"
    extra = ("--replace",) if replace else ()
    code, out, err, _ = push(run_cli, kg, store.store_url, "--endpoint", url, *extra)
    err = error(code, out, err, url, expected=1)
    total = len(ex.export(kg, "ntriples").splitlines())
    assert f"verification failed: {url} counts {int(answer):,} triples" in err
    assert f"{words} the {total:,} pushed" in err and "--replace" in err
    assert count(store) == total  # the data did arrive; the endpoint's count is what disagrees


def test_a_larger_count_without_replace_is_accepted(hostile, store, run_cli, kg):
    """Without --replace the graph may hold more than this push (earlier triples): that is not an error."""
    clear(store)
    code, _, err, _ = push(run_cli, kg, store.store_url, "--endpoint", f"{hostile.url}/count-999999/query")
    assert code == 0 and "holds 999,999 triples" in err, err


# --------------------------------------------------------------------------------------------------
# Bodies too large to read, connections dropped, slow servers
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["huge", "endless"])
def test_push_reads_at_most_a_megabyte_of_a_store_answer(mode, hostile, run_cli, kg):
    url = f"{hostile.url}/{mode}/store"
    code, out, err, took = push(run_cli, kg, url)
    err = error(code, out, err, url)
    assert "answer is larger than 1 MB" in err and "the rest was not read" in err
    assert took < 15 and hostile.seen.sent < 64 * 2**20, hostile.seen.sent  # it stopped reading


@pytest.mark.parametrize("mode", ["huge", "endless"])
def test_push_check_reads_at_most_a_megabyte_of_the_count(mode, hostile, store, run_cli, kg):
    clear(store)
    url = f"{hostile.url}/{mode}/query"
    code, out, err, _ = push(run_cli, kg, store.store_url, "--endpoint", url)
    assert "answer is larger than 1 MB" in error(code, out, err, url) and "could not be verified" in err
    assert hostile.seen.sent < 64 * 2**20


@pytest.mark.parametrize("mode", ["huge", "endless"])
def test_query_reads_at_most_the_response_limit(mode, hostile, run_cli, kg, monkeypatch):
    monkeypatch.setenv("JCGRAPH_MAX_RESPONSE_BYTES", str(4 * 2**20))
    url = f"{hostile.url}/{mode}/query"
    code, out, err, took = query(run_cli, kg, url)
    assert out == ""
    err = error(code, out, err, url)
    assert "larger than 4 MB" in err and "JCGRAPH_MAX_RESPONSE_BYTES" in err and "LIMIT" in err
    assert took < 15 and hostile.seen.sent < 64 * 2**20, hostile.seen.sent


@pytest.mark.parametrize(
    ("mode", "push_words", "query_words"),
    [
        ("drop-before", "the connection was closed without an answer", "closed the connection without answering"),
        ("drop-chunked", "cut mid-answer", "cut its answer short"),
    ],
)
def test_a_dropped_connection_is_named(mode, push_words, query_words, hostile, run_cli, kg):
    url = f"{hostile.url}/{mode}/store"
    code, out, err, _ = push(run_cli, kg, url, "--retries", "1")
    err = error(code, out, err, url)
    assert push_words in err and "after 2 attempts" in err and "Nothing was loaded" in err
    url = f"{hostile.url}/{mode}/query"
    code, out, err, _ = query(run_cli, kg, url)
    assert query_words in error(code, out, err, url)


@pytest.mark.parametrize("mode", ["drip", "drip-headers"])
def test_a_server_that_drips_its_answer_is_given_up_at_the_timeout(mode, hostile, run_cli, kg):
    url = f"{hostile.url}/{mode}/store"
    code, out, err, took = push(run_cli, kg, url, "--timeout", "1", seconds=30)
    assert "no answer within 1 s" in error(code, out, err, url) and "--timeout" in err
    assert took < 12, took  # 1 s, plus the upload allowance and the graph's load; never the drip's 5 hours
    url = f"{hostile.url}/{mode}/query"
    code, out, err, took = query(run_cli, kg, url, "--timeout", "1", seconds=30)
    assert "did not answer within 1 s" in error(code, out, err, url)
    assert took < 12, took


# --------------------------------------------------------------------------------------------------
# Answers of the wrong kind
# --------------------------------------------------------------------------------------------------


def test_html_instead_of_sparql_results(hostile, store, run_cli, kg):
    url = f"{hostile.url}/html/query"
    code, out, err, _ = query(run_cli, kg, url)
    err = error(code, out, err, url)
    assert "text/html" in err and "not valid SPARQL results" in err and "Welcome to nginx" in err
    assert "/query" in err  # where the query endpoint usually is
    clear(store)
    code, out, err, _ = push(run_cli, kg, store.store_url, "--endpoint", url)
    err = error(code, out, err, url)
    assert "did not answer the COUNT query with SPARQL JSON results" in err and "Welcome to nginx" in err
    assert "could not be verified" in err and "/query" in err


def test_401_with_an_unknown_scheme(hostile, run_cli, kg, with_credentials):
    url = f"{hostile.url}/auth-unknown/store"
    code, out, err, _ = push(run_cli, kg, url)
    err = error(code, out, err, url)
    assert "asks for Negotiate authentication, which jcgraph does not speak" in err and "Digest or Basic" in err
    assert hostile.seen.auth == []  # no challenge it knows: the credentials were never sent
    url = f"{hostile.url}/auth-unknown/query"
    code, out, err, _ = query(run_cli, kg, url)
    err = error(code, out, err, url)
    assert "HTTP 401: negotiate first" in err and "asks for Negotiate authentication" in err


def test_500_with_a_huge_body_is_trimmed(hostile, run_cli, kg):
    url = f"{hostile.url}/error-huge/store"
    code, out, err, took = push(run_cli, kg, url)
    err = error(code, out, err, url)
    assert "HTTP 500 Internal Server Error: EEEEEEEEEE?[2J?[31mFFFF" in err and "F…" in err
    assert took < 15 and hostile.seen.sent < 64 * 2**20
    url = f"{hostile.url}/error-huge/query"
    code, out, err, _ = query(run_cli, kg, url)
    err = error(code, out, err, url)
    assert "answered HTTP 500: EEEEEEEEEE?[2J?[31mFFFF" in err and "F…" in err


def test_server_text_cannot_reach_the_terminal(hostile, run_cli, kg):
    """A Location with a terminal escape sequence is shown with ``?`` in its place; a broken one is refused."""
    url = f"{hostile.url}/redirect-host/store"
    hostile.other = "http://127.0.0.1:1/\x1b]0;owned\x07"
    code, out, err, _ = push(run_cli, kg, url)
    assert "http://127.0.0.1:1/?]0;owned?" in error(code, out, err, url)
    hostile.other = "http://[::1"
    code, out, err, _ = push(run_cli, kg, url)
    assert "Invalid IPv6 URL" in error(code, out, err, url) and "a broken redirect?" in err
    code, out, err, _ = query(run_cli, kg, f"{hostile.url}/redirect-host/query")
    error(code, out, err, f"{hostile.url}/redirect-host/query")


# --------------------------------------------------------------------------------------------------
# jcgraph serve
# --------------------------------------------------------------------------------------------------


def _listening_addresses(port: int) -> set[str]:
    """The local addresses with a TCP socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table) as rows:
            next(rows)
            for row in rows:
                local, state = row.split()[1], row.split()[3]
                address, hex_port = local.rsplit(":", 1)
                if state == "0A" and int(hex_port, 16) == port:
                    found.add(address)
    return found


def _raw(port: int, data: bytes, timeout: float = 5) -> bytes:
    """Send raw bytes to 127.0.0.1:port and return what comes back (until close or timeout)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError):
            pass
        return b"".join(chunks)


@pytest.mark.slow
def test_serve_binds_loopback_and_survives_garbage(repo_root, tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc/net/tcp to see the listening address")
    port = free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path), "JCGRAPH_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "jcgraph", "serve", "--root", str(repo_root), "--port", str(port), "--what", "asserted"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        line = process.stderr.readline().decode()
        assert "SPARQL endpoint" in line, line + process.stderr.read().decode()
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only, nothing on 0.0.0.0 or ::
        url = f"http://127.0.0.1:{port}/query"

        def ask() -> bool:
            data = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
            request = urllib.request.Request(url, data=data, headers={"Accept": _JSON})
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read())["boolean"]

        stalled = socket.create_connection(("127.0.0.1", port))  # a body announced and never sent
        stalled.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nquery=")
        answers = {
            "garbage": _raw(port, os.urandom(4096) + b"\r\n\r\n"),
            "not http": _raw(port, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\0" * 64),  # a TLS hello
            "huge body": _raw(port, b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\nquery="),
            "bad length": _raw(port, b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
            "long line": _raw(port, b"GET /query?query=" + b"A" * 200_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
            "many headers": _raw(port, b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 500 + b"\r\n"),
            "update": _raw(port, b"POST /update HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nCLEAR ALL"),
        }
        assert b" 413 " in answers["huge body"].split(b"\r\n")[0]
        assert b" 413 " in answers["bad length"].split(b"\r\n")[0]
        assert b" 414 " in answers["long line"].split(b"\r\n")[0]
        assert b" 431 " in answers["many headers"].split(b"\r\n")[0]
        assert b" 405 " in answers["update"].split(b"\r\n")[0]
        big = "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(15_000)) + ") }"
        data = urllib.parse.urlencode({"query": big}).encode()
        assert len(data) > 2 * 100_000
        try:
            urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=30).close()
            raise AssertionError("a query over the size limit was accepted")
        except urllib.error.HTTPError as exc:
            assert exc.code == 413
        nonsense = urllib.parse.urlencode({"query": "SELEKT ?x WHERE { ?x ?y"}).encode()
        try:
            urllib.request.urlopen(urllib.request.Request(url, data=nonsense), timeout=30).close()
            raise AssertionError("a syntax error was answered 200")
        except urllib.error.HTTPError as exc:
            assert exc.code == 400
        secret = tmp_path / "secret.rq"
        secret.write_text("the server's own file\n")
        for name in ("%00%ff&state1=" + "x" * 5000, urllib.parse.quote(str(secret)), "-", "/etc/passwd"):
            try:  # /prepare takes catalogue names only: never a file of the server's disk, nor its stdin
                urllib.request.urlopen(f"http://127.0.0.1:{port}/prepare?query={name}", timeout=10).close()
                raise AssertionError(f"/prepare?query={name[:40]} was answered 200")
            except urllib.error.HTTPError as exc:
                body = exc.read().decode()
                assert exc.code == 400 and "no catalogue query" in body
                assert "server's own file" not in body and "root:" not in body
        assert ask() is True  # still answering, with a stalled client still connected
        stalled.close()
        assert process.poll() is None
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        rest = process.stderr.read().decode()
        assert "Traceback" not in rest and rest.strip().endswith("stopped."), rest
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stderr.close()


def test_the_redirect_rule():
    """The rule itself, on the cases the servers above cannot show (ports spelled out, schemes)."""
    from jcgraph.io.credentials import redirect_problem

    base = "http://127.0.0.1:8890/sparql"
    assert redirect_problem(base, "http://127.0.0.1:8890/other", 307, "POST", 0) is None
    assert redirect_problem(base, "http://127.0.0.1:8890/other", 308, "PUT", 4) is None
    assert redirect_problem("http://host/sparql", "http://HOST:80/x", 307, "POST", 0) is not None  # port named
    assert "another host" in redirect_problem(base, "https://127.0.0.1:8890/sparql", 307, "POST", 0)
    assert "another host" in redirect_problem(base, "http://127.0.0.1:8891/sparql", 307, "POST", 0)
    assert "another host" in redirect_problem(base, "http://127.0.0.1:x/sparql", 307, "POST", 0)
    assert "another host" in redirect_problem(base, "http://[::1/sparql", 307, "POST", 0)
    assert "another host" in redirect_problem(base, "http://evil.example/sparql", 307, "GET", 0)
    assert "GET" in redirect_problem(base, "http://127.0.0.1:8890/x", 303, "POST", 0)
    assert redirect_problem(base, "http://127.0.0.1:8890/x", 301, "GET", 0) is None
    assert "more than 5" in redirect_problem(base, "http://127.0.0.1:8890/x", 307, "POST", 5)
