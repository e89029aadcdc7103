"""Every limit jcgraph applies, with its default, in one place.

Each limit can be raised (or lowered) without editing code:

- the largest input file a user hands jcgraph: ``JCGRAPH_MAX_INPUT_BYTES`` (64 MB);
- the longest literal in such a file: ``JCGRAPH_MAX_LITERAL_CHARS`` (1,000,000 characters);
- the longest numeric literal: ``JCGRAPH_MAX_NUMBER_CHARS`` (100 characters);
- the deepest JSON-LD nesting: ``JCGRAPH_MAX_JSONLD_DEPTH`` (100 levels);
- the triples of one input file: ``JCGRAPH_MAX_INPUT_TRIPLES`` (500,000);
- the values of one subject and property in one input file: ``JCGRAPH_MAX_VALUES_PER_PROPERTY`` (1,000);
- the IRIs joined by ``owl:sameAs`` into one clique in one input file: ``JCGRAPH_MAX_SAMEAS_CLIQUE`` (100);
- the time reasoning (``--inference rdfs|owlrl``) may take: ``JCGRAPH_MAX_REASONING_SECONDS`` (120 s);
- the size of a query's text: ``JCGRAPH_MAX_QUERY_BYTES`` (100,000 bytes);
- the time a query may take: ``jcgraph query --timeout SECONDS`` (60 s; 0 for none);
- the size of a query result: ``jcgraph query --max-rows N`` (100,000 rows or triples; 0 for none);
- the time one request to a store may take: ``jcgraph push --timeout SECONDS`` (60 s, the whole answer;
  plus a second per MB sent);
- the size of an endpoint's answer to ``jcgraph query --endpoint``: ``JCGRAPH_MAX_RESPONSE_BYTES`` (256 MB);
- the size of a store's answer during ``jcgraph push`` (its COUNT included): 1 MB, fixed;
- redirects followed: 5, only to the same scheme, host and port, and only 307/308 (which keep the
  method and body); a redirect to another host is refused, so credentials never go anywhere else;
- how long an add waits for another add holding the lock: ``JCGRAPH_LOCK_TIMEOUT`` (300 s).

The graph's own files (``ontology/`` and ``data/``) are never limited in size.
"""

from __future__ import annotations

import os
import threading

from jcgraph.errors import InputError

DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_LITERAL_CHARS = 1_000_000
DEFAULT_MAX_NUMBER_CHARS = 100
DEFAULT_MAX_JSONLD_DEPTH = 100
DEFAULT_MAX_INPUT_TRIPLES = 500_000
DEFAULT_MAX_VALUES_PER_PROPERTY = 1_000
DEFAULT_MAX_SAMEAS_CLIQUE = 100
DEFAULT_MAX_REASONING_SECONDS = 120.0
DEFAULT_MAX_QUERY_BYTES = 100_000
DEFAULT_QUERY_TIMEOUT = 60.0
DEFAULT_MAX_ROWS = 100_000
DEFAULT_REQUEST_TIMEOUT = 60.0
DEFAULT_LOCK_TIMEOUT = 300.0
DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024
MAX_STORE_ANSWER_BYTES = 1024 * 1024
MAX_REDIRECTS = 5

MAX_INPUT_BYTES_VAR = "JCGRAPH_MAX_INPUT_BYTES"
MAX_LITERAL_CHARS_VAR = "JCGRAPH_MAX_LITERAL_CHARS"
LOCK_TIMEOUT_VAR = "JCGRAPH_LOCK_TIMEOUT"
MAX_RESPONSE_BYTES_VAR = "JCGRAPH_MAX_RESPONSE_BYTES"


def from_env(variable: str, default: float, kind: type = int) -> float:
    """The value of ``variable`` in the environment, else ``default``.

    :param variable: the environment variable
    :param default: the value when it is unset or empty
    :param kind: ``int`` or ``float``
    :raises InputError: the variable is set to something that is not a number
    """
    value = os.environ.get(variable)
    if not value:
        return default
    try:
        return kind(value)
    except ValueError:
        noun = "a whole number" if kind is int else "a number"
        raise InputError(f"{variable} must be {noun}, not {value!r}.") from None


def help_text() -> str:
    """The limits in one paragraph, for the ``--help`` of the commands that read input."""
    return (
        f"limits: input files up to {DEFAULT_MAX_INPUT_BYTES // (1024 * 1024)} MB (raise with "
        f"{MAX_INPUT_BYTES_VAR}=BYTES), literals up to {DEFAULT_MAX_LITERAL_CHARS:,} characters "
        f"({MAX_LITERAL_CHARS_VAR}=N); the graph's own files are not limited. Nothing is fetched from the "
        "network while parsing: remote or file JSON-LD contexts, @import and XML entities are refused."
    )


#: From this many bytes of input files a graph is served by the pyoxigraph store (kept on disk, keyed by
#: content) rather than held in rdflib: about ten thousand triples (see jcgraph.backends.choose).
STORE_FROM_BYTES = 512 * 1024


def within_time(work, timeout: float | None, on_timeout: Exception | None):
    """Run ``work()`` in a daemon thread and wait at most ``timeout`` seconds for it.

    Neither rdflib's evaluator nor owlrl can be interrupted, so work over its time is abandoned (the
    thread finishes on its own, or ends with the process) and the caller gets ``on_timeout`` at once.
    """
    if not timeout:
        return work()
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed over to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, name="jcgraph-timed", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise on_timeout
    if "error" in box:
        raise box["error"]
    return box["value"]
