"""Load the graph into a triple store: SPARQL 1.1 Graph Store HTTP Protocol, or SPARQL 1.1 Update.

The export is sent in batches of N-Triples lines (POST adds, PUT replaces; ``?graph=IRI`` or
``?default``), or as ``INSERT DATA`` requests after a ``CLEAR`` for stores without the Graph Store
protocol. Blank nodes are sent as skolem IRIs (``https://w3id.org/jcgraph/.well-known/genid/c14nN``,
from their canonical labels) so that repeating or resuming a push never duplicates them; with
``keep_bnodes`` they stay blank nodes and every batch keeps each blank node's triples together.

Transient failures (connection errors, timeouts, HTTP 429/502/503/504) are retried with exponential
backoff, a bounded number of times. Each answer must be complete within the timeout (plus a second per
MB sent), however slowly the store drips it, and is read up to 1 MB (:data:`MAX_STORE_ANSWER_BYTES`;
an error's body up to 64 KB, of which the message shows the first line). Redirects are followed only
as :func:`jcgraph.io.credentials.redirect_problem` allows: 307/308 on the same host and port, five at
most. Credentials come from ``JCGRAPH_STORE_USER`` /
``JCGRAPH_STORE_PASSWORD`` or from a netrc file (``$NETRC`` or ``~/.netrc``), never from the command line.
"""

from __future__ import annotations

import json
import queue
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox
import requests
import requests.auth

from jcgraph.errors import CheckFailed, EndpointError, InputError, untrusted
from jcgraph.io.credentials import credentials as _credentials
from jcgraph.io.credentials import redirect_problem
from jcgraph.limits import DEFAULT_REQUEST_TIMEOUT, MAX_STORE_ANSWER_BYTES
from jcgraph.namespaces import BASE
from jcgraph.publish import export as ex
from jcgraph.version import VERSION as __version__

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph

GENID = BASE + ".well-known/genid/"
TRANSIENT_STATUS = (429, 502, 503, 504)
#: What stores say when one request is too large for them (lower case).
TOO_LARGE_SIGNS = ("sp031", "sp030", "memory exhausted", "exceeded", "too large", "too long", "payload too")
#: Signs that a store refused a transaction for the size of its log (Virtuoso's SR325).
TRANSACTION_LOG_SIGNS = ("sr325", "log after image")
USER_AGENT = f"jcgraph/{__version__} (+https://w3id.org/jcgraph/)"
#: How much of an error answer is read (its first line goes into the message).
ERROR_BODY_BYTES = 64 * 1024
#: Seconds added to the timeout per byte sent: a large batch may take a while to upload.
UPLOAD_ALLOWANCE = 1 / 1_000_000
REDIRECTS = (301, 302, 303, 307, 308)


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
    from jcgraph.backends import engine_for

    written = engine_for(kg).export("ntriples", what, graph, inference)
    if written is not None:  # the engine's own writer: no rdflib copy of a store-held graph
        return _lines_of_ntriples(written, keep_bnodes)
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


def _lines_of_ntriples(document: bytes, keep_bnodes: bool) -> list[tuple[str, frozenset]]:
    """:func:`lines_of` from a sorted N-Triples document (one triple per line, canonical blank-node labels)."""
    out = []
    for line in document.decode("utf-8").splitlines(keepends=True):
        if "_:" not in line:
            out.append((line, frozenset()))
            continue
        subject, rest = line.split(" ", 1)
        middle, _, obj = rest[: -len(" .\n")].rpartition(" ")
        # an object blank node is the last term and holds no quote (a literal's text may hold "_:")
        blanks = [term[2:] for term in (subject, obj) if term.startswith("_:") and '"' not in term]
        if not blanks:
            out.append((line, frozenset()))
        elif keep_bnodes:
            out.append((line, frozenset(blanks)))
        else:
            skolem = [f"<{GENID}{t[2:]}>" if t.startswith("_:") and '"' not in t else t for t in (subject, obj)]
            out.append((f"{skolem[0]} {middle} {skolem[1]} .\n", frozenset()))
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
    """Sends requests to one store with authentication, a timeout and bounded retries.

    Authentication follows the server's challenge: the first request goes without credentials, and a
    401 naming ``Digest`` (Virtuoso's ``/sparql-auth``) or ``Basic`` is answered with that scheme
    (requests' ``HTTPDigestAuth``/``HTTPBasicAuth``), which the following requests keep using.
    """

    def __init__(self, retries: int = 4, delay: float = 0.5, timeout: float = DEFAULT_REQUEST_TIMEOUT):
        self.retries = max(0, retries)
        self.delay = delay
        self.timeout = timeout
        self.session = _new_session()
        self.worker: _Worker | None = None
        self.auth: requests.auth.AuthBase | None = None
        self.scheme: str | None = None

    def __del__(self) -> None:  # a push that failed never called close(): its worker thread still ends
        if getattr(self, "worker", None) is not None:
            self.worker.stop()

    def close(self) -> None:
        """Close the connections kept open."""
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        self.session.close()

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
        :raises StoreRefused: the store refused the request as too large or malformed (``status``, ``text``)
        """
        headers = {}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(min(self.delay * 2 ** (attempt - 1), 30.0))
            try:
                response, data = self._answer(method, url, body, headers)
            except requests.exceptions.ChunkedEncodingError as exc:
                problem = f"the connection was cut mid-answer ({_cut_size(exc)})"
                continue
            except requests.exceptions.Timeout:
                problem = f"no answer within {self.timeout:g} s (raise --timeout if the store is just slow)"
                continue
            except requests.exceptions.ConnectionError as exc:
                reason = _reason(exc)
                closed = "without response" in reason  # connected, then closed before a word
                problem = "the connection was closed without an answer" if closed else f"cannot connect ({reason})"
                continue
            except requests.exceptions.RequestException as exc:
                problem = f"an answer that is not HTTP ({type(exc).__name__})"
                continue
            if response.status_code < 400:
                return data
            detail = untrusted(data)
            problem = f"HTTP {response.status_code} {untrusted(response.reason or '', 60)}" + (
                f": {detail}" if detail else ""
            )
            if response.status_code in (401, 403):
                raise EndpointError(self._refusal(url, response, problem)) from None
            if response.status_code not in TRANSIENT_STATUS:
                raise StoreRefused(
                    f"{method} {url} failed: {problem}.", response.status_code, data.decode("utf-8", "replace")
                )
        tries = f"after {self.retries + 1} attempts" if self.retries else "(no retries)"
        raise EndpointError(
            f"{method} {url} failed {tries}: {problem}. Check that the store is running and the URL is right."
        )

    def _answer(self, method: str, url: str, body: bytes | None, headers: dict) -> tuple[requests.Response, bytes]:
        """One exchange (redirects included), complete within the timeout however slowly the answer comes.

        The exchange runs on the client's one worker thread (Digest keeps its nonce per thread); one that
        is over time is abandoned with its session and thread, which end on their own.
        """
        if self.worker is None:
            self.worker = _Worker()
        limit = self.timeout + 0.5 + len(body or b"") * UPLOAD_ALLOWANCE
        try:
            return self.worker.run(lambda: self._exchange(method, url, body, headers), limit)
        except TimeoutError:
            self.worker.stop()
            self.worker, self.session = None, _new_session()
            raise requests.exceptions.Timeout() from None

    def _exchange(self, method: str, url: str, body: bytes | None, headers: dict) -> tuple[requests.Response, bytes]:
        target = url
        for hop in range(100):
            response = self._send(method, target, body, headers)
            location = response.headers.get("Location")
            if response.status_code not in REDIRECTS or not location:
                break
            response.close()
            try:
                following = urllib.parse.urljoin(target, location)
            except ValueError:  # not a URL at all: shown as sent, and refused as another host
                following = location
            problem = redirect_problem(target, following, response.status_code, method, hop)
            if problem:
                raise EndpointError(f"{method} {url} failed: it {problem}. Nothing was sent elsewhere.")
            target = following
        error = response.status_code >= 400
        data, over = _read_bounded(response, ERROR_BODY_BYTES if error else MAX_STORE_ANSWER_BYTES)
        if over and not error:
            raise EndpointError(
                f"{method} {url} failed: its answer is larger than {MAX_STORE_ANSWER_BYTES // (1024 * 1024)} MB, "
                "which no store sends to a push or a COUNT query (the rest was not read); check that the URL is "
                "the store's Graph Store, Update or query endpoint."
            )
        return response, data

    def _send(self, method: str, url: str, body: bytes | None, headers: dict) -> requests.Response:
        response = self._request(method, url, body, headers)
        if response.status_code != 401 or self.auth is not None:
            return response
        scheme = _challenge_scheme(response)
        auth = credentials(url)
        if not auth or scheme not in ("digest", "basic"):
            return response
        response.close()
        self.scheme = scheme
        self.auth = requests.auth.HTTPDigestAuth(*auth) if scheme == "digest" else requests.auth.HTTPBasicAuth(*auth)
        return self._request(method, url, body, headers)

    def _request(self, method: str, url: str, body: bytes | None, headers: dict) -> requests.Response:
        try:
            return self.session.request(
                method,
                url,
                data=body,
                headers=headers,
                auth=self.auth,
                timeout=self.timeout,
                allow_redirects=False,  # followed by _exchange, as redirect_problem allows
                stream=True,  # read by _read_bounded, never whole
            )
        except ValueError as exc:  # requests parses a redirect's Location even when it does not follow it
            if isinstance(exc, requests.exceptions.RequestException):
                raise
            raise EndpointError(
                f"{method} {url} failed: its answer cannot be read ({untrusted(str(exc))}: a broken redirect?); "
                "check the URL."
            ) from None

    def _refusal(self, url: str, response: requests.Response, problem: str) -> str:
        asked = _challenge_scheme(response) or self.scheme
        scheme = f"{asked.capitalize()} authentication" if asked else "credentials"
        if asked and asked not in ("digest", "basic"):
            return (
                f"{url} asks for {scheme}, which jcgraph does not speak ({problem}); use an endpoint that "
                "accepts Digest or Basic authentication."
            )
        if credentials(url):
            what = f"refused the credentials ({scheme})"
        else:
            what = f"asks for credentials ({scheme})"
        return (
            f"{url} {what} ({problem}); set JCGRAPH_STORE_USER and JCGRAPH_STORE_PASSWORD, or add the host to ~/.netrc."
        )


def _new_session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session


def _read_bounded(response: requests.Response, limit: int) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of the body (then the connection is closed), and whether there was more."""
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(64 * 1024):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                break
    finally:
        response.close()
    return b"".join(chunks)[: limit + 1], size > limit


class _Worker:
    """One daemon thread that runs calls in turn; :meth:`run` waits for each at most a given time.

    (Not a ``ThreadPoolExecutor``: its threads are joined at exit, so one stuck on a server that drips
    its answer would keep the process alive.)
    """

    def __init__(self) -> None:
        self.tasks: queue.Queue = queue.Queue()
        threading.Thread(target=self._loop, name="jcgraph-push-request", daemon=True).start()

    def _loop(self) -> None:
        while True:
            task = self.tasks.get()
            if task is None:
                return
            call, box, done = task
            try:
                box["value"] = call()
            except BaseException as exc:  # handed over to the caller's thread
                box["error"] = exc
            done.set()

    def run(self, call: Callable[[], object], timeout: float):
        """The value of ``call()``; :raises TimeoutError: it took longer than ``timeout`` seconds."""
        box: dict[str, object] = {}
        done = threading.Event()
        self.tasks.put((call, box, done))
        if not done.wait(timeout):
            raise TimeoutError
        if "error" in box:
            raise box["error"]
        return box["value"]

    def stop(self) -> None:
        """End the thread once its current call (if any) returns."""
        self.tasks.put(None)


class StoreRefused(EndpointError):
    """The store answered a non-transient HTTP error (the request itself was refused)."""

    def __init__(self, message: str, status: int, text: str):
        super().__init__(message)
        self.status = status
        self.text = text

    @property
    def too_large(self) -> bool:
        """The store says the request was too large.

        HTTP 413; Virtuoso's SP031 (SQL-text limit), SP030 (parser memory), SR325 (transaction log).
        """
        text = self.text.lower()
        return self.status == 413 or any(sign in text for sign in TOO_LARGE_SIGNS) or self.transaction_log_full

    @property
    def transaction_log_full(self) -> bool:
        """The store's transaction log outgrew its limit (Virtuoso's SR325): a smaller batch may fit."""
        return any(sign in self.text.lower() for sign in TRANSACTION_LOG_SIGNS)


def _challenge_scheme(response: requests.Response) -> str | None:
    """The scheme of a 401's ``WWW-Authenticate`` challenge, lower case (``digest``, ``basic``), or None."""
    challenge = response.headers.get("WWW-Authenticate", "").strip()
    return challenge.split(None, 1)[0].rstrip(",").lower() if challenge else None


def _reason(exc: Exception) -> str:
    """The innermost reason of a connection error, in a few words."""
    while exc.args and isinstance(exc.args[0], Exception):
        exc = exc.args[0]
    reason = getattr(exc, "reason", None) or exc
    text = str(reason)
    if "Connection refused" in text or "Errno 111" in text:
        return "[Errno 111] Connection refused"
    return text.split(": ", 1)[-1] if "object at 0x" in text else text


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
        raise EndpointError(
            f"{endpoint} did not answer the COUNT query with SPARQL JSON results (it sent {untrusted(answer, 60)!r}); "
            "check that --endpoint is the store's SPARQL query URL (oxigraph: /query, Fuseki: /DATASET/sparql, "
            "Virtuoso: /sparql)."
        ) from None


# --------------------------------------------------------------------------------------------------
# Pushing
# --------------------------------------------------------------------------------------------------


#: Triples per request unless --batch-size says otherwise: a Graph Store request is one N-Triples body,
#: which stores parse in a stream; an INSERT DATA is compiled whole (Virtuoso turns it into SQL and
#: refuses texts over 10,000 lines with SP031), so Update batches are smaller.
DEFAULT_BATCH = {"store": 10_000, "update": 1_000}
STAGING = BASE + ".well-known/push/"


def push(
    kg: KnowledgeGraph,
    store: str | None = None,
    update: str | None = None,
    graph: str | None = None,
    replace: bool = False,
    batch_size: int | None = None,
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

    A batch the store refuses as too large (HTTP 413, Virtuoso's SP031) is halved and sent again, and
    the smaller size is kept for the rest. ``replace`` is never seen half done by readers: with an
    Update URL the triples go into a staging graph that one ``MOVE`` puts in place; with the Graph
    Store protocol alone the whole graph goes in one ``PUT``.

    :param kg: the loaded graph
    :param store: a Graph Store protocol URL (e.g. oxigraph's ``/store``, Virtuoso's ``/sparql-graph-crud-auth``)
    :param update: a SPARQL 1.1 Update URL: the target itself, or (with ``store``) where the replacing MOVE goes
    :param graph: the target named graph IRI (None: the default graph)
    :param replace: replace the graph's content instead of adding to it
    :param batch_size: triples per request (default: :data:`DEFAULT_BATCH` of the protocol)
    :param endpoint: a SPARQL query URL to count the triples afterwards
    :param what: ``asserted``, ``inferred`` or ``all`` (see :func:`jcgraph.publish.export.quads`)
    :param selection: ``ontology``, ``data`` or ``all`` files
    :param progress: called with (batches sent, batches, triples sent) after each batch
    :param timeout: seconds to wait for each answer of the store
    :returns: what was sent, and the store's count when verified
    :raises EndpointError: a request failed after its retries (the message says what was loaded)
    :raises CheckFailed: the store's count after the push is not what was pushed (exit 1)
    """
    if not store and not update:
        raise InputError("give --store URL (Graph Store protocol) or --update URL (SPARQL Update), or both.")
    for url in (store, update, endpoint):
        if url and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise InputError(f"{url!r} is not an http(s) URL.")
    if graph and not urllib.parse.urlsplit(graph).scheme:
        raise InputError(f"--graph {graph!r} is not an absolute IRI.")
    size = batch_size if batch_size is not None else DEFAULT_BATCH["store" if store else "update"]
    if size < 1:
        raise InputError("--batch-size must be at least 1.")
    units = make_batches(lines_of(kg, what, selection, inference, keep_bnodes), 1)
    total = sum(map(len, units))
    one_put = bool(store and replace and not update)  # the Graph Store protocol alone: one atomic PUT
    staging = f"{STAGING}{uuid.uuid4().hex}" if replace and update else None
    client = Client(retries, delay, timeout)
    result = PushResult(target=store or update or "", graph=graph, triples=total, batches=0)
    send = _store_sender(client, store, staging or graph) if store else _update_sender(client, update, staging or graph)
    if staging:
        client.request("POST", update, f"DROP SILENT GRAPH <{staging}>".encode(), "application/sparql-update")
    position = 0
    try:
        if one_put:
            batch = [line for unit in units for line in unit]
            _guarded(lambda: send(batch, "PUT"), graph)
            result.batches = result.sent_batches = 1
            result.sent_triples = total
            if progress:
                progress(1, 1, total)
        while position < len(units) and not one_put:
            batch, taken = _take(units, position, size)
            result.batches = result.sent_batches + 1 + _remaining_batches(units, position + taken, size)
            try:
                _guarded(lambda batch=batch: send(batch, "POST"), graph)
            except StoreRefused as exc:
                if not exc.too_large or size == 1 or taken == 1:
                    raise
                size = max(1, min(size, len(batch)) // 2)  # halve and try the same triples again
                continue
            position += taken
            result.sent_batches += 1
            result.sent_triples += len(batch)
            if progress:
                progress(result.sent_batches, result.batches, result.sent_triples)
        if staging:
            target = f"GRAPH <{graph}>" if graph else "DEFAULT"
            move = f"MOVE SILENT GRAPH <{staging}> TO {target}"
            _guarded(lambda: client.request("POST", update, move.encode(), "application/sparql-update"), graph)
    except EndpointError as exc:
        if staging:
            _drop_quietly(client, update, staging)
        raise _described(exc, result, replace, bool(staging)) from None
    if endpoint:
        try:
            result.store_count = count_triples(client, endpoint, graph)
        except EndpointError as exc:
            raise EndpointError(
                f"all {result.sent_triples:,} triples were loaded in {result.sent_batches} batch(es), but the count "
                f"could not be verified: {exc}"
            ) from None
        if result.store_count < result.triples or (replace and result.store_count != result.triples):
            where = f"<{graph}>" if graph else "the default graph"
            than = "fewer than" if result.store_count < result.triples else "more than"
            raise CheckFailed(
                f"verification failed: {endpoint} counts {result.store_count:,} triples in {where} of "
                f"{result.target}, {than} the {result.triples:,} pushed{' with --replace' if replace else ''}. "
                "Check that --endpoint queries the same store as --store/--update, then push again with --replace."
            )
    client.close()
    return result


def _take(units: list[list[str]], start: int, size: int) -> tuple[list[str], int]:
    """The lines of the units from ``start`` that fit in ``size`` (at least one unit), and how many units."""
    batch: list[str] = []
    index = start
    while index < len(units) and (not batch or len(batch) + len(units[index]) <= size):
        batch.extend(units[index])
        index += 1
    return batch, index - start


def _remaining_batches(units: list[list[str]], start: int, size: int) -> int:
    lines = sum(len(unit) for unit in units[start:])
    return -(-lines // size)


def _guarded(call: Callable[[], object], graph: str | None) -> None:
    """Run one request; a refused request against the default graph gets the hint about --graph."""
    try:
        call()
    except StoreRefused as exc:
        if graph is None and not exc.too_large:
            raise StoreRefused(
                f"{exc} Some stores (Virtuoso among them) take no triples into the default graph: add --graph IRI.",
                exc.status,
                exc.text,
            ) from None
        raise


def _described(exc: EndpointError, result: PushResult, replace: bool, staged: bool) -> EndpointError:
    """The failure, with what was and was not loaded and what to do next."""
    message = str(exc)
    if isinstance(exc, StoreRefused) and exc.transaction_log_full:
        what = "the one MOVE that puts the new graph in place" if staged else "even the smallest batch"
        message += (
            f" The store's transaction log is too small for {what}: on Virtuoso, raise "
            "TransactionAfterImageLimit under [Parameters] in virtuoso.ini (1500000000 was enough for a million "
            "triples) and restart it" + (", or push without --replace into a new --graph." if staged else ".")
        )
    elif isinstance(exc, StoreRefused) and exc.too_large:
        message += " The store refuses requests this large even at one triple: check its limits."
    if staged:
        return EndpointError(f"{message} The graph was not changed (the triples went to a staging graph, now dropped).")
    if not result.sent_batches:
        return EndpointError(f"{message} Nothing was loaded.")
    left = result.triples - result.sent_triples
    return EndpointError(
        f"{message} Batch {result.sent_batches + 1} of {result.batches} was not loaded: {result.sent_triples:,} "
        f"triples in {result.sent_batches} batch(es) were, {left:,} were not. Run the same command again "
        "(skolemised blank nodes are never duplicated; add --replace to start over)."
    )


def _drop_quietly(client: Client, update: str, staging: str) -> None:
    try:
        client.request("POST", update, f"DROP SILENT GRAPH <{staging}>".encode(), "application/sparql-update")
    except EndpointError:
        pass  # the staging graph has a name of its own; nothing reads it


def _store_sender(client: Client, store: str, graph: str | None):
    url = _with_query(store, "graph=" + urllib.parse.quote(graph, safe="") if graph else "default")

    def send(batch: list[str], method: str) -> None:
        client.request(method, url, "".join(batch).encode("utf-8"), "application/n-triples")

    return send


def _update_sender(client: Client, update: str, graph: str | None):
    def send(batch: list[str], method: str) -> None:
        if not batch:
            return
        data = "".join(batch)
        text = f"INSERT DATA {{ GRAPH <{graph}> {{\n{data}}} }}" if graph else f"INSERT DATA {{\n{data}}}"
        client.request("POST", update, text.encode("utf-8"), "application/sparql-update")

    return send


__all__ = ["Client", "PushResult", "count_triples", "credentials", "make_batches", "push"]


def _cut_size(exc: BaseException) -> str:
    """``"10 of 100 bytes"`` for the ``IncompleteRead`` inside a cut answer (urllib3's or http.client's)."""
    seen = 0
    while exc is not None and seen < 10:
        if type(exc).__name__ == "IncompleteRead":
            partial, expected = exc.args[:2] if len(exc.args) >= 2 else (getattr(exc, "partial", 0), None)
            got = partial if isinstance(partial, int) else len(partial)
            return f"{got} of {got + expected} bytes" if isinstance(expected, int) else f"{got} bytes"
        inner = next((a for a in exc.args if isinstance(a, BaseException)), None)
        exc, seen = inner or exc.__cause__ or exc.__context__, seen + 1
    return "the body was shorter than announced"
