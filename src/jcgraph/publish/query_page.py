"""The query page of ``jcgraph serve``: a small HTTP front in Python before oxigraph's server.

oxigraph listens on a private loopback port; this front listens on the port the user chose and

- ``GET /`` serves ``query_page.html`` (the prefixes, the catalogue, a text area, results as tables);
- ``GET /catalogue.json`` lists the prefixes and every catalogue query with its en/fr question, its
  parameters and their defaults;
- ``GET /prepare?query=cq-01&state1=Morocco`` returns the query text with the values bound, by the same
  code as ``jcgraph query --endpoint`` (each value one validated RDF term in a ``VALUES`` row), so a value
  typed in the page can never change the query;
- ``GET``/``POST /query`` is passed to oxigraph as it is (SPARQL 1.1 Protocol), so any client works.

Everything else (``/update``, ``/store``, ...) is refused with 405: the endpoint is read-only.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import TYPE_CHECKING

from jcgraph.errors import JcgraphError
from jcgraph.limits import DEFAULT_MAX_QUERY_BYTES
from jcgraph.namespaces import PREFIXES
from jcgraph.query import engine

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph

#: Headers passed between the client and oxigraph (the rest are hop-by-hop or not needed).
_FORWARDED = ("Content-Type", "Accept")
_RETURNED = ("Content-Type", "Content-Length")


def page_html() -> bytes:
    """The query page: one self-contained HTML file shipped with the package."""
    return resources.files("jcgraph.publish").joinpath("query_page.html").read_bytes()


def catalogue_json(kg: KnowledgeGraph) -> dict:
    """The prefixes and the catalogue as the page shows them."""
    entries = []
    for entry in engine.catalogue(kg.root):
        entries.append(
            {
                "id": entry.ident,
                "name": entry.name,
                "question": entry.question,
                "inference": entry.inference or engine.DEFAULT_INFERENCE,
                "params": [
                    {"name": p.name, "type": p.type, "default": p.example, "description": p.description}
                    for p in entry.params
                ],
            }
        )
    return {"prefixes": PREFIXES, "queries": entries}


def prepared_text(kg: KnowledgeGraph, ident: str, values: dict[str, str]) -> str:
    """The catalogue query ``ident`` with ``values`` bound as one RDF term each (defaults for the rest).

    ``ident`` names a catalogue query; a path, ``-`` or query text is refused like an unknown name (any
    web page can ask this server, so it must never read a file or its terminal).

    :raises QueryError: an unknown query or parameter, or a value that is not a valid term or name
    """
    entry = engine.find_in_catalogue(ident, kg.root)  # a name only: never a file of the server's disk
    kinds = sorted({p.type for p in entry.params if p.type in engine.ENTITY_TYPES})

    def names():
        return engine.names_of(kg, kinds)

    return engine.inject_values(entry, engine.bind(entry, values, names))


class QueryFront(ThreadingHTTPServer):
    """The HTTP front: the page and its small API, and ``/query`` passed through to ``upstream``."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], upstream: str, kg: KnowledgeGraph, timeout: float = 120.0):
        self.upstream = upstream
        self.kg = kg
        self.timeout = timeout
        self.catalogue = json.dumps(catalogue_json(kg), ensure_ascii=False).encode()
        self.lock = threading.Lock()  # name lookups read one shared rdflib graph
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def handle_error(self, request, client_address) -> None:
        """A client that stalls (see ``_Handler.timeout``) or hangs up is not worth a traceback."""
        if isinstance(sys.exc_info()[1], (TimeoutError, ConnectionError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: QueryFront
    server_version = "jcgraph"
    timeout = 30  # seconds a client may take to send its request (a stalled one frees its thread)

    def log_message(self, format, *args):  # noqa: A002 - quiet: the terminal shows only the URL line
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, value: dict) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode(), "application/json; charset=utf-8")

    def do_HEAD(self):  # noqa: N802
        self.do_GET()

    def do_GET(self):  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(200, page_html(), "text/html; charset=utf-8")
        elif url.path == "/catalogue.json":
            self._send(200, self.server.catalogue, "application/json; charset=utf-8")
        elif url.path == "/prepare":
            self._prepare(urllib.parse.parse_qs(url.query, keep_blank_values=True))
        elif url.path == "/query":
            self._forward(url.query, None)
        else:
            self._json(404, {"error": f"no page at {url.path}; the query page is / and the endpoint /query."})

    def do_POST(self):  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/query":
            self._json(405, {"error": "this endpoint is read-only: only /query is served."})
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > 2 * DEFAULT_MAX_QUERY_BYTES:
            self._json(413, {"error": "the request is too large or has no valid Content-Length."})
            return
        self._forward(url.query, self.rfile.read(length))

    def do_PUT(self):  # noqa: N802
        self._json(405, {"error": "this endpoint is read-only."})

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def _prepare(self, query: dict[str, list[str]]) -> None:
        ident = (query.pop("query", [""]) or [""])[0]
        values = {key: items[-1] for key, items in query.items() if items and items[-1] != ""}
        try:
            with self.server.lock:
                text = prepared_text(self.server.kg, ident, values)
        except JcgraphError as exc:
            self._json(400, {"error": str(exc)})
            return
        self._json(200, {"text": text})

    def _forward(self, query_string: str, body: bytes | None) -> None:
        target = self.server.upstream + ("?" + query_string if query_string else "")
        request = urllib.request.Request(target, data=body, method="POST" if body is not None else "GET")
        for name in _FORWARDED:
            if self.headers.get(name):
                request.add_header(name, self.headers[name])
        try:
            with urllib.request.urlopen(request, timeout=self.server.timeout) as answer:
                status, headers, payload = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as exc:  # oxigraph's own error (a syntax error, ...): passed on
            status, headers, payload = exc.code, exc.headers, exc.read()
        except (urllib.error.URLError, OSError) as exc:
            self._json(502, {"error": f"the SPARQL server did not answer: {exc}"})
            return
        self.send_response(status)
        for name in _RETURNED:
            if headers.get(name) and name != "Content-Length":
                self.send_header(name, headers[name])
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
