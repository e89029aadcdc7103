"""A pyoxigraph-backed store for large graphs: the fast path behind :mod:`jcgraph.graph.loading`.

Asserted triples go into one named graph (:data:`ASSERTED`) so that the union of several files stays a
set, as in rdflib; each inference mode's additions go into a graph of their own (:func:`inferred_graph`),
so asserted and inferred triples stay apart. Queries choose their default graph accordingly.

A store is either in memory (parsed on every run, about a second per 300,000 triples) or on disk
under the cache folder, keyed by the content of every input file and rule, so that a second command
on an unchanged graph opens it in milliseconds instead of parsing again.
"""

from __future__ import annotations

import gc
import io
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from jcgraph.backends.oxigraph.literals import LiteralScan
from jcgraph.errors import InputError, RDFSyntaxError
from jcgraph.graph.canonical import canonical_lines
from jcgraph.io.rdf import FORMATS, format_for, from_rdflib
from jcgraph.io.rdf import to_rdflib as _to_rdflib
from jcgraph.limits import STORE_FROM_BYTES
from jcgraph.namespaces import GRAPH, PREFIXES, bind_prefixes, inferred_graph_iri

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: The named graph that holds every asserted triple.
ASSERTED = ox.NamedNode(str(GRAPH) + "_asserted")
#: Default size (triples, estimated from bytes) from which :func:`open_store` keeps an on-disk copy.
#: From about ten thousand triples, the store beats rdflib + pySHACL/owlrl by 10-100x (bench/results.md:
#: at 10k, whole validation 0.2 s vs 7.5 s, inference 0.1 s vs 8 s); below, rdflib is quick enough.
ON_DISK_FROM_BYTES = STORE_FROM_BYTES  # one threshold: jcgraph.limits
_READY = "jcgraph-store-ready"


def inferred_graph(mode: str) -> ox.NamedNode:
    """The named graph that holds the triples inference ``mode`` adds."""
    return ox.NamedNode(str(inferred_graph_iri(mode)))


# -- term conversion ---------------------------------------------------------------------------------


def to_rdflib(term):
    """Convert a pyoxigraph term read from the store to rdflib (ill-typed literals kept as they are).

    The store's terms are already valid (pyoxigraph checked IRIs and language tags when they came in), so
    IRIs and plain or language-tagged strings are built without rdflib's checks: that conversion, not the
    query, was most of the time of a query with many rows. Typed literals go through rdflib (which parses
    their value), once per distinct lexical form and datatype. None (an unbound variable) stays None.
    """
    kind = type(term)
    if kind is ox.NamedNode:
        return _iri(term.value)
    if kind is ox.Literal:
        if term.language:
            return _string(term.value, term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return _string(term.value, None)
        return _typed(term.value, datatype)
    if term is None:
        return None
    return _to_rdflib(term, strict=False)


def _reads_schema(demand) -> bool:
    """Whether a query reading ``demand`` can see owlrl's closure of the ontology alone.

    That closure only adds what the compiled rules do not derive: triples about the vocabulary (class
    and property hierarchy, domains, ranges) and the typing of terms (``owl:Class``, ``rdfs:Datatype``);
    ``tests/test_demand.py`` checks the ontology's closure holds nothing else. A query reading neither
    is spared owlrl's half second.
    """
    from rdflib.namespace import RDF

    from jcgraph.backends.oxigraph.infer import META_CLASSES, SCHEMA_PREDICATES

    if demand is None or demand.classes is None:
        return True
    predicates = {str(p) for p in SCHEMA_PREDICATES} | {str(RDF.type)}
    return bool(demand.predicates & predicates) or bool(demand.classes & {str(c) for c in META_CLASSES})


def term_converter():
    """A :func:`to_rdflib` that remembers its answers: result rows repeat terms (states, forms, dates)."""
    memo: dict = {}

    def convert(term):
        if term is None:  # an unbound variable
            return None
        found = memo.get(term)
        if found is None:
            found = memo[term] = to_rdflib(term)
        return found

    return convert


def _checked_iri(value: str) -> URIRef:
    return URIRef(value)


def _checked_string(value: str, language: str | None) -> Literal:
    return Literal(value, lang=language)


@lru_cache(maxsize=1 << 16)
def _typed(value: str, datatype: str) -> Literal:
    return Literal(value, datatype=URIRef(datatype))


def _unchecked_iri(value: str) -> URIRef:
    return str.__new__(URIRef, value)


def _unchecked_string(value: str, language: str | None) -> Literal:
    # the attributes rdflib's Literal.__new__ sets for a plain or language-tagged string
    literal = str.__new__(Literal, value)
    literal._language = language
    literal._datatype = None
    literal._value = value
    literal._ill_typed = None
    return literal


def _same_as_rdflib() -> bool:
    """Whether the unchecked constructors build exactly what rdflib does (they rely on its internals)."""
    try:
        samples = [("x", None), ("Rabat", "fr"), ("", "en")]
        return all(
            _fields(_unchecked_string(v, lang)) == _fields(_checked_string(v, lang)) for v, lang in samples
        ) and repr(_unchecked_iri("https://example.org/a")) == repr(_checked_iri("https://example.org/a"))
    except Exception:
        return False


def _fields(literal: Literal) -> tuple:
    return (str(literal), literal.language, literal.datatype, literal.value, literal.ill_typed, literal.__slots__)


_iri, _string = (_unchecked_iri, _unchecked_string) if _same_as_rdflib() else (_checked_iri, _checked_string)


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building many acyclic objects (result rows, tuples of terms).

    Each few hundred new objects would otherwise start a collection that walks every live one: a third of
    the time of a query returning 40,000 rows, and hundreds of passes while inferring a million triples.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# -- the store ---------------------------------------------------------------------------------------


class GraphStore:
    """A loaded graph in pyoxigraph, with SPARQL over asserted or asserted+inferred triples."""

    def __init__(
        self,
        store: ox.Store,
        *,
        key: str,
        path: Path | None = None,
        files: Iterable[Path] = (),
        root: Path | None = None,
    ):
        """Wrap ``store`` (whose asserted triples are in :data:`ASSERTED`).

        :param store: the pyoxigraph store
        :param key: digest of the inputs the store was built from
        :param path: where it lives on disk, or None in memory
        :param files: the files it was built from
        :param root: the graph folder (for its rules), if known
        """
        self.store = store
        #: inference mode -> what the partial closure in the store was derived for (see ensure_inferred)
        self._partial: dict = {}
        self.key = key
        self.path = path
        self.files = list(files)
        self.root = root

    # datasets
    def default_graph(self, inference: str = "none", query: str | None = None) -> list[ox.NamedNode]:
        """The graphs a query with ``inference`` sees as its default graph.

        :param query: the query's text: in memory, only the part of the closure it reads is derived
        """
        graphs = [ASSERTED]
        if inference != "none":
            from jcgraph.backends.oxigraph.infer import inferred_graphs

            self.ensure_inferred(inference, query)
            graphs += inferred_graphs(self, inference)
        return graphs

    def ensure_inferred(self, mode: str, query: str | None = None) -> None:
        """Compute the closure for ``mode`` into its own graphs unless the store already holds it.

        :param query: a SPARQL query: derive only what it reads (:mod:`jcgraph.backends.oxigraph.demand`); a later query
            reading more derives the union of both
        """
        from jcgraph.backends.oxigraph import demand as demands
        from jcgraph.backends.oxigraph.infer import Unsupported, materialise

        if mode == "none" or self.has_inferred(mode):
            return
        if self.path is not None:
            # Never write into the shared on-disk store: other processes may be reading it (a writer's
            # compactions delete files their read-only handles still expect), and a whole closure would
            # be one transaction held in memory. Reason over an in-memory copy of the same files instead.
            memory = build(self.files, key=self.key)
            self.store, self.path = memory.store, None
        self._refuse_list_cycles()
        wanted = demands.of_query(query) if query is not None else None
        if wanted is not None:
            done = self._partial.get(mode)
            if done is not None and done.covers(wanted):
                return
            wanted = wanted | done if done is not None else wanted
        try:
            materialise(self, mode, demand=wanted)
            partial = not self.has_inferred(mode)
            if not partial or _reads_schema(wanted):
                self._add_schema_closure(mode)
            if partial and wanted is not None:
                self._partial[mode] = wanted
        except Unsupported:  # equality or class expressions: the reference reasoner does it, slowly
            self._owlrl_fallback(mode)

    def _refuse_list_cycles(self) -> None:
        """Refuse an rdf:List that loops back on itself, as the memory engine does before reasoning."""
        from jcgraph.backends.memory.infer import ListCycle

        loop = (
            "SELECT ?item WHERE { GRAPH ?g { ?l <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> ?next } "
            "?next <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>* ?l "
            "OPTIONAL { ?l <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?item } } LIMIT 1"
        )
        for solution in self.store.query(loop, use_default_graph_as_union=True):
            item = solution["item"]
            cycle = ListCycle(to_rdflib(item) if item is not None else None)
            cycle.name_file(self.files or ())
            raise cycle

    def _add_schema_closure(self, mode: str) -> None:
        """Add owlrl's conclusions about the vocabulary itself, computed on the (small) ontology files alone.

        The compiled rules cover the data; these cover the class and property hierarchy, the domains of
        super-properties and the like. With them the store's closure equals the reference path's.
        """
        from jcgraph.backends.oxigraph.infer import inferred_graphs

        if self.root is None:
            return
        ontology = (self.root / "ontology").resolve()
        schema_files = [path for path in self.files if path.resolve().is_relative_to(ontology)]
        target = ox.NamedNode(inferred_graph(mode).value + "/schema")
        graphs = [ASSERTED, *inferred_graphs(self, mode)]
        new = [
            ox.Quad(triple.subject, triple.predicate, triple.object, target)
            for triple in _schema_closure(schema_files, mode)
            if not any(ox.Quad(triple.subject, triple.predicate, triple.object, g) in self.store for g in graphs)
        ]
        self.store.extend(new)

    def _owlrl_fallback(self, mode: str) -> None:
        from jcgraph.backends.memory.infer import ListCycle, closure
        from jcgraph.graph.loading import rule_files

        target = ox.NamedNode(inferred_graph(mode).value + "/01")
        self.store.add_graph(target)
        rules = rule_files(self.root) if self.root is not None else []
        try:
            inferred = closure(self.to_rdflib(), mode, rules)
        except ListCycle as cycle:
            cycle.name_file(self.files or ())
            raise
        self.store.extend(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), target) for s, p, o in inferred)
        self.mark_inferred(mode)

    def has_inferred(self, mode: str) -> bool:
        """Whether the closure for ``mode`` has been computed (possibly empty) in this store."""
        marker = ox.Quad(
            inferred_graph(mode), ox.NamedNode(str(GRAPH) + "_complete"), ox.Literal("true"), inferred_graph(mode)
        )
        return marker in self.store

    def mark_inferred(self, mode: str) -> None:
        """Record that the closure for ``mode`` is complete (a quad kept out of every query's dataset)."""
        self.store.add(
            ox.Quad(
                inferred_graph(mode), ox.NamedNode(str(GRAPH) + "_complete"), ox.Literal("true"), inferred_graph(mode)
            )
        )

    # queries
    def query(self, text: str, inference: str = "none", substitutions: dict | None = None):
        """Run SPARQL (jcgraph's prefixes predeclared) and return pyoxigraph's result."""
        graphs = self.default_graph(inference, text)  # first: inference may move the store to memory
        try:
            return self.store.query(text, prefixes=PREFIXES, default_graph=graphs, substitutions=substitutions)
        except SyntaxError as exc:
            from jcgraph.errors import QueryError

            raise QueryError(f"the SPARQL query does not parse: {exc}.") from None

    def select(self, text: str, inference: str = "none") -> list[dict]:
        """Run a SELECT query; rows as dicts of variable name to rdflib term (unbound variables left out)."""
        result = self.query(text, inference)
        names = [v.value for v in result.variables]
        convert = term_converter()
        rows = []
        with gc_paused():
            for solution in result:
                row = dict(zip(names, map(convert, solution), strict=True))
                if None in row.values():
                    row = {name: value for name, value in row.items() if value is not None}
                rows.append(row)
        return rows

    def ask(self, text: str, inference: str = "none") -> bool:
        """Run an ASK query."""
        return bool(self.query(text, inference))

    def construct(self, text: str, inference: str = "none") -> Graph:
        """Run a CONSTRUCT or DESCRIBE query into a new rdflib graph."""
        graph = bind_prefixes(Graph())
        add = graph.add
        for triple in self.query(text, inference):
            add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return graph

    def count(self, inference: str = "none") -> int:
        """Number of triples: asserted, or asserted plus those ``inference`` adds."""
        total = 0
        for graph in self.default_graph(inference):
            result = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}")
            total += int(next(iter(result))["n"].value)
        return total

    def triples(self, subject=None, predicate=None, obj=None, inference: str = "none") -> Iterator[tuple]:
        """Rdflib triples matching a pattern (rdflib terms or None)."""
        s, p, o = (from_rdflib(t) if t is not None else None for t in (subject, predicate, obj))
        for graph in self.default_graph(inference):
            for quad in self.store.quads_for_pattern(s, p, o, graph):
                yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)

    def to_rdflib(self, inference: str = "none") -> Graph:
        """The whole graph as rdflib (for small graphs and for handing to pySHACL or owlrl)."""
        graph = bind_prefixes(Graph())
        add = graph.add
        for triple in self.triples(inference=inference):
            add(triple)
        return graph

    def inferred_rdflib(self, mode: str) -> Graph:
        """Only the triples inference ``mode`` adds, as rdflib."""
        graph = bind_prefixes(Graph())
        for target in self.default_graph(mode)[1:]:
            for quad in self.store.quads_for_pattern(None, None, None, target):
                graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return graph

    def sorted_ntriples(self, inference: str = "none") -> list[bytes]:
        """Every triple as an N-Triples line (no newline), sorted, blank nodes labelled by RDFC-1.0."""
        buffer = io.BytesIO()  # faster than dump(None) or a file (measured at 1M: 0.68 s, 1.07 s, 0.85 s)
        for graph in self.default_graph(inference):
            self.store.dump(buffer, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        data = buffer.getvalue()
        del buffer
        lines = canonical_lines(data)
        del data
        lines.sort()
        return lines

    def export_ntriples(self, output, inference: str = "none") -> None:
        """Write deterministic N-Triples: sorted lines, blank nodes labelled by RDFC-1.0.

        :param output: a path or a binary file
        :param inference: ``none``, or a mode whose inferred triples are written too
        """
        lines = self.sorted_ntriples(inference)
        _write(output, b"\n".join(lines) + (b"\n" if lines else b""))

    def export_turtle(self, output, inference: str = "none") -> None:
        """Write deterministic Turtle, streamed: triples sorted (subject, predicate, object), jcgraph's prefixes.

        The same graph always gives the same bytes, whatever the file order it was loaded in; blank nodes
        are named after what they hold. No rdflib graph is built.

        :param output: a path or a binary file
        :param inference: ``none``, or a mode whose inferred triples are written too
        """
        # N-Triples lines sort as (subject, predicate, object); oxigraph's Turtle writer then groups them.
        lines = self.sorted_ntriples(inference)
        # read through a stream of joined lines: one more copy of a large graph would cost its memory twice
        text = ox.serialize(
            ox.parse(io.BufferedReader(_JoinedLines(lines), 1 << 16), format=ox.RdfFormat.N_TRIPLES),
            None,
            format=ox.RdfFormat.TURTLE,
            prefixes=PREFIXES,
        )
        del lines
        # the writer lists prefixes in no fixed order: sort them so the bytes are stable
        head_end = 0
        while text.startswith(b"@prefix", head_end):
            head_end = text.index(b"\n", head_end) + 1
        header = b"".join(sorted(text[:head_end].splitlines(keepends=True)))
        _write(output, header, memoryview(text)[head_end:])

    def dump(self, output, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES, inference: str = "none") -> None:
        """Serialise asserted (plus inferred) triples to ``output`` (a path or binary file) without rdflib."""
        graphs = self.default_graph(inference)
        if len(graphs) == 1:
            self.store.dump(output, format=fmt, from_graph=ASSERTED)
            return
        triples = (
            ox.Triple(q.subject, q.predicate, q.object)
            for g in graphs
            for q in self.store.quads_for_pattern(None, None, None, g)
        )
        ox.serialize(triples, output, format=fmt)


class _JoinedLines(io.RawIOBase):
    """A read-only stream of ``lines`` each followed by a newline, joined a few thousand at a time."""

    def __init__(self, lines: list[bytes], per_chunk: int = 4096) -> None:
        super().__init__()
        self._lines, self._next, self._per_chunk = lines, 0, per_chunk
        self._chunk, self._at = memoryview(b""), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._at == len(self._chunk):
            if self._next >= len(self._lines):
                return 0
            piece = self._lines[self._next : self._next + self._per_chunk]
            self._next += self._per_chunk
            self._chunk, self._at = memoryview(b"\n".join(piece) + b"\n"), 0
        size = min(len(buffer), len(self._chunk) - self._at)
        buffer[:size] = self._chunk[self._at : self._at + size]
        self._at += size
        return size


def _write(output, *chunks) -> None:
    """Write ``chunks`` to ``output``: a path (created or replaced) or a binary file."""
    if isinstance(output, (str, os.PathLike)):
        with open(output, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
    else:
        for chunk in chunks:
            output.write(chunk)


_BLANK = re.compile(rb"_:[A-Za-z0-9]+")


def _schema_closure(paths: list[Path], mode: str) -> list[ox.Triple]:
    """The owlrl closure of the ontology files alone, cached on disk by their content (owlrl takes ~0.5 s)."""
    from jcgraph.backends.memory.infer import closure
    from jcgraph.graph.digest import cache_dir, file_digest, read_checked, write_checked
    from jcgraph.graph.digest import content_key as content_key_of
    from jcgraph.io.rdf import parse_file

    directory = cache_dir()
    key = content_key_of("schema", [mode] + [p.name + "\0" + file_digest(p) for p in sorted(paths)])
    cached = directory / f"schema-{mode}-{key}.nt" if directory else None
    data = read_checked(cached) if cached is not None else None  # None: absent or damaged (then deleted)
    if data is not None:
        try:
            return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError:  # whole but unreadable: recomputed, never trusted
            cached.unlink(missing_ok=True)
    schema = bind_prefixes(Graph())
    for path in paths:
        parse_file(path, graph=schema, limited=False)
    triples = [ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in closure(schema, mode, [])]
    if cached is not None:
        write_checked(cached, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    return triples


# -- building and opening ----------------------------------------------------------------------------


def content_key(paths: Iterable[Path], digests: Iterable[str] | None = None, extra: Iterable[Path] = ()) -> str:
    """A digest of the files a store is built from (plus ``extra`` files such as rules) and jcgraph's version.

    :param paths: the RDF files, in load order
    :param digests: their SHA-256 digests if already known
    :param extra: further files whose change must invalidate the store (rules)
    """
    from jcgraph.graph.digest import content_key as content_key_of
    from jcgraph.graph.digest import file_digest

    paths = list(paths)
    digests = list(digests) if digests is not None else [file_digest(p) for p in paths]
    parts = [path.name + "\0" + digest for path, digest in zip(paths, digests, strict=False)]
    return content_key_of("store", parts + ["rules"] + [file_digest(path) for path in extra])


def _own_parser_files(paths: list[Path]) -> list[Path]:
    """The files pyoxigraph parses itself (the others go through jcgraph.io.rdf, which checks their literals)."""
    return [p for p in paths if FORMATS[format_for(p)][1] is not None and not _needs_the_checked_parser(p)]


def _load_into(store: ox.Store, paths: list[Path], own: list[Path], bulk: bool) -> None:
    """Load ``paths`` into :data:`ASSERTED`; ``own`` are those pyoxigraph parses itself."""
    if bulk:
        # one bulk load for every plain file: each bulk load writes its own files on disk (~65 ms each,
        # ten minutes for 10,000 small files); JSON-LD and the files the checked parser reads go one by one
        store.bulk_extend(quad for path in own for quad in _quads_of(path))
    chosen = set(own)
    for path in paths:
        ext = format_for(path)
        if path in chosen:
            if not bulk:
                with _worded_errors(path, ext):
                    store.load(
                        path=str(path), format=FORMATS[ext][1], base_iri=path.resolve().as_uri(), to_graph=ASSERTED
                    )
        elif FORMATS[ext][1] is None:  # JSON-LD: parsed safely by rdfio, then copied in
            from jcgraph.io.rdf import parse_file

            graph = parse_file(path, limited=False)
            store.extend(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), ASSERTED) for s, p, o in graph)
        else:
            with _worded_errors(path, ext):
                _load_checked(store, path, ext)


@contextmanager
def _worded_errors(path: Path, ext: str) -> Iterator[None]:
    """Turn pyoxigraph's parse and read errors into jcgraph's, naming the file, line and column."""
    try:
        yield
    except SyntaxError as exc:
        # the memory engine's parser words the error (same message, line and hints on both engines)
        _load_checked(ox.Store(), path, ext)
        message = str(exc.msg if hasattr(exc, "msg") else exc)
        raise RDFSyntaxError(
            f"syntax error: {message}. Fix the file at that place and run the command again.",
            path=str(path),
            line=exc.lineno,
            column=exc.offset,
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc}).", path=str(path)) from None


def _needs_the_checked_parser(path: Path) -> bool:
    """Files the store would read differently from jcgraph.io.rdf: empty, with a byte-order mark, or RDF-star.

    Reading the head and scanning for ``<<`` costs little next to parsing; such files go through the checked
    parser, so both engines accept and refuse the same files with the same words.
    """
    data = path.read_bytes()
    return not data or data.isspace() or data.startswith(b"\xef\xbb\xbf") or b"<<" in data


def _load_checked(store: ox.Store, path: Path, ext: str) -> None:
    """Parse ``path`` with jcgraph.io.rdf (its checks and error messages), then copy its triples in."""
    from jcgraph.io.rdf import parse_bytes, read_bytes

    graph = parse_bytes(read_bytes(path, limited=False), path, ext, bind_prefixes(Graph()), limited=False)
    store.extend(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), ASSERTED) for s, p, o in graph)


def _quads_of(path: Path) -> Iterator[ox.Quad]:
    """The triples of a plain (non-JSON-LD) file as quads in :data:`ASSERTED`, with :func:`_load_into`'s errors."""
    ext = format_for(path)
    with _worded_errors(path, ext):
        for quad in ox.parse(path=str(path), format=FORMATS[ext][1], base_iri=path.resolve().as_uri()):
            yield ox.Quad(quad.subject, quad.predicate, quad.object, ASSERTED)


def build(paths: list[Path], *, key: str | None = None, directory: Path | None = None) -> GraphStore:
    """Parse ``paths`` into a new store, in memory or (``directory``) on disk.

    :param paths: RDF files, loaded into :data:`ASSERTED`
    :param key: the inputs' digest (computed when None)
    :param directory: where to keep an on-disk store; None for memory
    """
    key = key or content_key(paths)
    if directory is None:
        store = ox.Store()
        own = _own_parser_files(paths)
        scan = LiteralScan(own)  # on a thread while the store loads
        _load_into(store, paths, own, bulk=False)
        scan.check(store, paths)
        return GraphStore(store, key=key, files=paths)
    directory.parent.mkdir(parents=True, exist_ok=True)
    building = directory.with_name(directory.name + f".building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    store = ox.Store(str(building))
    try:
        own = _own_parser_files(paths)
        scan = LiteralScan(own)
        _load_into(store, paths, own, bulk=True)
        scan.check(store, paths)
        store.flush()
    except BaseException:
        del store
        shutil.rmtree(building, ignore_errors=True)
        raise
    del store  # close it before it moves
    (building / _READY).write_text(key, encoding="utf-8")
    try:
        os.replace(building, directory)
    except OSError:  # another process finished first: use its copy
        shutil.rmtree(building, ignore_errors=True)
    return open_cached(directory, key, paths)


def open_cached(directory: Path, key: str, paths: list[Path]) -> GraphStore:
    """Open a complete on-disk store read-only (several commands may read it at once)."""
    return GraphStore(ox.Store.read_only(str(directory)), key=key, path=directory, files=paths)


def store_dir(key: str) -> Path | None:
    """Where the on-disk store for ``key`` lives, or None when caching is disabled."""
    from jcgraph.graph.digest import cache_dir

    base = cache_dir()
    return base / f"store-{key[:32]}" if base else None


def open_files(
    paths: list[Path],
    *,
    digests: list[str] | None = None,
    rules: Iterable[Path] = (),
    on_disk: bool | None = None,
    root: Path | None = None,
) -> GraphStore:
    """Open a store over ``paths``: from the on-disk cache when it is there, else by parsing them.

    :param paths: RDF files in load order
    :param digests: their SHA-256 digests if known (saves reading them twice)
    :param rules: rule files whose change invalidates cached closures
    :param on_disk: keep an on-disk copy (True), never (False), or when the inputs are large (None)
    :param root: the graph folder, for its rules
    """
    key = content_key(paths, digests, rules)
    directory = store_dir(key)
    if on_disk is not False and directory is not None and (directory / _READY).is_file():
        try:
            graph_store = open_cached(directory, key, paths)
        except OSError:  # damaged or locked: rebuild in memory rather than fail
            graph_store = build(paths, key=key)
    else:
        if on_disk is None:
            on_disk = sum(p.stat().st_size for p in paths) >= ON_DISK_FROM_BYTES
        graph_store = build(paths, key=key, directory=directory if on_disk and directory else None)
    graph_store.root = root
    return graph_store


def open_store(
    root: str | os.PathLike | None = None, extra: Iterable[str | os.PathLike] = (), *, on_disk: bool | None = None
) -> GraphStore:
    """Open the graph under ``root`` (as :func:`jcgraph.graph.loading.load` finds it) in a pyoxigraph store.

    :param root: the graph folder (``--root``), or None for the default
    :param extra: further RDF files to load with it
    :param on_disk: see :func:`open_files`
    :returns: the store

    >>> store = open_store()
    >>> store.count() > 1000
    True
    """
    from jcgraph.graph.loading import find_root, graph_files, rule_files

    base = find_root(root)
    paths = graph_files(base) + [Path(p) for p in extra]
    for path in paths:
        if not path.is_file():
            raise InputError("no such file; check the path.", path=str(path))
    return open_files(paths, rules=rule_files(base), on_disk=on_disk, root=base)


def store_for(kg: KnowledgeGraph, *, on_disk: bool | None = None) -> GraphStore:
    """A store over the same files as an already loaded :class:`~jcgraph.graph.loading.KnowledgeGraph`."""
    from jcgraph.graph.loading import rule_files

    paths = [f.path for f in kg.files]
    return open_files(
        paths, digests=[f.digest for f in kg.files], rules=rule_files(kg.root), on_disk=on_disk, root=kg.root
    )
