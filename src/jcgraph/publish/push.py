"""Load the graph into a triple store: SPARQL 1.1 Graph Store HTTP Protocol, or SPARQL 1.1 Update.

The export is sent in batches of N-Triples lines (POST adds, PUT replaces; ``?graph=IRI`` or
``?default``), or as ``INSERT DATA`` requests after a ``CLEAR`` for stores without the Graph Store
protocol. Blank nodes are sent as skolem IRIs (``https://w3id.org/jcgraph/.well-known/genid/c14nN``,
from their canonical labels) so that repeating or resuming a push never duplicates them; with
``keep_bnodes`` they stay blank nodes and every batch keeps each blank node's triples together.

Transient failures (connection errors, timeouts, HTTP 429/502/503/504) are retried with exponential
backoff, a bounded number of times. Credentials come from ``JCGRAPH_STORE_USER`` /
``JCGRAPH_STORE_PASSWORD`` or from a netrc file (``$NETRC`` or ``~/.netrc``), never from the command line.
"""

from __future__ import annotations

import base64
import http.client
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from jcgraph.errors import EndpointError, InputError
from jcgraph.io.credentials import credentials as _credentials
from jcgraph.limits import DEFAULT_REQUEST_TIMEOUT
from jcgraph.namespaces import BASE
from jcgraph.publish import export as ex
from jcgraph.version import VERSION as __version__

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph

GENID = BASE + ".well-known/genid/"
TRANSIENT_STATUS = (429, 502, 503, 504)
USER_AGENT = f"jcgraph/{__version__} (+https://w3id.org/jcgraph/)"


@dataclass
class PushResult:
    """What a push did: batches and triples sent, and what the store holds afterwards (if verified)."""

    target: str
    graph: str | None
    triples: int
    batches: int
    sent_batches: int = 0
    sent_triples: int = 0
    store_count: int | None = None

    def summary(self) -> str:
        """One or two lines for a person."""
        where = f"graph <{self.graph}>" if self.graph else "the default graph"
        text = f"pushed {self.sent_triples:,} triples in {self.sent_batches} batch(es) to {where} of {self.target}"
        if self.store_count is not None:
            text += f"\nverified: {where} holds {self.store_count:,} triples (expected {self.triples:,})"
        return text


# --------------------------------------------------------------------------------------------------
# Preparing the batches
# --------------------------------------------------------------------------------------------------


def lines_of(
    kg: KnowledgeGraph, what: str = "asserted", graph: str = "all", inference: str = "owlrl", keep_bnodes: bool = False
) -> list[tuple[str, frozenset]]:
    """N-Triples lines of the export, sorted, each with the blank-node labels it mentions.

    :param keep_bnodes: keep blank nodes (else they become skolem IRIs under ``GENID``)
    """
    out = []
    seen = set()
    for s, p, o, _ in ex.quads(kg, what, graph, inference, named=False):
        blanks = frozenset(t.value for t in (s, o) if isinstance(t, ox.BlankNode))
        if blanks and not keep_bnodes:
            s, o = (ox.NamedNode(GENID + t.value) if isinstance(t, ox.BlankNode) else t for t in (s, o))
            blanks = frozenset()
        line = f"{s} {p} {o} .\n"
        if line not in seen:
            seen.add(line)
            out.append((line, blanks))
    return out


def make_batches(lines: list[tuple[str, frozenset]], size: int) -> list[list[str]]:
    """Cut lines into batches of about ``size``, never separating the triples of one blank node.

    (Each request is parsed on its own, so a blank node split over two requests would become two nodes.)
    """
    if size < 1:
        raise InputError("--batch-size must be at least 1.")
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, blanks in lines:
        first, *rest = list(blanks) or [None]
        for other in rest:
            parent[find(other)] = find(first)
    groups: dict[str, list[str]] = {}
    units: list[list[str]] = []
    for line, blanks in lines:
        if blanks:
            root = find(next(iter(blanks)))
            if root not in groups:
                groups[root] = []
                units.append(groups[root])
            groups[root].append(line)
        else:
            units.append([line])
    batches: list[list[str]] = []
    current: list[str] = []
    for unit in units:
        if current and len(current) + len(unit) > size:
            batches.append(current)
            current = []
        current.extend(unit)
    if current:
        batches.append(current)
    return batches


# --------------------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------------------


def credentials(url: str) -> tuple[str, str] | None:
    """User and password for a store: ``$JCGRAPH_STORE_USER``/``$JCGRAPH_STORE_PASSWORD``, else netrc."""
    return _credentials(url, "JCGRAPH_STORE")


class Client:
    """Sends requests to one store with authentication, a timeout and bounded retries."""

    def __init__(self, retries: int = 4, delay: float = 0.5, timeout: float = DEFAULT_REQUEST_TIMEOUT):
        self.retries = max(0, retries)
        self.delay = delay
        self.timeout = timeout

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        content_type: str | None = None,
        accept: str | None = None,
    ) -> bytes:
        """Send one request, retrying transient failures; return the response body.

        :raises EndpointError: the store cannot be reached, or answers with an error
        """
        headers = {"User-Agent": USER_AGENT}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        auth = credentials(url)
        if auth:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(min(self.delay * 2 ** (attempt - 1), 30.0))
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read()
            except http.client.IncompleteRead as exc:
                problem = f"the connection was cut mid-answer ({_cut_size(exc)})"
                continue
            except urllib.error.HTTPError as exc:
                detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
                problem = f"HTTP {exc.code} {exc.reason}" + (f": {detail[0]}" if detail else "")
                if exc.code in (401, 403):
                    what = "refused the credentials" if auth else "asks for credentials"
                    raise EndpointError(
                        f"{url} {what} ({problem}); set JCGRAPH_STORE_USER "
                        "and JCGRAPH_STORE_PASSWORD, or add the host to ~/.netrc."
                    ) from None
                if exc.code not in TRANSIENT_STATUS:
                    raise EndpointError(f"{method} {url} failed: {problem}.") from None
            except (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException) as exc:
                reason = getattr(exc, "reason", exc)
                if isinstance(reason, TimeoutError):
                    problem = f"no answer within {self.timeout:g} s (raise --timeout if the store is just slow)"
                elif isinstance(exc, http.client.HTTPException) and not isinstance(exc, ConnectionError):
                    problem = f"an answer that is not HTTP ({type(exc).__name__})"
                else:
                    problem = f"cannot connect ({reason})"
        tries = f"after {self.retries + 1} attempts" if self.retries else "(no retries)"
        raise EndpointError(
            f"{method} {url} failed {tries}: {problem}. Check that the store is running and the URL is right."
        )


def _with_query(url: str, params: str) -> str:
    return url + ("&" if "?" in url else "?") + params


def count_triples(client: Client, endpoint: str, graph: str | None) -> int:
    """The number of triples in ``graph`` (the default graph when None), asked with a SPARQL COUNT."""
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    body = urllib.parse.urlencode({"query": query}).encode()
    answer = client.request(
        "POST", endpoint, body, "application/x-www-form-urlencoded", "application/sparql-results+json"
    )
    try:
        return int(json.loads(answer)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise EndpointError(f"{endpoint} did not answer the COUNT query with SPARQL JSON results.") from None


# --------------------------------------------------------------------------------------------------
# Pushing
# --------------------------------------------------------------------------------------------------


def push(
    kg: KnowledgeGraph,
    store: str | None = None,
    update: str | None = None,
    graph: str | None = None,
    replace: bool = False,
    batch_size: int = 10_000,
    endpoint: str | None = None,
    what: str = "asserted",
    selection: str = "all",
    inference: str = "owlrl",
    keep_bnodes: bool = False,
    retries: int = 4,
    delay: float = 0.5,
    progress: Callable[[int, int, int], None] | None = None,
    timeout: float = DEFAULT_REQUEST_TIMEOUT,
) -> PushResult:
    """Load the export of ``kg`` into a store, in batches, then verify the count through ``endpoint``.

    :param kg: the loaded graph
    :param store: a Graph Store protocol URL (e.g. oxigraph's ``/store``, Fuseki's ``/ds/data``)
    :param update: a SPARQL 1.1 Update URL, for stores without the Graph Store protocol
    :param graph: the target named graph IRI (None: the default graph)
    :param replace: replace the graph's content (PUT, or CLEAR) instead of adding to it
    :param batch_size: triples per request
    :param endpoint: a SPARQL query URL to count the triples afterwards
    :param what: ``asserted``, ``inferred`` or ``all`` (see :func:`jcgraph.publish.export.quads`)
    :param selection: ``ontology``, ``data`` or ``all`` files
    :param progress: called with (batches sent, batches, triples sent) after each batch
    :param timeout: seconds to wait for each answer of the store
    :returns: what was sent, and the store's count when verified
    :raises EndpointError: a request failed after its retries (the message says what was loaded)
    """
    if bool(store) == bool(update):
        raise InputError("give exactly one of --store URL (Graph Store protocol) or --update URL (SPARQL Update).")
    for url in (store, update, endpoint):
        if url and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise InputError(f"{url!r} is not an http(s) URL.")
    if graph and not urllib.parse.urlsplit(graph).scheme:
        raise InputError(f"--graph {graph!r} is not an absolute IRI.")
    batches = make_batches(lines_of(kg, what, selection, inference, keep_bnodes), batch_size)
    client = Client(retries, delay, timeout)
    result = PushResult(target=store or update or "", graph=graph, triples=sum(map(len, batches)), batches=len(batches))
    if update:
        send = _update_sender(client, update, graph, replace)
    else:
        send = _store_sender(client, store, graph, replace)
    if not batches and replace:
        batches_to_send: list[list[str]] = [[]]  # still empty the graph
    else:
        batches_to_send = batches
    for index, batch in enumerate(batches_to_send):
        try:
            send(index, batch)
        except EndpointError as exc:
            left = result.triples - result.sent_triples
            if not result.sent_batches:
                raise EndpointError(f"{exc} Nothing was loaded.") from None
            raise EndpointError(
                f"{exc} Batch {index + 1} of {len(batches_to_send)} was not loaded: {result.sent_triples:,} triples "
                f"in {result.sent_batches} batch(es) were, {left:,} were not. Run the same command again "
                "(skolemised blank nodes are never duplicated; add --replace to start over)."
            ) from None
        result.sent_batches += 1 if batch or not batches else 0
        result.sent_triples += len(batch)
        if progress:
            progress(result.sent_batches, len(batches), result.sent_triples)
    if endpoint:
        try:
            result.store_count = count_triples(client, endpoint, graph)
        except EndpointError as exc:
            raise EndpointError(
                f"all {result.sent_triples:,} triples were loaded in {result.sent_batches} batch(es), but the count "
                f"could not be verified: {exc}"
            ) from None
        if result.store_count < result.triples:
            raise EndpointError(
                f"verification failed: the store holds {result.store_count:,} triples in "
                f"{'<' + graph + '>' if graph else 'the default graph'}, fewer than the "
                f"{result.triples:,} pushed. Push again with --replace."
            )
    return result


def _store_sender(client: Client, store: str, graph: str | None, replace: bool):
    url = _with_query(store, "graph=" + urllib.parse.quote(graph, safe="") if graph else "default")

    def send(index: int, batch: list[str]) -> None:
        method = "PUT" if replace and index == 0 else "POST"
        client.request(method, url, "".join(batch).encode("utf-8"), "application/n-triples")

    return send


def _update_sender(client: Client, update: str, graph: str | None, replace: bool):
    def send(index: int, batch: list[str]) -> None:
        if replace and index == 0:
            clear = f"CLEAR SILENT GRAPH <{graph}>" if graph else "CLEAR SILENT DEFAULT"
            client.request("POST", update, clear.encode(), "application/sparql-update")
        if not batch:
            return
        data = "".join(batch)
        text = f"INSERT DATA {{ GRAPH <{graph}> {{\n{data}}} }}" if graph else f"INSERT DATA {{\n{data}}}"
        client.request("POST", update, text.encode("utf-8"), "application/sparql-update")

    return send


def terminal_progress(stream=None) -> Callable[[int, int, int], None] | None:
    """A progress bar on ``stream`` (stderr) when it is a terminal; None (quiet) in a pipe."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None

    def show(done: int, total: int, triples: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        stream.write(f"\rpushing [{'#' * filled}{' ' * (width - filled)}] {done}/{total} batches, {triples:,} triples")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


__all__ = ["Client", "PushResult", "count_triples", "credentials", "make_batches", "push"]


def _cut_size(exc) -> str:
    """``"10 of 100 bytes"`` for an ``http.client.IncompleteRead``."""
    got = len(exc.partial)
    return f"{got} of {got + exc.expected} bytes" if exc.expected is not None else f"{got} bytes"
