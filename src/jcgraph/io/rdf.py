"""Parsing RDF files safely: precise syntax errors, no network access, one format per extension."""

from __future__ import annotations

import io
import json
import logging
import re
import stat
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from jcgraph.errors import InputError, LimitExceeded, RDFSyntaxError
from jcgraph.limits import (
    DEFAULT_MAX_INPUT_BYTES,
    DEFAULT_MAX_INPUT_TRIPLES,
    DEFAULT_MAX_JSONLD_DEPTH,
    DEFAULT_MAX_LITERAL_CHARS,
    DEFAULT_MAX_NUMBER_CHARS,
    DEFAULT_MAX_SAMEAS_CLIQUE,
    DEFAULT_MAX_VALUES_PER_PROPERTY,
)

#: file extension -> (rdflib format name, pyoxigraph format or None)
#: Datatypes whose lexical space both engines check on load (this parser for the memory engine, the
#: store's literal check for the other): a value outside it is refused ("2014-13-45"^^xsd:date).
CHECKED_DATATYPES = (
    "integer",
    "decimal",
    "double",
    "float",
    "boolean",
    "date",
    "dateTime",
    "time",
    "gYear",
    "gYearMonth",
    "duration",
)

FORMATS: dict[str, tuple[str, ox.RdfFormat | None]] = {
    ".ttl": ("turtle", ox.RdfFormat.TURTLE),
    ".turtle": ("turtle", ox.RdfFormat.TURTLE),
    ".nt": ("nt", ox.RdfFormat.N_TRIPLES),
    ".nq": ("nquads", ox.RdfFormat.N_QUADS),
    ".trig": ("trig", ox.RdfFormat.TRIG),
    ".n3": ("n3", ox.RdfFormat.N3),
    ".rdf": ("xml", ox.RdfFormat.RDF_XML),
    ".owl": ("xml", ox.RdfFormat.RDF_XML),
    ".xml": ("xml", ox.RdfFormat.RDF_XML),
    ".jsonld": ("json-ld", None),
    ".json": ("json-ld", None),
}
FORMAT_NAMES = {
    "turtle": ".ttl",
    "ttl": ".ttl",
    "ntriples": ".nt",
    "nt": ".nt",
    "nquads": ".nq",
    "trig": ".trig",
    "n3": ".n3",
    "xml": ".rdf",
    "rdfxml": ".rdf",
    "jsonld": ".jsonld",
    "json-ld": ".jsonld",
    # media types, as Jena and pySHACL users write them
    "text/turtle": ".ttl",
    "application/n-triples": ".nt",
    "application/n-quads": ".nq",
    "application/trig": ".trig",
    "text/n3": ".n3",
    "application/rdf+xml": ".rdf",
    "application/ld+json": ".jsonld",
}

#: Limits on what a user hands jcgraph (graph files under ontology/ and data/ are not limited):
#: DEFAULT_MAX_INPUT_BYTES and DEFAULT_MAX_LITERAL_CHARS, defined with every other limit in jcgraph.limits.
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# rdflib logs a full traceback for every ill-typed literal; jcgraph reports those itself, once, clearly.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)


def _limit(variable: str, default: int) -> int:
    import os

    value = os.environ.get(variable)
    try:
        return int(value) if value else default
    except ValueError:
        raise InputError(f"{variable} must be a whole number, not {value!r}.") from None


def max_input_bytes() -> int:
    """The largest input file jcgraph reads (``JCGRAPH_MAX_INPUT_BYTES``, default 64 MB)."""
    return _limit("JCGRAPH_MAX_INPUT_BYTES", DEFAULT_MAX_INPUT_BYTES)


def max_literal_chars() -> int:
    """The longest literal accepted in an input file (``JCGRAPH_MAX_LITERAL_CHARS``, default 1,000,000)."""
    return _limit("JCGRAPH_MAX_LITERAL_CHARS", DEFAULT_MAX_LITERAL_CHARS)


def max_number_chars() -> int:
    """The longest numeric literal accepted in an input file (``JCGRAPH_MAX_NUMBER_CHARS``, default 100)."""
    return _limit("JCGRAPH_MAX_NUMBER_CHARS", DEFAULT_MAX_NUMBER_CHARS)


def max_jsonld_depth() -> int:
    """The deepest nesting of a JSON-LD document (``JCGRAPH_MAX_JSONLD_DEPTH``, default 100)."""
    return _limit("JCGRAPH_MAX_JSONLD_DEPTH", DEFAULT_MAX_JSONLD_DEPTH)


def max_input_triples() -> int:
    """The most triples one input file may hold (``JCGRAPH_MAX_INPUT_TRIPLES``, default 500,000)."""
    return _limit("JCGRAPH_MAX_INPUT_TRIPLES", DEFAULT_MAX_INPUT_TRIPLES)


def max_values_per_property() -> int:
    """The most values of one subject and property in an input file (``JCGRAPH_MAX_VALUES_PER_PROPERTY``)."""
    return _limit("JCGRAPH_MAX_VALUES_PER_PROPERTY", DEFAULT_MAX_VALUES_PER_PROPERTY)


def max_sameas_clique() -> int:
    """The most IRIs one input file may join by ``owl:sameAs`` (``JCGRAPH_MAX_SAMEAS_CLIQUE``, default 100).

    OWL RL makes every member of a clique carry every statement of every other: n members cost n² copies.
    """
    return _limit("JCGRAPH_MAX_SAMEAS_CLIQUE", DEFAULT_MAX_SAMEAS_CLIQUE)


class _Cliques:
    """Union-find over the terms an input joins by ``owl:sameAs``: the size of each clique as it grows."""

    def __init__(self) -> None:
        self.parent: dict = {}
        self.size: dict = {}

    def _root(self, term):
        parent = self.parent
        parent.setdefault(term, term)
        while parent[term] != term:
            parent[term] = parent[parent[term]]
            term = parent[term]
        return term

    def join(self, a, b) -> int:
        """Join the cliques of ``a`` and ``b``; the size of the clique they are now in."""
        ra, rb = self._root(a), self._root(b)
        if ra == rb:
            return self.size.get(ra, 1)
        joined = self.size.get(ra, 1) + self.size.get(rb, 1)
        self.parent[rb] = ra
        self.size[ra] = joined
        return joined


_OWL_SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")


def format_for(path: Path, fmt: str | None = None) -> str:
    """Return the file extension that decides how ``path`` is parsed (``fmt`` overrides it)."""
    if fmt:
        ext = FORMAT_NAMES.get(fmt.lower())
        if ext is None:
            raise InputError(f"unknown RDF format {fmt!r}; use one of: {', '.join(sorted(set(FORMAT_NAMES)))}.")
        return ext
    ext = path.suffix.lower()
    if ext not in FORMATS:
        raise InputError(
            f"cannot tell the RDF format from the extension {ext or '(none)'!r}; "
            "name the file .ttl, .nt, .nq, .trig, .rdf or .jsonld, or pass --format.",
            path=str(path),
        )
    return ext


def read_bytes(path: Path, *, limited: bool = True) -> bytes:
    """Read a file for parsing, with clear errors for what is not a readable, reasonably sized file.

    :param path: the file, or ``-`` for stdin
    :param limited: apply the input-size limit (user input); False for the graph's own files
    """
    if str(path) == "-":
        import sys

        limit = max_input_bytes() if limited else None
        data = sys.stdin.buffer.read(limit + 1) if limit else sys.stdin.buffer.read()
        if limit and len(data) > limit:
            raise LimitExceeded(
                f"standard input is over the {limit:,}-byte input limit; raise JCGRAPH_MAX_INPUT_BYTES "
                "if this is intended.",
                path="-",
            )
        return data
    if not path.exists():
        raise InputError("no such file; check the path.", path=str(path))
    if path.is_dir():
        raise InputError("is a directory, not a file; name the RDF files inside it.", path=str(path))
    check_regular(path)
    limit = max_input_bytes() if limited else None
    size = path.stat().st_size
    if limit is not None and size > limit:
        raise LimitExceeded(
            f"the file is {size:,} bytes, over the {limit:,}-byte input limit; "
            "raise JCGRAPH_MAX_INPUT_BYTES if this is intended.",
            path=str(path),
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror}).", path=str(path)) from None


def check_regular(path: Path) -> None:
    """Refuse what is not a regular file (a FIFO, device or socket would block a reader, or never end).

    :raises InputError: naming the file and what it is
    """
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror}).", path=str(path)) from None
    if not stat.S_ISREG(mode):
        kind = (
            "a FIFO (named pipe)"
            if stat.S_ISFIFO(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "not a regular file"
        )
        raise InputError(
            f"is {kind}, not a regular file; jcgraph reads only regular files (use - to read standard input).",
            path=str(path),
        )


def to_rdflib(term, *, strict: bool = True):
    """Convert a pyoxigraph term to the equal rdflib term.

    :param strict: refuse a literal outside its datatype's lexical space (input checking); False keeps
        it as it is (terms read back from a store)
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        if strict:
            _check_number(term.value, datatype)
        if datatype == _RDF_XML_LITERAL:
            # pyoxigraph writes a parseType="Literal" value with its namespace declarations repeated,
            # which rdflib's XML check rejects; the value is kept as the text it is.
            return Literal(term.value, datatype=URIRef(datatype))
        literal = Literal(term.value, datatype=URIRef(datatype))
        if not strict:
            return literal
        pattern = _DATE_PATTERNS.get(datatype)  # rdflib accepts any text for these two
        if (pattern is None and literal.ill_typed) or (pattern is not None and not pattern.fullmatch(term.value)):
            raise _IllTypedLiteral(term.value, datatype)
        return literal
    raise _UnsupportedTerm(term)


def from_rdflib(term):
    """Convert an rdflib term to the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise InputError(f"unsupported RDF term {term!r}.")


class _UnsupportedTerm(Exception):
    """An RDF 1.2 / RDF-star triple term, which jcgraph's data model does not use."""


_DATE_PATTERNS = {
    "http://www.w3.org/2001/XMLSchema#gYearMonth": re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])(Z|[+-]\d\d:\d\d)?"),
    "http://www.w3.org/2001/XMLSchema#gYear": re.compile(r"-?\d{4,}(Z|[+-]\d\d:\d\d)?"),
    # rdflib's own check of gMonthDay depends on what else has registered converters: check it here
    "http://www.w3.org/2001/XMLSchema#gMonthDay": re.compile(
        r"--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d\d:\d\d)?"
    ),
}


_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_XML_LITERAL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral"
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_FLOAT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?|[+-]?INF|NaN")
#: The lexical forms of XSD's numeric types. Checked before rdflib converts a value: rdflib would turn
#: "1e999999999"^^xsd:decimal (not even a decimal) into a Decimal whose digits fill gigabytes.
_NUMBER_PATTERNS = {
    _XSD + "decimal": _DECIMAL,
    _XSD + "double": _FLOAT,
    _XSD + "float": _FLOAT,
    **{
        _XSD + name: _INTEGER
        for name in (
            "integer nonPositiveInteger negativeInteger long int short byte nonNegativeInteger "
            "unsignedLong unsignedInt unsignedShort unsignedByte positiveInteger"
        ).split()
    },
}


def _check_number(value: str, datatype: str) -> None:
    """Refuse a numeric literal outside its lexical space, or longer than the numeric-literal limit."""
    pattern = _NUMBER_PATTERNS.get(datatype)
    if pattern is None:
        return
    value = value.strip()
    longest = max_number_chars()
    if len(value) > longest:
        raise _IllTypedLiteral(
            value[:40] + "…",
            datatype,
            f"it has {len(value):,} characters, over the {longest}-"
            "character limit for numbers (JCGRAPH_MAX_NUMBER_CHARS)",
        )
    if not pattern.fullmatch(value):
        raise _IllTypedLiteral(value, datatype)


class _IllTypedLiteral(Exception):
    """A literal whose text is not in its datatype's lexical space, e.g. "2024-13-45"^^xsd:date."""

    def __init__(self, value: str, datatype: str, why: str = ""):
        super().__init__(value, datatype)
        self.value, self.datatype, self.why = value, datatype, why


def _line_of(data: bytes, needle: str) -> int | None:
    """The line where ``needle`` first occurs in ``data``, to point at a bad value."""
    index = data.find(needle.encode("utf-8"))
    return data[:index].count(b"\n") + 1 if index >= 0 else None


def _first_long_line(data: bytes, length: int) -> int | None:
    """The number of the first line longer than ``length`` bytes."""
    for number, line in enumerate(data.split(b"\n"), 1):
        if len(line) > length:
            return number
    return None


def _looks_like(data: bytes, ext: str) -> str:
    """A hint when the file is plainly not what its extension says."""
    head = data.lstrip()[:200].lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return " The file looks like an HTML page, not RDF; save the RDF itself, not the web page."
    if head.startswith((b"{", b"[")) and ext != ".jsonld":
        return " The file looks like JSON; if it is JSON-LD, name it .jsonld."
    return ""


def _short_datatype(datatype: str) -> str:
    return datatype.replace("http://www.w3.org/2001/XMLSchema#", "xsd:")


def parse_bytes(data: bytes, path: Path, ext: str, graph: Graph | None = None, *, limited: bool = True) -> Graph:
    """Parse ``data`` (the content of ``path``) into ``graph`` and return it.

    Turtle, N-Triples, N-Quads, TriG, N3 and RDF/XML go through pyoxigraph, which is fast and reports
    the line and column of a syntax error; JSON-LD goes through rdflib with every remote or file
    ``@context`` refused, so that parsing never touches the network or the disk. With ``limited``
    (user input), literals longer than :func:`max_literal_chars` are refused.
    """
    graph = graph if graph is not None else Graph()
    name = str(path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark is harmless; drop it rather than fail
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RDFSyntaxError(
            f"the file is not valid UTF-8 (byte {exc.start}); save it as UTF-8 and try again.", path=name, line=line
        ) from None
    if not data.strip():
        raise RDFSyntaxError("the file is empty; it holds no triples.", path=name)
    _, ox_format = FORMATS[ext]
    if ox_format is None:
        return _parse_jsonld(data, name, graph)
    if ox_format == ox.RdfFormat.RDF_XML and b"<!ENTITY" in data:
        # entity declarations enable "billion laughs" expansion and external-entity reads: refuse them
        raise RDFSyntaxError(
            "the RDF/XML declares XML entities (<!ENTITY ...>), which jcgraph refuses because they can expand "
            "without bound or read other files. Write the values out in full.",
            path=name,
            line=_line_of(data, "<!ENTITY"),
        )
    base = path.resolve().as_uri() if name != "-" else "file:///stdin"
    try:
        quads = ox.parse(input=data, format=ox_format, base_iri=base)
        add = graph.add
        longest = max_literal_chars() if limited else None
        most_triples = max_input_triples() if limited else None
        most_values = max_values_per_property() if limited else None
        most_same = max_sameas_clique() if limited else None
        cliques = _Cliques()
        values: dict[tuple, int] = {}
        for count, quad in enumerate(quads, 1):
            obj = quad.object
            if most_triples is not None:
                if count > most_triples:
                    raise LimitExceeded(
                        f"the file holds more than {most_triples:,} triples, the limit for one input file; split "
                        "it, or raise JCGRAPH_MAX_INPUT_TRIPLES if this is intended.",
                        path=name,
                    )
                key = (quad.subject, quad.predicate)
                values[key] = seen = values.get(key, 0) + 1
                if seen > most_values:
                    raise LimitExceeded(
                        f"{quad.subject} has more than {most_values:,} values of {quad.predicate}, the limit for "
                        "one subject and property; raise JCGRAPH_MAX_VALUES_PER_PROPERTY if this is intended.",
                        path=name,
                    )
                if quad.predicate == _OWL_SAME_AS and cliques.join(quad.subject, obj) > most_same:
                    raise LimitExceeded(
                        f"owl:sameAs joins more than {most_same:,} IRIs into one (around {quad.subject}), the "
                        "limit for one input file: OWL RL would copy every statement onto each of them. Say "
                        "which IRI is the one to keep, or raise JCGRAPH_MAX_SAMEAS_CLIQUE if this is intended.",
                        path=name,
                        line=_line_of(data, quad.subject.value) if isinstance(quad.subject, ox.NamedNode) else None,
                    )
            if longest is not None and isinstance(obj, ox.Literal) and len(obj.value) > longest:
                raise LimitExceeded(
                    f"a literal of {len(obj.value):,} characters is over the {longest:,}-character limit; "
                    "shorten it, or raise JCGRAPH_MAX_LITERAL_CHARS if this is intended.",
                    path=name,
                    line=_line_of(data, obj.value[:200]),
                )
            add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(obj)))
    except SyntaxError as exc:
        message = str(exc.msg if hasattr(exc, "msg") else exc)
        message = message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message
        raise RDFSyntaxError(
            f"syntax error: {message.rstrip('.')}.{_looks_like(data, ext)} Fix the file at that place and run the "
            "command again.",
            path=name,
            line=exc.lineno,
            column=exc.offset,
        ) from None
    except MemoryError:
        # pyoxigraph stops at 16 MB for one token: a literal or IRI far beyond any sane size
        longest = max_literal_chars()
        raise LimitExceeded(
            f"a literal or IRI is too long to read (over 16 MB; jcgraph accepts literals up to the {longest:,}-"
            "character limit, see JCGRAPH_MAX_LITERAL_CHARS). Shorten it.",
            path=name,
            line=_first_long_line(data, longest),
        ) from None
    except RecursionError:
        raise RDFSyntaxError("the file nests collections or blank nodes too deeply to read.", path=name) from None
    except _UnsupportedTerm:
        raise RDFSyntaxError(
            "the file uses RDF-star quoted triples (<< ... >>), which jcgraph does not support; state provenance "
            "or claims with a jc:Claim node instead.",
            path=name,
            line=_line_of(data, "<<"),
        ) from None
    except _IllTypedLiteral as bad:
        raise ill_typed_literal_error(bad.value, bad.datatype, name, data, why=bad.why) from None
    return graph


def ill_typed_literal_error(value: str, datatype: str, name: str, data: bytes, why: str = "") -> RDFSyntaxError:
    """The one error for a literal outside its datatype's lexical space, whichever engine read the file.

    :param value: the literal's text (cut and ending in "…" when long); :param datatype: its datatype IRI
    :param name: the file's name; :param data: its bytes (to find the line)
    :param why: what is wrong with it, when more than "not in the lexical space" (e.g. too long)
    """
    hint = (
        " Write dates as YYYY-MM-DD (xsd:date), YYYY-MM (xsd:gYearMonth) or YYYY (xsd:gYear)."
        if ("date" in datatype or "gYear" in datatype)
        else ""
    )
    because = f" ({why})" if why else ""
    return RDFSyntaxError(
        f"the value {value!r} is not a valid {_short_datatype(datatype)}{because}.{hint} Fix the value and "
        "run the command again.",
        path=name,
        line=_line_of(data, value.rstrip("…")),
    )


def _refuse_remote_contexts(node, name: str) -> None:
    """Walk a JSON-LD document and refuse any ``@context`` given by reference (URL or file)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@import" and isinstance(value, str):
                raise InputError(
                    f"the JSON-LD context imports {value!r}; jcgraph never fetches contexts from the network "
                    "or the disk. Inline the imported context in the document.",
                    path=name,
                )
            if key == "@context":
                contexts = value if isinstance(value, list) else [value]
                for ctx in contexts:
                    if isinstance(ctx, str):
                        raise InputError(
                            f"the JSON-LD @context refers to {ctx!r}; jcgraph never fetches contexts from the "
                            "network or the disk. Inline the context in the document.",
                            path=name,
                        )
                    _refuse_remote_contexts(ctx, name)
            else:
                _refuse_remote_contexts(value, name)
    elif isinstance(node, list):
        for item in node:
            _refuse_remote_contexts(item, name)


def _check_depth(document, name: str) -> None:
    """Refuse JSON nested deeper than :func:`max_jsonld_depth` (walked without recursion)."""
    deepest = max_jsonld_depth()
    stack = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            raise LimitExceeded(
                f"the JSON-LD nests more than {deepest} levels deep; flatten it, or raise JCGRAPH_MAX_JSONLD_DEPTH "
                "if this is intended.",
                path=name,
            )
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


def _parse_jsonld(data: bytes, name: str, graph: Graph) -> Graph:
    try:
        document = json.loads(data)
    except RecursionError:
        raise LimitExceeded(
            f"the JSON-LD nests too deeply to read (the limit is {max_jsonld_depth()} levels).", path=name
        ) from None
    except json.JSONDecodeError as exc:
        raise RDFSyntaxError(f"not valid JSON: {exc.msg}.", path=name, line=exc.lineno, column=exc.colno) from None
    _check_depth(document, name)
    _refuse_remote_contexts(document, name)
    try:
        graph.parse(io.BytesIO(data), format="json-ld")
    except Exception as exc:  # rdflib raises many types here; all are the input's fault
        raise RDFSyntaxError(f"not valid JSON-LD: {exc}.", path=name) from None
    return graph


def parse_file(path: Path | str, fmt: str | None = None, graph: Graph | None = None, *, limited: bool = True) -> Graph:
    """Parse one RDF file (or ``-`` for stdin) into ``graph`` (a new one by default).

    :param path: the file
    :param fmt: a format name (``turtle``, ``nt``, ``jsonld``, ...) overriding the extension
    :param graph: the graph to add the triples to
    :param limited: apply the input limits (for user input; False for the graph's own files)
    :returns: the graph
    :raises InputError: the file is missing, unreadable, too large or not valid RDF
    """
    path = Path(path)
    ext = format_for(path, fmt or ("turtle" if str(path) == "-" else None))
    return parse_bytes(read_bytes(path, limited=limited), path, ext, graph, limited=limited)
