"""The store's check of typed literals: a value outside its datatype's lexical space is refused on load.

The memory engine's parser refuses ``"2014-13-45"^^xsd:date``; the store's parser keeps it. Checking
every literal of a loaded store with SPARQL costs about a quarter of a million-triple load, so the
files are scanned first: in Turtle, TriG, N-Triples and N-Quads a literal of a checked datatype is
either a bare number or boolean (valid by the grammar) or written ``"value"^^datatype``. The scan
finds each ``^^``, reads the value and the datatype beside it, and only the distinct candidates are
cast. Anything the scan cannot read plainly (escapes, long strings, ``^^`` in a comment, RDF/XML, a
relative datatype IRI) or a candidate the cast refuses sends the whole store through the SPARQL check,
which alone words the error: the scan can make the check slower, never let an ill-typed literal in.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import XSD

from jcgraph.io.rdf import CHECKED_DATATYPES, FORMATS, format_for

_CHECKED = frozenset(CHECKED_DATATYPES)

_ILL_TYPED = (
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } "
    "FILTER(isLiteral(?o)) BIND(DATATYPE(?o) AS ?d) FILTER(?d IN ("
    + ", ".join(f"xsd:{name}" for name in CHECKED_DATATYPES)
    + ")) BIND("
    + "".join(f"IF(?d = xsd:{name}, xsd:{name}(STR(?o)), " for name in CHECKED_DATATYPES)
    + "?o"
    + ")" * len(CHECKED_DATATYPES)
    + " AS ?v) FILTER(!BOUND(?v)) } LIMIT 1"
)

_SCANNED_FORMATS = frozenset({"turtle", "trig", "nt", "nquads"})
# the datatype after ``^^``: an absolute IRI, or a prefixed name; then what may follow a term
_DATATYPE = re.compile(rb"<([A-Za-z][A-Za-z0-9+.-]*:[^>\s\\]*)>|[A-Za-z]?[\w.-]*:([A-Za-z][\w-]*(?:\.[\w-]+)*)")
_AFTER_TERM = frozenset(b" \t\r\n;,.)]}#")


class LiteralScan:
    """The scan of the files the store's own parser reads, run on a thread while the store loads them.

    pyoxigraph's load releases the GIL, so on two cores the scan costs no wall time; :meth:`check`
    waits for it, then runs the full SPARQL check only when the scan could not clear every literal.
    """

    def __init__(self, paths: list[Path]) -> None:
        self._clean = False
        self._thread = threading.Thread(target=self._run, args=(list(paths),), name="jcgraph-literal-scan", daemon=True)
        self._thread.start()

    def _run(self, paths: list[Path]) -> None:
        try:
            candidates = typed_literals(paths)
            self._clean = candidates is not None and not _any_ill_typed(candidates)
        except Exception:  # unreadable now (the load words that): the full check decides
            self._clean = False

    def check(self, store: ox.Store, paths: list[Path]) -> None:
        """Refuse an ill-typed literal of ``store`` (loaded from ``paths``), as :func:`check_literals`."""
        self._thread.join()
        if not self._clean:
            check_literals(store, paths)


def check_literals(store: ox.Store, paths: list[Path]) -> None:
    """Refuse an ill-typed literal with the memory engine's error, naming the file and line (exit 2).

    The full check: every literal of the store. :class:`LiteralScan` spares it where the files show
    their literals plainly.

    :raises RDFSyntaxError: a literal is outside its datatype's lexical space
    """
    from jcgraph.io.rdf import ill_typed_literal_error

    for solution in store.query(_ILL_TYPED):
        bad = solution["o"]
        needle = bad.value.encode("utf-8")
        where = next((p for p in paths if needle in p.read_bytes()), paths[0] if paths else Path("<store>"))
        data = where.read_bytes() if where.is_file() else b""
        raise ill_typed_literal_error(bad.value, bad.datatype.value, str(where), data)


def typed_literals(paths: list[Path]) -> set[tuple[str, str]] | None:
    """The distinct ``(value, datatype name)`` of checked datatypes written in ``paths``, or None.

    ``paths`` are files the store's own parser reads (jcgraph.io.rdf checks the others as it parses).

    None when a file holds something the scan cannot read plainly: then only the full check can tell.
    """
    found: set[tuple[bytes, bytes]] = set()
    for path in paths:
        if FORMATS[format_for(path)][0] not in _SCANNED_FORMATS:
            return None
        if not _scan(path.read_bytes(), found):
            return None
    try:
        return {(value.decode("utf-8"), name.decode("ascii")) for value, name in found}
    except UnicodeDecodeError:
        return None


def _scan(data: bytes, found: set[tuple[bytes, bytes]]) -> bool:
    """Add the file's checked candidates to ``found``; False when some ``^^`` cannot be read plainly."""
    find, rfind, match = data.find, data.rfind, _DATATYPE.match
    xsd = str(XSD).encode()
    at = find(b"^^")
    while at != -1:
        quote = data[at - 1 : at]
        if quote not in (b'"', b"'"):
            return False
        start = rfind(quote, 0, at - 1)
        datatype = match(data, at + 2)
        if start < 0 or datatype is None or data[start - 1 : start] == b"\\":
            return False  # no opening quote, no plain datatype, or an escaped quote inside the value
        end = datatype.end()
        if end < len(data) and data[end] not in _AFTER_TERM:
            return False  # an escape or other character the plain reading would cut short
        value = data[start + 1 : at - 1]
        if b"\\" in value or b"\n" in value or b"\r" in value:
            return False
        iri, local = datatype.group(1), datatype.group(2)
        if iri is not None:
            name = iri[len(xsd) :] if iri.startswith(xsd) else None
        else:
            name = local  # any prefix: a namesake of another vocabulary is cast too, which is only slower
        if name is not None and name.decode("ascii", "replace") in _CHECKED:
            found.add((value, name))
        at = find(b"^^", end)
    return True


def _any_ill_typed(candidates: set[tuple[str, str]]) -> bool:
    """Whether some candidate is refused by the cast the full check uses (run on the candidates alone)."""
    if not candidates:
        return False
    scratch = ox.Store()
    graph, predicate = ox.NamedNode("urn:jcgraph:scan"), ox.NamedNode("urn:jcgraph:value")
    scratch.extend(
        ox.Quad(ox.BlankNode(), predicate, ox.Literal(value, datatype=ox.NamedNode(str(XSD[name]))), graph)
        for value, name in candidates
    )
    return any(True for _ in scratch.query(_ILL_TYPED))
