"""The query catalogue, safe parameter binding, and local or remote execution.

``queries/cq-NN-<slug>.rq`` files open with a machine-readable comment header::

    # name: agreements-between-states
    # question (en): Which agreements bind two given states ...?
    # question (fr): Quels accords lient deux États donnés ... ?
    # param: state1 state MAR one state (ISO code, name or IRI)
    # columns: agreement, label, form, party1, party2
    # inference: none
    # expected: see tests/test_catalogue.py

A ``param`` line gives the variable name, its type, an example (also the default, so a bare
``jcgraph query NAME`` runs) and a description. Values are bound without ever touching the query
text locally (rdflib ``initBindings``); for a remote endpoint a ``VALUES`` block built from escaped,
validated RDF terms is placed first in the outermost ``WHERE`` group. Either way a value is a single
RDF term and can never change the query's structure. Parameters must therefore be used in triple
patterns, or in ``FILTER``/``BIND`` of the outermost group (not only inside a nested group or a
sub-query), for local and remote answers to agree.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from jcgraph.backends.memory.infer import check_mode
from jcgraph.backends.protocol import QueryPlan
from jcgraph.backends.rows import check_rows
from jcgraph.errors import EndpointError, LimitExceeded, QueryError, untrusted
from jcgraph.io.results import QueryResult, normalise, nt_term, term_from_json
from jcgraph.limits import (
    DEFAULT_MAX_QUERY_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_ROWS,
    MAX_RESPONSE_BYTES_VAR,
    from_env,
    within_time,
)
from jcgraph.limits import DEFAULT_QUERY_TIMEOUT as DEFAULT_TIMEOUT
from jcgraph.namespaces import PREFIXES

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph

# DEFAULT_TIMEOUT (60 s) and DEFAULT_MAX_ROWS (100,000) come from jcgraph.limits, with every other limit.
#: Inference for a query without a header (an ad-hoc file or text): asserted triples only.
DEFAULT_INFERENCE = "none"
QUERY_DIR = "queries"
CHECK_DIR = "checks"

#: Parameter types whose values are things in the graph: the namespace of their IRIs, so a bare
#: name (``rabat``, ``extradition``, ``Morocco``) can be looked up.
ENTITY_TYPES = {
    "state": "state",
    "institution": "inst",
    "agreement": "agr",
    "event": "event",
    "place": "place",
    "post": "post",
    "person": "person",
    "source": "src",
    "subject": "ca",
    "crime-domain": "cd",
}
VALUE_TYPES = ("iri", "string", "date", "integer", "number", "any")
PARAM_TYPES = tuple(ENTITY_TYPES) + VALUE_TYPES

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_PREFIXED = re.compile(r"^([A-Za-z][A-Za-z0-9_.-]*)?:([^\s]*)$")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_NUMBER = {
    XSD.integer: re.compile(r"^[+-]?\d+$"),
    XSD.decimal: re.compile(r"^[+-]?\d*\.\d+$"),
    XSD.double: re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$"),
}
_HEADER = re.compile(r"^#\s*(?P<key>[a-z]+)(?:\s*\((?P<lang>[a-z]{2})\))?\s*:\s*(?P<value>.*)$")


@dataclass(frozen=True)
class Parameter:
    """A query parameter declared in the header: ``# param: NAME TYPE EXAMPLE DESCRIPTION``."""

    name: str
    type: str
    example: str
    description: str = ""


@dataclass
class CatalogueQuery:
    """A SPARQL query with its header: a catalogue entry, a check, or any query file or text."""

    text: str
    path: Path | None = None
    name: str = ""
    question: dict[str, str] = field(default_factory=dict)
    params: list[Parameter] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    inference: str | None = None
    expected: str = ""

    @property
    def ident(self) -> str:
        """The file stem (``cq-01-agreements-between-states``), or the header name, or ``query``."""
        return self.path.stem if self.path else (self.name or "query")

    @property
    def is_check(self) -> bool:
        """Whether this is a data-quality check that must return no rows (``*-violation.rq``)."""
        return self.ident.endswith("-violation")

    def where(self) -> str:
        """The file name for messages, or ``<query>`` for text."""
        return str(self.path) if self.path else "<query>"

    def parameter(self, name: str) -> Parameter | None:
        """The declared parameter called ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)


# ---- catalogue ---------------------------------------------------------------------------------


def parse_header(text: str, path: Path | None = None) -> CatalogueQuery:
    """Read a query's comment header into a :class:`CatalogueQuery`.

    The header is the run of ``#`` comment lines at the top; ``key: value`` lines are read, other
    comment lines are ignored. Unknown keys are ignored too, so headers can grow.

    :raises QueryError: a ``param`` line is malformed, or ``inference`` is not a mode
    """
    query = CatalogueQuery(text=text, path=path)
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if not match:
            continue
        key, lang, value = match["key"], match["lang"], match["value"].strip()
        if key == "name":
            query.name = value
        elif key == "question":
            query.question[lang or "en"] = value
        elif key == "columns":
            query.columns = [c.strip().lstrip("?") for c in value.split(",") if c.strip()]
        elif key == "inference":
            try:
                query.inference = check_mode(value)
            except Exception:
                raise QueryError(
                    f"the header gives inference {value!r}; use none, rdfs or owlrl.",
                    path=str(path) if path else None,
                    line=number,
                ) from None
        elif key == "expected":
            query.expected = value
        elif key == "param":
            query.params.append(_parse_param(value, path, number))
    return query


def _parse_param(value: str, path: Path | None, line: int) -> Parameter:
    parts = value.split(None, 3)
    if len(parts) < 3 or not _NAME.match(parts[0]) or parts[1] not in PARAM_TYPES:
        raise QueryError(
            f"a param line reads 'param: NAME TYPE EXAMPLE DESCRIPTION' with TYPE one of "
            f"{', '.join(PARAM_TYPES)}; got {value!r}.",
            path=str(path) if path else None,
            line=line,
        )
    return Parameter(parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else "")


def catalogue_dir(root=None) -> Path:
    """The ``queries/`` folder of the graph found by :func:`jcgraph.graph.loading.find_root`."""
    from jcgraph.graph.loading import find_root

    return find_root(root) / QUERY_DIR


def catalogue(root=None, checks: bool = False) -> list[CatalogueQuery]:
    """The catalogue queries (``queries/*.rq``), or the checks (``queries/checks/*.rq``), by file name."""
    folder = catalogue_dir(root)
    if checks:
        folder = folder / CHECK_DIR
    return [read_query_file(path) for path in sorted(folder.glob("*.rq"))]


def read_query_file(path: Path) -> CatalogueQuery:
    """Read a query file and its header.

    :raises QueryError: the file cannot be read or is not UTF-8
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(
            "no such query file; give a catalogue name (see `jcgraph queries`) or a path to a .rq file.", path=str(path)
        ) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise QueryError(
            f"the query file is not valid UTF-8 (byte {exc.start}); save it as UTF-8.", path=str(path), line=line
        ) from None
    except OSError as exc:
        raise QueryError(f"cannot read the query file ({exc.strerror or exc}).", path=str(path)) from None
    return parse_header(text, path)


_QUERY_START = re.compile(
    r"^\s*(#|(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|WITH|LOAD|CLEAR|"
    r"DROP|CREATE|ADD|MOVE|COPY)\s)",
    re.IGNORECASE,
)


def find(name_or_text: str, root=None) -> CatalogueQuery:
    """Find a query: ``-`` (stdin), a path to a query file, a catalogue name, or SPARQL text.

    A catalogue name matches the file stem (``cq-01-agreements-between-states``), the header name
    (``agreements-between-states``), the ``cq-NN`` prefix, or the number (``1``). Checks can be
    named the same way (``fact-without-source`` or ``fact-without-source-violation``).

    :raises QueryError: nothing matches (the message lists the catalogue)
    """
    if name_or_text == "-":
        return parse_header(sys.stdin.read())
    if "\n" in name_or_text or "{" in name_or_text or _QUERY_START.match(name_or_text):
        return parse_header(name_or_text)
    path = Path(name_or_text)
    if path.suffix == ".rq" or path.is_file():
        return read_query_file(path)
    return find_in_catalogue(name_or_text, root)


def find_in_catalogue(name: str, root=None) -> CatalogueQuery:
    """A catalogue query or check by name (see :func:`find`), never a file, stdin or text.

    For callers that take names from others (``jcgraph serve``'s ``/prepare``): no path is ever read.

    :raises QueryError: nothing matches (the message lists the catalogue)
    """
    name_or_text = name
    entries = catalogue(root) + catalogue(root, checks=True)
    wanted = name_or_text.strip().lower()
    if wanted.isdigit():
        wanted = f"cq-{int(wanted):02d}"
    for entry in entries:
        stem = entry.ident.lower()
        if wanted in (stem, entry.name.lower(), stem.removesuffix("-violation")) or (
            re.fullmatch(r"cq-\d+", wanted) and stem.startswith(wanted + "-")
        ):
            return entry
    names = ", ".join(e.ident for e in entries if not e.is_check)
    raise QueryError(
        f"no catalogue query is called {name_or_text!r}; known queries: {names}. "
        "A path to a .rq file or - (stdin) works too."
    )


# ---- parsing and checking a query ----------------------------------------------------------------


def check_query_size(query: CatalogueQuery) -> None:
    """Refuse a query text over ``JCGRAPH_MAX_QUERY_BYTES`` (default 100,000 bytes).

    Parsing is the one step no engine bounds: rdflib's parser takes seconds for tens of kilobytes of
    FILTER terms, and oxigraph's recursion can overflow its stack on hundreds of kilobytes.
    """
    limit = int(from_env("JCGRAPH_MAX_QUERY_BYTES", DEFAULT_MAX_QUERY_BYTES))
    size = len(query.text.encode("utf-8"))
    if size > limit:
        raise LimitExceeded(
            f"the query is {size:,} bytes, over the {limit:,}-byte limit for a query's text; shorten it (a long "
            "list of values reads better as a VALUES block or a parameter), or raise JCGRAPH_MAX_QUERY_BYTES.",
            path=query.where(),
        )


#: Prepared queries by text: rdflib's parser takes seconds on a long query (legal-bases), and the
#: report runs the same query once per relation. A prepared query is only read, never changed.
_PREPARED: dict[str, object] = {}
_PREPARED_MAX = 64


def prepare(query: CatalogueQuery):
    """Parse the query with rdflib (jcgraph's prefixes predeclared) and refuse what must not run.

    :returns: the prepared rdflib query (cached by the query's text)
    :raises QueryError: a syntax error (with line and column), an UPDATE, or SERVICE / FROM, which
        would make a local query reach the network
    """
    prepared = _PREPARED.get(query.text)
    if prepared is None:
        prepared = _prepare(query)
        if len(_PREPARED) >= _PREPARED_MAX:
            _PREPARED.pop(next(iter(_PREPARED)))
        _PREPARED[query.text] = prepared
    return prepared


def _prepare(query: CatalogueQuery):
    from rdflib.plugins.sparql import prepareQuery

    if not re.sub(r"(?m)^\s*#.*$", "", query.text).strip():
        raise QueryError("the query is empty; write a SELECT, ASK, CONSTRUCT or DESCRIBE query.", path=query.where())
    check_query_size(query)
    try:
        prepared = prepareQuery(query.text, initNs=PREFIXES)
    except Exception as exc:  # pyparsing's ParseException, and rdflib's errors for bad algebra
        if _is_update(query.text):
            raise QueryError(
                "this is a SPARQL UPDATE; jcgraph query only runs read-only queries "
                "(SELECT, ASK, CONSTRUCT, DESCRIBE).",
                path=query.where(),
            ) from None
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "col", None)
        message = getattr(exc, "msg", None) or str(exc).splitlines()[0]
        if re.fullmatch(r"Expected (Select|Construct|Ask|Describe)Query", message):
            message = "something is missing or out of place here"  # pyparsing names only the top rule
        if isinstance(exc, RecursionError):
            message = "it nests groups or expressions too deeply to read"
        unknown = re.match(r"Unknown namespace prefix : (\S*)", message)
        if unknown:  # rdflib names the prefix but not where it is
            message = f"the prefix {unknown[1]}: is not declared; add a PREFIX line for it"
            line, column = _position_of(query.text, re.compile(rf"(?<![\w:<]){re.escape(unknown[1])}:"))
        raise QueryError(
            f"the SPARQL query does not parse: {message}.", path=query.where(), line=line, column=column
        ) from None
    algebra = prepared.algebra
    if algebra.get("datasetClause"):
        raise QueryError(
            "FROM and FROM NAMED are not supported here: the query runs over the jcgraph graph.", path=query.where()
        )
    if _uses_service(algebra):
        raise QueryError(
            "SERVICE is not allowed: a local query never reaches the network. Run the query on "
            "that endpoint with --endpoint instead.",
            path=query.where(),
        )
    return prepared


def _position_of(text: str, pattern: re.Pattern) -> tuple[int | None, int | None]:
    """The line and column (1-based) of the first match of ``pattern`` outside comments."""
    for number, line in enumerate(text.splitlines(), 1):
        match = pattern.search(line.split("#", 1)[0] if line.lstrip().startswith("#") else line)
        if match:
            return number, match.start() + 1
    return None, None


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def _uses_service(node) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return True
        return any(_uses_service(v) for v in node.values())
    if isinstance(node, (list, tuple)):
        return any(_uses_service(v) for v in node)
    return False


def query_kind(prepared) -> str:
    """``select``, ``ask``, ``construct`` or ``describe``."""
    return prepared.algebra.name.removesuffix("Query").lower()


# ---- parameter values ----------------------------------------------------------------------------


def check_iri(text: str, what: str = "IRI") -> URIRef:
    """Return ``text`` as an IRI if it is an absolute IRI with no character that could break out of ``<...>``.

    :raises QueryError: it is not
    """
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text) or _IRI_FORBIDDEN.search(text):
        raise QueryError(
            f"{what} {text!r} is not a valid IRI: it needs a scheme (https:...) and no spaces or "
            'any of < > " { } | ^ ` \\.'
        )
    return URIRef(text)


def parse_value(text: str, ptype: str = "any", graph=None, name: str = "value"):
    """Turn a ``--param`` value into one RDF term.

    Accepted: ``<iri>`` or a bare ``http(s)://`` IRI; a prefixed name (``state:MAR``, with jcgraph's
    prefixes); a quoted literal with optional ``@lang`` or ``^^datatype``; a number. For entity
    types (``state``, ``place``, ``agreement``...) a bare name is looked up in ``graph``: ISO codes
    and English or French names for states, local names and labels for the others.

    :param text: the value as typed
    :param ptype: the declared parameter type (:data:`PARAM_TYPES`)
    :param graph: the graph to look names up in, or a callable returning it (called only when needed)
    :param name: the parameter name, for messages
    :raises QueryError: the value does not fit the type, or a name is unknown (listing the known ones)
    """
    value = text.strip()
    label = f"parameter {name}"
    if value.startswith("<") and value.endswith(">"):
        term = check_iri(value[1:-1], label)
    elif re.match(r"^https?://", value):
        term = check_iri(value, label)
    elif value[:1] in ('"', "'") and len(value) >= 2:
        term = _parse_literal(value, label)
    else:
        term = _prefixed(value, label)
        if term is None:
            if ptype in ENTITY_TYPES:
                found = graph() if callable(graph) else graph
                if found is None:
                    raise QueryError(f"{label} needs an IRI or a prefixed name (no graph to look {value!r} up in).")
                return lookup(found, ptype, value, name)
            if ptype == "iri":
                raise QueryError(
                    f"{label} needs an IRI (<https://...>) or a prefixed name (e.g. state:MAR); got {value!r}."
                )
            term = _plain_value(value, ptype, label)
    return _check_type(term, ptype, label)


def _prefixed(value: str, label: str) -> URIRef | None:
    match = _PREFIXED.match(value)
    if not match or (match[1] or "") not in PREFIXES:
        return None
    return check_iri(PREFIXES[match[1] or ""] + match[2], label)


def _parse_literal(value: str, label: str) -> Literal:
    quote = value[0]
    end = value.rfind(quote)
    if end <= 0:
        raise QueryError(f"{label}: the literal {value!r} has no closing quote.")
    lexical, suffix = value[1:end], value[end + 1 :]
    if not suffix:
        return Literal(lexical)
    if suffix.startswith("@") and _LANG.match(suffix[1:]):
        return Literal(lexical, lang=suffix[1:])
    if suffix.startswith("^^"):
        datatype = suffix[2:]
        if datatype.startswith("<") and datatype.endswith(">"):
            iri = check_iri(datatype[1:-1], f"{label} datatype")
        else:
            iri = _prefixed(datatype, label)
            if iri is None:
                raise QueryError(f"{label}: unknown datatype {datatype!r}; write it as <iri> or xsd:NAME.")
        return normalise(Literal(lexical, datatype=iri))
    raise QueryError(f"{label}: after a quoted literal only @lang or ^^datatype may follow; got {suffix!r}.")


def _plain_value(value: str, ptype: str, label: str) -> Literal:
    if ptype == "date":
        if not _DATE.match(value):
            raise QueryError(f"{label} needs a date as YYYY, YYYY-MM or YYYY-MM-DD; got {value!r}.")
        datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
        return Literal(value, datatype=datatype)
    if ptype in ("integer", "number", "any"):
        for datatype, pattern in _NUMBER.items():
            if pattern.match(value) and (ptype != "integer" or datatype == XSD.integer):
                return Literal(value, datatype=datatype)
        if ptype != "any":
            raise QueryError(f"{label} needs {'an integer' if ptype == 'integer' else 'a number'}; got {value!r}.")
    return Literal(value)


def _check_type(term, ptype: str, label: str):
    if (ptype in ENTITY_TYPES or ptype == "iri") and not isinstance(term, URIRef):
        raise QueryError(f"{label} needs an IRI, a prefixed name or a name; a literal was given.")
    if ptype in ("string", "date", "integer", "number") and not isinstance(term, Literal):
        raise QueryError(f"{label} needs a literal value, not an IRI.")
    return term


def lookup(graph: Graph, ptype: str, text: str, name: str = "value") -> URIRef:
    """Find the thing of kind ``ptype`` whose code, local name or label (any case) is ``text``.

    :raises QueryError: none or several match; the message lists the known values
    """
    from jcgraph.labels import label as label_of

    namespace = PREFIXES[ENTITY_TYPES[ptype]]
    wanted = text.casefold()
    candidates = _entities(graph, namespace)
    matches = sorted({iri for iri, names in candidates.items() if wanted in names})
    if len(matches) == 1:
        return matches[0]
    known = sorted(candidates, key=str)
    if ptype == "state":
        listing = ", ".join(f"{str(s)[len(namespace) :]} ({label_of(graph, s)})" for s in known)
    else:
        listing = ", ".join(f"{ENTITY_TYPES[ptype]}:{str(s)[len(namespace) :]}" for s in known)
    if matches:
        raise QueryError(
            f"parameter {name}: {text!r} names several {ptype}s: {', '.join(str(m) for m in matches)}; give the IRI."
        )
    raise QueryError(f"parameter {name}: no {ptype} is called {text!r}; known: {listing or 'none'}.")


def _entities(graph: Graph, namespace: str) -> dict[URIRef, set[str]]:
    """Every subject in ``namespace`` with its lower-cased local name, codes and labels."""
    from rdflib.namespace import FOAF, RDFS, SKOS

    from jcgraph.namespaces import JC

    found: dict[URIRef, set[str]] = {}
    for subject in set(graph.subjects()):
        if isinstance(subject, URIRef) and str(subject).startswith(namespace):
            names = found.setdefault(subject, {str(subject)[len(namespace) :].casefold()})
            for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, FOAF.name, JC.iso3166Alpha2, JC.iso3166Alpha3):
                names.update(str(o).casefold() for o in graph.objects(subject, prop))
    return found


def bind(query: CatalogueQuery, params: dict | None, graph_for_names=None) -> dict[str, object]:
    """The parameter bindings for ``query``: the header's defaults overridden by ``params``.

    :param params: name to value; a value is text as typed on the command line, or an rdflib term
    :param graph_for_names: a graph, or a callable returning one, to look names up in
    :returns: variable name to RDF term
    :raises QueryError: an unknown parameter name (listing the query's parameters) or a bad value
    """
    params = dict(params or {})
    declared = {p.name: p for p in query.params}
    allowed = set(declared) if declared else _variables(query.text)
    for key in params:
        if key not in allowed:
            listing = ", ".join(sorted(allowed)) or "none"
            raise QueryError(f"{query.ident} has no parameter {key!r}; its parameters: {listing}.")
    bindings: dict[str, object] = {}
    for key in [*declared, *(k for k in params if k not in declared)]:
        parameter = declared.get(key)
        raw = params.get(key, parameter.example if parameter else None)
        ptype = parameter.type if parameter else "any"
        if isinstance(raw, (URIRef, Literal)):
            bindings[key] = _check_type(raw, ptype, f"parameter {key}")
        else:
            bindings[key] = parse_value(str(raw), ptype, graph_for_names, key)
    return bindings


_TOKENS = re.compile(
    r"""(?P<comment>\#[^\n]*)
      |(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      |(?P<open>\{)|(?P<close>\})
      |(?P<var>[?$][A-Za-z0-9_\u00b7-\uffff]+)
      |(?P<word>[A-Za-z_]+)
      |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


def _variables(text: str) -> set[str]:
    return {m["var"][1:] for m in _TOKENS.finditer(text) if m["var"]}


def _where_brace(text: str) -> int | None:
    """Offset of the ``{`` opening the outermost WHERE group, skipping comments, strings and IRIs.

    For CONSTRUCT the template comes first: the group is the second top-level ``{``. The short form
    ``CONSTRUCT WHERE { ... }`` and a DESCRIBE without WHERE have no group to bind in: None.
    """
    depth, groups, form, previous = 0, 0, "", ""
    for match in _TOKENS.finditer(text):
        if match["comment"] or (match["other"] and match["other"].isspace()):
            continue
        if match["word"]:
            word = match["word"].upper()
            if not form and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
            previous = word
            continue
        if match["open"]:
            if depth == 0:
                if form != "CONSTRUCT" or groups == 1:
                    return match.start()
                if previous == "WHERE":  # CONSTRUCT WHERE { ... }: the template is the pattern
                    return None
                groups += 1
            depth += 1
        elif match["close"]:
            depth -= 1
        previous = ""
    return None


def inject_values(query: CatalogueQuery, bindings: dict[str, object]) -> str:
    """The query text with ``VALUES (?a ?b) { (t1 t2) }`` first in its outermost WHERE group.

    Every value is one validated RDF term written by :func:`jcgraph.query.results.nt_term`, and every name
    a plain variable name, so the result has the query's structure plus one row of data.

    :raises QueryError: the query has no WHERE group to bind in
    """
    text = with_prologue(query.text)
    if not bindings:
        return text
    names = list(bindings)
    for key in names:
        if not _NAME.match(key):
            raise QueryError(f"{key!r} is not a variable name.")
    position = _where_brace(text)
    if position is None:
        raise QueryError(
            "the query has no WHERE group to bind parameters in (write CONSTRUCT {...} WHERE {...} in full).",
            path=query.where(),
        )
    for value in bindings.values():
        if isinstance(value, URIRef):
            check_iri(str(value))
    block = " VALUES ({}) {{ ({}) }} ".format(
        " ".join("?" + k for k in names), " ".join(nt_term(bindings[k]) for k in names)
    )
    return text[: position + 1] + block + text[position + 1 :]


def with_prologue(text: str) -> str:
    """``text`` with PREFIX lines for the jcgraph prefixes it uses but does not declare."""
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+([A-Za-z0-9_.-]*):", text, re.IGNORECASE)}
    missing = [p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w:<]){re.escape(p)}:", text)]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing) + text


# ---- execution -----------------------------------------------------------------------------------


def run_remote(endpoint: str, text: str, kind: str, timeout: float | None, max_rows: int | None) -> QueryResult:
    """Run query ``text`` on a SPARQL 1.1 endpoint through SPARQLWrapper, within an overall deadline.

    The answer is read up to ``JCGRAPH_MAX_RESPONSE_BYTES`` (256 MB), an error's body up to 64 KB; redirects
    are followed only as :func:`jcgraph.io.credentials.redirect_problem` allows (307/308 on the same host
    and port, five at most), so the credentials never reach another host.

    :raises EndpointError: unreachable, an HTTP error, over the time limit, or an invalid answer
    :raises LimitExceeded: the answer is larger than ``JCGRAPH_MAX_RESPONSE_BYTES`` or ``max_rows``
    """
    _check_endpoint_url(endpoint)
    on_timeout = (
        EndpointError(
            f"the endpoint {endpoint} did not answer within {timeout:g} s; try again later or raise --timeout."
        )
        if timeout
        else None
    )
    limit = int(from_env(MAX_RESPONSE_BYTES_VAR, DEFAULT_MAX_RESPONSE_BYTES))
    try:
        body, content_type = within_time(lambda: _fetch(endpoint, text, kind, timeout, limit), timeout, on_timeout)
    except (EndpointError, LimitExceeded):
        raise
    except Exception as exc:
        raise EndpointError(_describe_failure(endpoint, exc, timeout)) from None
    if len(body) > limit:
        raise LimitExceeded(
            f"the endpoint {endpoint} sent an answer larger than {_size(limit)} (the rest was not read); add a "
            f"LIMIT to the query, or raise {MAX_RESPONSE_BYTES_VAR}=BYTES if the answer is really that large."
        )
    try:
        return _parse_remote(body, kind, max_rows)
    except LimitExceeded:
        raise
    except Exception as exc:
        first = untrusted(str(exc) or type(exc).__name__)
        sent = f"an answer ({untrusted(content_type, 60)})" if content_type else "an answer"
        raise EndpointError(
            f"the endpoint {endpoint} sent {sent} that is not valid SPARQL results ({first}; it begins "
            f"{untrusted(body, 60)!r}); check that the URL is a SPARQL query endpoint (oxigraph and jcgraph "
            "serve: /query, Fuseki: /DATASET/sparql, Virtuoso: /sparql)."
        ) from None


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit:,} bytes"


def _check_endpoint_url(endpoint: str) -> None:
    if not re.match(r"^https?://[^\s/]+", endpoint or ""):
        raise EndpointError(f"the endpoint must be an http:// or https:// URL; got {endpoint!r}.")


def credentials(endpoint: str) -> tuple[str, str] | None:
    """User and password for an endpoint: ``$JCGRAPH_ENDPOINT_USER``/``$JCGRAPH_ENDPOINT_PASSWORD``, else netrc."""
    from jcgraph.io.credentials import credentials as _credentials

    return _credentials(endpoint, "JCGRAPH_ENDPOINT")


#: How much of an error answer is read (its first line goes into the message).
_ERROR_BODY_BYTES = 64 * 1024


def _fetch(endpoint: str, text: str, kind: str, timeout: float | None, limit: int) -> tuple[bytes, str]:
    """The answer's body (at most ``limit + 1`` bytes) and its Content-Type.

    SPARQLWrapper builds the request (its Accept header, form encoding, Basic credentials); jcgraph opens
    it with its own opener, so that redirects follow :func:`redirect_problem` and no body is read whole.
    """
    import http.client
    import urllib.error
    import urllib.request

    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

    from jcgraph.version import VERSION as __version__

    client = SPARQLWrapper(endpoint, agent=f"jcgraph/{__version__}")
    client.setMethod(POST)
    client.setQuery(text)
    # SPARQLWrapper guesses the form from the first keyword-like word left after its comment stripping,
    # which keeps every other comment line: a comment saying "drop" or "address" made a SELECT an update
    client.queryType = kind.upper()
    client.setReturnFormat(JSON if kind in ("select", "ask") else TURTLE)
    found = credentials(endpoint)
    if found:
        client.setCredentials(*found)
    request = client._createRequest()  # what SPARQLWrapper.query() would send
    opener = urllib.request.build_opener(_redirect_handler()(endpoint))
    wait = math.ceil(timeout) + 1 if timeout else None  # per socket operation; the overall deadline comes first
    try:
        with opener.open(request, timeout=wait) as response:
            body = response.read(limit + 1)
            missing = getattr(response, "length", None)  # read(amt) returns a cut body without a word
            if len(body) <= limit and missing:
                raise http.client.IncompleteRead(body, missing)
            return body, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        try:
            exc.body_start = exc.read(_ERROR_BODY_BYTES)
        except Exception:  # a cut error body: the status is enough
            exc.body_start = b""
        finally:
            exc.close()
        raise


def _redirect_handler():
    """The class of jcgraph's redirect handler for urllib (built on first use: urllib is imported lazily)."""
    import urllib.request

    from jcgraph.io.credentials import redirect_problem

    class Redirects(urllib.request.HTTPRedirectHandler):
        """Follows a redirect only as :func:`redirect_problem` allows, re-sending the POST with its body."""

        max_repeats = max_redirections = 100  # redirect_problem counts

        def __init__(self, endpoint: str):
            self.endpoint = endpoint
            self.hops = 0

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            fp.close()  # urllib reads a redirect's body whole next: there is none to read
            problem = redirect_problem(req.full_url, newurl, code, req.get_method(), self.hops)
            if problem:
                raise EndpointError(f"the endpoint {self.endpoint} {problem} with --endpoint.")
            self.hops += 1
            return urllib.request.Request(
                newurl,
                data=req.data,
                headers=dict(req.header_items()),
                method=req.get_method(),
                origin_req_host=req.origin_req_host,
                unverifiable=True,
            )

    return Redirects


def _describe_failure(endpoint: str, exc: Exception, timeout: float | None = None) -> str:
    import http.client
    import socket
    import urllib.error

    if isinstance(exc, urllib.error.HTTPError):
        detail = untrusted(getattr(exc, "body_start", b""))
        if 300 <= exc.code < 400:
            return (
                f"the endpoint {endpoint} answered a redirect (HTTP {exc.code}) without a usable Location; "
                "give the endpoint's final URL with --endpoint."
            )
        hint = ""
        if exc.code == 401:
            challenge = (exc.headers.get("WWW-Authenticate", "") if exc.headers else "").strip()
            scheme = challenge.split(None, 1)[0].rstrip(",").lower() if challenge else ""
            if scheme and scheme != "basic":
                hint = (
                    f" It asks for {untrusted(scheme, 30).capitalize()} authentication, which jcgraph does not "
                    "speak to query endpoints: use an endpoint that accepts Basic authentication (or none)."
                )
            else:
                hint = " Set JCGRAPH_ENDPOINT_USER and JCGRAPH_ENDPOINT_PASSWORD, or add the host to ~/.netrc."
        return f"the endpoint {endpoint} answered HTTP {exc.code}" + (f": {detail}" if detail else "") + "." + hint
    if isinstance(exc, http.client.IncompleteRead):
        return f"the endpoint {endpoint} cut its answer short ({_cut_size(exc)}); try again later."
    if isinstance(exc, http.client.RemoteDisconnected):
        return (
            f"the endpoint {endpoint} closed the connection without answering; try again later, and check that "
            "the URL is its SPARQL endpoint."
        )
    if isinstance(exc, http.client.HTTPException) and not isinstance(exc, ConnectionError):
        return f"the endpoint {endpoint} sent an answer that is not HTTP ({type(exc).__name__}); check the URL."
    if isinstance(exc, (TimeoutError, socket.timeout)) or isinstance(getattr(exc, "reason", None), TimeoutError):
        limit = f" within {timeout:g} s" if timeout else " in time"
        return f"the endpoint {endpoint} did not answer{limit}; try again later or raise --timeout."
    if isinstance(exc, urllib.error.URLError):
        return f"cannot reach the endpoint {endpoint}: {exc.reason}; check the URL and that the server is running."
    if isinstance(exc, ConnectionResetError):
        return f"the endpoint {endpoint} dropped the connection mid-answer; try again later."
    if isinstance(exc, ConnectionError):
        return f"cannot reach the endpoint {endpoint}: {exc}; check the URL and that the server is running."
    return f"the query on the endpoint {endpoint} failed: {type(exc).__name__}: {untrusted(str(exc))}."


def _parse_remote(body: bytes, kind: str, max_rows: int | None) -> QueryResult:
    import json

    if kind in ("construct", "describe"):
        graph = Graph()
        graph.parse(data=body, format="turtle")
        check_rows(len(graph), max_rows)
        return QueryResult(kind, graph=graph)
    doc = json.loads(body)
    if kind == "ask":
        if not isinstance(doc.get("boolean"), bool):
            raise ValueError("no boolean in the ASK answer")
        return QueryResult("ask", boolean=doc["boolean"])
    names = list(doc["head"]["vars"])
    bindings = doc["results"]["bindings"]
    check_rows(len(bindings), max_rows)
    rows = [tuple(term_from_json(b[n]) if n in b else None for n in names) for b in bindings]
    return QueryResult("select", vars=names, rows=rows)


def names_of(kg: KnowledgeGraph, kinds: list[str]) -> Graph:
    """The naming triples (labels, codes) the parameter binder reads for entities of ``kinds``."""
    from jcgraph.backends import engine_for

    return engine_for(kg).names([PREFIXES[ENTITY_TYPES[kind]] for kind in kinds])


def resolve_inference(query: CatalogueQuery, inference: str | None) -> str:
    """The inference mode to use: the one asked for, else the header's, else :data:`DEFAULT_INFERENCE`."""
    return check_mode(inference or query.inference or DEFAULT_INFERENCE)


def query(
    name_or_text: str | CatalogueQuery,
    params: dict | None = None,
    inference: str | None = None,
    endpoint: str | None = None,
    root=None,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = DEFAULT_MAX_ROWS,
    kg: KnowledgeGraph | None = None,
    lang: str | None = None,
) -> QueryResult:
    """Run a catalogue query, a query file, or SPARQL text, locally or on a remote endpoint.

    :param name_or_text: a catalogue name (``cq-12``, ``cooperation-partners``), a path, ``-``, or text
    :param params: parameter name to value (text as on the command line, or an rdflib term)
    :param inference: ``none``, ``rdfs`` or ``owlrl``; default: the query header's mode, else ``none``
    :param endpoint: a SPARQL 1.1 query URL; None to run on the local graph
    :param root: where the graph is (see :func:`jcgraph.graph.loading.find_root`)
    :param timeout: seconds before the query is given up (None or 0: no limit)
    :param max_rows: the most rows (or triples) accepted (None or 0: no limit)
    :param kg: an already loaded graph to use instead of loading one
    :param lang: ``en`` or ``fr``: labels in that language, else the other (see :mod:`jcgraph.query.language`);
        None leaves the query as written
    :returns: the result, convertible to CSV, TSV, JSON, a table, Turtle or a pandas DataFrame
    :raises QueryError: a bad query or parameter; :raises EndpointError: the endpoint failed;
        :raises LimitExceeded: over the time or size limit

    >>> result = query("cq-12")
    >>> sorted(str(row[0]).rsplit("/", 1)[1] for row in result.rows)
    ['KAZ', 'KEN']
    """
    from jcgraph.backends import engine_for
    from jcgraph.graph.loading import load

    entry = name_or_text if isinstance(name_or_text, CatalogueQuery) else find(name_or_text, root)
    if lang:
        from dataclasses import replace

        from jcgraph.query.language import with_language

        entry = replace(entry, text=with_language(entry.text, lang))
    check_query_size(entry)
    parse_timeout = (
        LimitExceeded(
            f"the query took longer than {timeout:g} s to parse; shorten it or raise --timeout.", path=entry.where()
        )
        if timeout
        else None
    )
    prepared = within_time(lambda: prepare(entry), timeout, parse_timeout)  # --timeout covers parsing too
    kind = query_kind(prepared)
    mode = resolve_inference(entry, inference)
    loaded: list[KnowledgeGraph] = [kg] if kg is not None else []

    def graph_for_names() -> Graph:
        if not loaded:
            loaded.append(load(root))
        return names_of(loaded[0], sorted({p.type for p in entry.params if p.type in ENTITY_TYPES}))

    bindings = bind(entry, params, graph_for_names)
    if endpoint:
        return run_remote(endpoint, inject_values(entry, bindings), kind, timeout, max_rows)
    if not loaded:
        loaded.append(load(root))
    on_timeout = (
        LimitExceeded(f"the query took longer than {timeout:g} s; narrow it or raise --timeout.") if timeout else None
    )
    engine = engine_for(loaded[0])
    plan = QueryPlan(prepared=prepared, text=inject_values(entry, bindings), bindings=bindings, kind=kind)
    work = lambda: engine.query(plan, mode, max_rows)  # noqa: E731
    try:
        result = within_time(work, timeout, on_timeout)
    except LimitExceeded as exc:
        exc.path = exc.path or entry.where()  # name the query over its limit
        raise
    return in_query_order(result, entry.text)


def _selects_star(text: str) -> bool:
    """Whether the outermost query is ``SELECT *`` (or ``SELECT DISTINCT *``, ``SELECT REDUCED *``)."""
    seen_select = False
    for match in _TOKENS.finditer(text):
        if match["comment"] or (match["other"] and match["other"].isspace()):
            continue
        token = match.group(0)
        if not seen_select:
            seen_select = bool(match["word"]) and token.upper() == "SELECT"
            continue
        if match["word"] and token.upper() in ("DISTINCT", "REDUCED"):
            continue
        return token.strip() == "*"
    return False


def in_query_order(result: QueryResult, text: str) -> QueryResult:
    """The result's columns in the query's order: ``SELECT *`` lists variables as they first appear.

    oxigraph answers ``SELECT *`` with its variables sorted by name (c, o, s) and rdflib in the order
    of a Python set (random between runs); a reader of the query expects the order of appearance in
    its WHERE group, so both engines follow that. Explicit projections are already in order.
    """
    if result.kind != "select" or not _selects_star(text):
        return result
    start = _where_brace(text) or 0
    wanted: list[str] = []
    for match in _TOKENS.finditer(text, start):
        name = match["var"][1:] if match["var"] else None
        if name in result.vars and name not in wanted:
            wanted.append(name)
    if len(wanted) != len(result.vars) or wanted == result.vars:
        return result
    index = [result.vars.index(v) for v in wanted]
    rows = [tuple(row[i] for i in index) for row in result.rows]
    return QueryResult("select", vars=wanted, rows=rows)


__all__ = [
    "DEFAULT_INFERENCE",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "CatalogueQuery",
    "Parameter",
    "QueryResult",
    "bind",
    "catalogue",
    "find",
    "inject_values",
    "parse_header",
    "parse_value",
    "prepare",
    "query",
]


def _cut_size(exc) -> str:
    """``"10 of 100 bytes"`` for an ``http.client.IncompleteRead``."""
    got = len(exc.partial)
    return f"{got} of {got + exc.expected} bytes" if exc.expected is not None else f"{got} bytes"
