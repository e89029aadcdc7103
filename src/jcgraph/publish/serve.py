"""A local, read-only SPARQL 1.1 endpoint over the graph, run by oxigraph's server.

The graph is loaded into a temporary oxigraph store (the merged triples in the default graph, which is
what a query without ``GRAPH`` sees, and each file's triples in its own named graph, as in the N-Quads
export), then ``oxigraph serve-read-only`` serves it. The store is removed when the server stops
(Ctrl-C or SIGTERM). Updates are refused by the read-only server.

By default the store holds the inferred triples too (the OWL RL closure and the rules, in their own
named graph and in the default graph), so a query such as cq-12 (``jc:cooperatesWith``) answers any
client; ``what="asserted"`` serves the asserted triples only. oxigraph listens on a private loopback
port; the port the user chose is a small Python front (:mod:`jcgraph.publish.query_page`) that serves
jcgraph's query page at ``/`` and passes ``/query`` through.
"""

from __future__ import annotations

import ipaddress
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from jcgraph.errors import EndpointError, InputError
from jcgraph.publish import export as ex

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph

LOOPBACK = "127.0.0.1"


def oxigraph_binary() -> str:
    """The ``oxigraph`` server program (PyPI package ``oxigraph``), next to this Python or on PATH.

    :raises InputError: it is not installed, with how to install it
    """
    candidate = Path(sys.executable).with_name("oxigraph")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise InputError(
        "the oxigraph server program is not installed; install it with `pip install 'jcgraph[serve]'` "
        "(or `pip install oxigraph`) in the same environment as jcgraph, and run the command again."
    )


def check_bind(host: str, explicit: bool) -> str:
    """Return ``host`` to bind to; refuse a non-loopback address unless the user chose it explicitly."""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        raise InputError(f"--bind {host!r} is not an IP address.") from None
    if not loopback and not explicit:
        raise InputError(f"refusing to serve on the non-loopback address {host}; pass --bind {host} to mean it.")
    return host


def load_store(kg: KnowledgeGraph, location: Path, what: str = "all", inference: str = "owlrl") -> int:
    """Load the export of ``kg`` into a new oxigraph store at ``location``.

    :returns: the number of triples in the default graph
    """
    what = {"all": "all", "asserted": "asserted"}.get(what)
    if what is None:
        raise InputError("--what must be asserted or all for serve.")
    staging = location.parent / (location.name + "-files")
    staging.mkdir(parents=True, exist_ok=True)
    merged = ex.quads(kg, what, "all", inference, named=False)
    nt = staging / "graph.nt"
    nq = staging / "graph.nq"
    nt.write_bytes(ex.serialize(merged, "ntriples"))
    nq.write_bytes(ex.serialize(ex.quads(kg, what, "all", inference, named=True), "nquads"))
    command = [oxigraph_binary(), "load", "--location", str(location), "--file", str(nt), str(nq)]
    done = subprocess.run(command, capture_output=True, text=True)
    shutil.rmtree(staging, ignore_errors=True)
    if done.returncode != 0:
        raise EndpointError(f"oxigraph could not load the graph: {done.stderr.strip().splitlines()[-1:]}")
    return len({(s, p, o) for s, p, o, _ in merged})


def _wait_ready(process: subprocess.Popen, url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            message = process.stderr.read().decode(errors="replace").strip() if process.stderr else ""
            raise EndpointError(
                f"the oxigraph server stopped at once: {message or 'no message'} "
                "(is the port already in use? pick another with --port)."
            )
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise EndpointError("the oxigraph server did not answer in time.")


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def _open_front(host: str, port: int, upstream: str, kg: KnowledgeGraph):
    from jcgraph.publish.query_page import QueryFront

    try:
        return QueryFront((host, port), upstream, kg)
    except OSError as exc:
        raise EndpointError(
            f"cannot listen on {host} port {port}: {exc.strerror or exc} (is the port already in use? "
            "pick another with --port)."
        ) from None


class _Stop(Exception):
    """SIGTERM received."""


def serve(
    kg: KnowledgeGraph,
    port: int = 7878,
    what: str = "all",
    bind: str = LOOPBACK,
    inference: str = "owlrl",
    explicit_bind: bool = False,
    announce: Callable[[str], None] | None = None,
) -> int:
    """Serve ``kg`` read-only over SPARQL until interrupted; clean up the temporary store afterwards.

    :param kg: the loaded graph
    :param port: the TCP port
    :param what: ``all`` (asserted plus inferred triples, the default) or ``asserted``
    :param bind: the address to listen on (loopback unless ``explicit_bind``)
    :param announce: called with the lines to show the user (default: print to stderr)
    :returns: 0 when stopped by Ctrl-C or SIGTERM
    """
    host = check_bind(bind, explicit_bind)
    say = announce or (lambda text: print(text, file=sys.stderr, flush=True))
    binary = oxigraph_binary()
    workdir = Path(tempfile.mkdtemp(prefix="jcgraph-serve-"))
    process = None
    front = serving = None
    previous = signal.getsignal(signal.SIGTERM)

    def on_term(signum, frame):
        raise _Stop()

    try:
        signal.signal(signal.SIGTERM, on_term)
        store = workdir / "store"
        front = _open_front(host, port, "", kg)  # the user's port first: a busy port fails before any work
        count = load_store(kg, store, what, inference)
        inner = f"{LOOPBACK}:{_free_loopback_port()}"
        command = [binary, "serve-read-only", "--location", str(store), "--bind", inner]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait_ready(process, f"http://{inner}/query")
        front.upstream = f"http://{inner}/query"
        serving = threading.Thread(target=front.serve_forever, name="jcgraph-query-page", daemon=True)
        serving.start()
        address = f"[{host}]" if ":" in host else host
        base = f"http://{address}:{port}"
        say(f"SPARQL endpoint (read-only, {count:,} triples): {base}/query\nQuery page: {base}/\nPress Ctrl-C to stop.")
        process.wait()
        message = process.stderr.read().decode(errors="replace").strip() if process.stderr else ""
        raise EndpointError(f"the oxigraph server stopped: {message or 'no message'}.")
    except (KeyboardInterrupt, _Stop):
        say("stopped.")
        return 0
    finally:
        if front is not None:
            if serving is not None:
                front.shutdown()
            front.server_close()
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process is not None and process.stderr:
            process.stderr.close()
        shutil.rmtree(workdir, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)
