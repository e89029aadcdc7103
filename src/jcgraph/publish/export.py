"""Deterministic export of the graph in every RDF format.

The same triples always give the same bytes, whatever the order of the input files' lines:

- blank nodes get canonical labels (RDFC-1.0, computed by pyoxigraph), so their names depend only on
  the graph's shape;
- subjects, predicates and objects are written in sorted order (``rdf:type`` first, written ``a``);
- only the prefixes of :data:`jcgraph.namespaces.PREFIXES` that the output uses are declared.

TriG and N-Quads keep **one named graph per source file** (``https://w3id.org/jcgraph/graph/<path>``,
see :func:`jcgraph.graph.loading.graph_iri_for`); inferred triples go to a graph of their own,
``https://w3id.org/jcgraph/graph/inferred/<mode>``. Triple formats (Turtle, N-Triples, JSON-LD,
RDF/XML) merge the graphs.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from jcgraph.errors import InputError
from jcgraph.io.rdf import from_rdflib as to_ox
from jcgraph.io.rdf import to_rdflib
from jcgraph.namespaces import PREFIXES, inferred_graph_iri

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph, LoadedFile

#: format name -> (file extension, media type)
FORMATS: dict[str, tuple[str, str]] = {
    "turtle": (".ttl", "text/turtle"),
    "ntriples": (".nt", "application/n-triples"),
    "nquads": (".nq", "application/n-quads"),
    "trig": (".trig", "application/trig"),
    "jsonld": (".jsonld", "application/ld+json"),
    "xml": (".rdf", "application/rdf+xml"),
}
QUAD_FORMATS = ("nquads", "trig")
ALIASES = {
    "ttl": "turtle",
    "nt": "ntriples",
    "nq": "nquads",
    "json-ld": "jsonld",
    "rdfxml": "xml",
    "rdf": "xml",
    "owl": "xml",
    "json": "jsonld",
}
WHAT = ("asserted", "inferred", "all")
GRAPHS = ("ontology", "data", "all")
CONTEXT_PATH = ("ontology", "context.jsonld")

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = RDF_NS + "type"
RDF_FIRST, RDF_REST, RDF_NIL = RDF_NS + "first", RDF_NS + "rest", RDF_NS + "nil"
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*(?:[.][A-Za-z0-9_-]+)*$|^[0-9][A-Za-z0-9_-]*$")
_BARE = {
    XSD_NS + "integer": re.compile(r"^[+-]?[0-9]+$"),
    XSD_NS + "decimal": re.compile(r"^[+-]?[0-9]*\.[0-9]+$"),
    XSD_NS + "boolean": re.compile(r"^(true|false)$"),
}

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Quad = tuple[Term, Term, Term, ox.NamedNode | None]


# --------------------------------------------------------------------------------------------------
# Choosing the triples
# --------------------------------------------------------------------------------------------------


def format_name(fmt: str | None, output: str | Path | None = None) -> str:
    """Return the export format named by ``fmt``, else the one the extension of ``output`` implies.

    :param fmt: a format name or alias (``turtle``, ``ttl``, ``nt``, ``json-ld``, ...), or None
    :param output: the output file, whose extension decides when ``fmt`` is None
    :returns: one of :data:`FORMATS`
    :raises InputError: the format is unknown or cannot be told from the file name
    """
    if fmt:
        name = ALIASES.get(fmt.lower(), fmt.lower())
        if name not in FORMATS:
            raise InputError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}.")
        return name
    if output in (None, "-"):
        return "turtle"
    suffix = Path(output).suffix.lower()
    for name, (ext, _) in FORMATS.items():
        if suffix == ext or ALIASES.get(suffix.lstrip(".")) == name:
            return name
    raise InputError(
        f"cannot tell the export format from the extension {suffix or '(none)'!r}; "
        f"pass --format ({', '.join(FORMATS)}).",
        path=str(output),
    )


def folder_of(kg: KnowledgeGraph, loaded: LoadedFile) -> str:
    """``ontology`` for files under ``ontology/`` (concept schemes included), else ``data``."""
    try:
        top = loaded.path.resolve().relative_to(kg.root).parts[0]
    except ValueError:
        return "data"  # extra files given on the command line are data
    return "ontology" if top == "ontology" else "data"


def select_files(kg: KnowledgeGraph, graph: str = "all") -> list[LoadedFile]:
    """The files of ``kg`` in the part ``graph`` (``ontology``, ``data`` or ``all``)."""
    if graph not in GRAPHS:
        raise InputError(f"unknown graph selection {graph!r}; use one of: {', '.join(GRAPHS)}.")
    return [f for f in kg.files if graph == "all" or folder_of(kg, f) == graph]


def term_key(term: Term) -> tuple:
    """A total order on terms: IRIs, then blank nodes, then literals; each by its text."""
    if isinstance(term, ox.NamedNode):
        return (0, term.value, "", "")
    if isinstance(term, ox.BlankNode):
        return (1, term.value, "", "")
    return (2, term.value, term.datatype.value, term.language or "")


def quad_key(quad: Quad) -> tuple:
    """Sort quads by graph, subject, predicate (``rdf:type`` first), object."""
    s, p, o, g = quad
    return ("" if g is None else g.value, term_key(s), p.value != RDF_TYPE, p.value, term_key(o))


def quads(
    kg: KnowledgeGraph, what: str = "asserted", graph: str = "all", inference: str = "owlrl", named: bool = True
) -> list[Quad]:
    """The quads to export, with canonical blank-node labels, sorted.

    :param kg: the loaded graph
    :param what: ``asserted`` triples, ``inferred`` ones (the closure minus the asserted), or ``all``
    :param graph: which files: ``ontology`` (ontology/ with concept schemes), ``data``, or ``all``
    :param inference: the inference mode for inferred triples (``rdfs`` or ``owlrl``)
    :param named: keep each file's named graph (for N-Quads and TriG); False merges them first, so that
        blank-node labels are canonical for the merged triples
    :returns: (subject, predicate, object, graph IRI or None) tuples of pyoxigraph terms
    """
    if what not in WHAT:
        raise InputError(f"unknown --what {what!r}; use one of: {', '.join(WHAT)}.")
    files = select_files(kg, graph)
    dataset = ox.Dataset()
    add = dataset.add
    if what in ("asserted", "all"):
        for loaded in files:
            name = ox.NamedNode(str(loaded.graph_iri)) if named else ox.DefaultGraph()
            for s, p, o in loaded.triples:
                add(ox.Quad(to_ox(s), to_ox(p), to_ox(o), name))
    if what in ("inferred", "all") and inference != "none":
        inferred = kg.inferred(inference)
        keep = None
        if graph != "all":  # inferred facts about the selected files' subjects only
            keep = {s for loaded in files for s in loaded.triples.subjects()}
        name = ox.NamedNode(str(inferred_graph_iri(inference))) if named else ox.DefaultGraph()
        for s, p, o in inferred:
            if keep is None or s in keep:
                add(ox.Quad(to_ox(s), to_ox(p), to_ox(o), name))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted((_quad(q) for q in dataset), key=quad_key)


def quads_of(graph: Graph) -> list[Quad]:
    """Canonical, sorted quads of any rdflib graph or dataset (named graphs kept for a dataset).

    :param graph: an rdflib ``Graph`` (triples go to no named graph) or ``Dataset``
    """
    from rdflib import Dataset
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    dataset = ox.Dataset()
    if isinstance(graph, Dataset):
        for s, p, o, context in graph.quads():
            name = getattr(context, "identifier", context)
            g = None if name in (None, DATASET_DEFAULT_GRAPH_ID) else ox.NamedNode(str(name))
            dataset.add(ox.Quad(to_ox(s), to_ox(p), to_ox(o), g or ox.DefaultGraph()))
    else:
        for s, p, o in graph:
            dataset.add(ox.Quad(to_ox(s), to_ox(p), to_ox(o)))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted((_quad(q) for q in dataset), key=quad_key)


def _quad(q: ox.Quad) -> Quad:
    g = q.graph_name
    return (q.subject, q.predicate, q.object, None if isinstance(g, ox.DefaultGraph) else g)


def triples_of(quad_list: Iterable[Quad]) -> list[tuple[Term, Term, Term]]:
    """The distinct triples of ``quad_list`` (graphs merged), sorted."""
    seen = {(s, p, o) for s, p, o, _ in quad_list}
    return sorted(seen, key=lambda t: quad_key((*t, None)))


def to_graph(quad_list: Iterable[Quad]) -> Graph:
    """An rdflib graph of the quads' triples (graphs merged), added in sorted order."""
    graph = Graph(bind_namespaces="none")
    for s, p, o in triples_of(quad_list):
        graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return graph


# --------------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------------


def _ntriples(quad_list: Sequence[Quad], with_graph: bool) -> bytes:
    lines = set()
    for s, p, o, g in quad_list:
        if with_graph and g is not None:
            lines.add(f"{s} {p} {o} {g} .\n")
        else:
            lines.add(f"{s} {p} {o} .\n")
    return "".join(sorted(lines)).encode("utf-8")


class TurtleWriter:
    """A small Turtle/TriG writer: sorted blocks, inline blank nodes and collections, used prefixes only."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = prefixes
        self.by_length = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.used: set[str] = set()

    def iri(self, node: ox.NamedNode) -> str:
        value = node.value
        for prefix, namespace in self.by_length:
            if value.startswith(namespace):
                local = value[len(namespace) :]
                if _LOCAL.match(local):
                    self.used.add(prefix)
                    return f"{prefix}:{local}"
        return f"<{value}>"

    def literal(self, node: ox.Literal) -> str:
        quoted = str(ox.Literal(node.value))
        if node.language:
            return f"{quoted}@{node.language}"
        datatype = node.datatype.value
        if datatype == XSD_NS + "string":
            return quoted
        bare = _BARE.get(datatype)
        if bare is not None and bare.match(node.value):
            return node.value
        return f"{quoted}^^{self.iri(node.datatype)}"

    def block(self, triples: list[tuple[Term, Term, Term]]) -> str:
        """Write the triples of one graph as Turtle statements."""
        by_subject: dict[Term, list[tuple[Term, Term]]] = defaultdict(list)
        references: dict[Term, int] = defaultdict(int)
        for s, p, o in triples:
            by_subject[s].append((p, o))
            if isinstance(o, ox.BlankNode):
                references[o] += 1
        self.by_subject = by_subject
        inline = {b for b, n in references.items() if n == 1 and not any(o == b for _, o in by_subject.get(b, ()))}
        top = [s for s in by_subject if s not in inline]
        # a cycle of blank nodes each referenced once is reachable from nowhere: write it at top level
        while True:
            reached = self._reachable(top, inline)
            lost = sorted((b for b in inline if b in by_subject and b not in reached), key=term_key)
            if not lost:
                break
            inline.discard(lost[0])
            top.append(lost[0])
        self.inline = inline
        out = []
        for subject in sorted(top, key=term_key):
            out.append(self.node(subject) + "\n" + self.predicates(subject, 1) + " .\n")
        return "\n".join(out)

    def _reachable(self, top: list[Term], inline: set[Term]) -> set[Term]:
        seen: set[Term] = set()
        stack = list(top)
        while stack:
            for _, o in self.by_subject.get(stack.pop(), ()):
                if o in inline and o not in seen:
                    seen.add(o)
                    stack.append(o)
        return seen

    def predicates(self, subject: Term, depth: int) -> str:
        pad = "    " * depth
        groups: dict[str, list[Term]] = defaultdict(list)
        order: list[ox.NamedNode] = []
        for p, o in self.by_subject[subject]:
            if p.value not in groups:
                order.append(p)
            groups[p.value].append(o)
        lines = []
        for p in sorted(order, key=lambda n: (n.value != RDF_TYPE, n.value)):
            verb = "a" if p.value == RDF_TYPE else self.iri(p)
            objects = sorted(groups[p.value], key=term_key)
            written = [self.obj(o, depth) for o in objects]
            line = f"{pad}{verb} " + " , ".join(written)
            if len(written) > 1 and (len(line) > 100 or "\n" in line):  # long lists: one object a line
                line = f"{pad}{verb}\n{pad}    " + f" ,\n{pad}    ".join(written)
            lines.append(line)
        return " ;\n".join(lines)

    def _collection(self, node: Term) -> list[Term] | None:
        """The members of a well-formed list starting at ``node``, or None."""
        members = []
        seen = set()
        while not (isinstance(node, ox.NamedNode) and node.value == RDF_NIL):
            if not isinstance(node, ox.BlankNode) or node not in self.inline or node in seen:
                return None
            seen.add(node)
            pairs = self.by_subject.get(node, [])
            firsts = [o for p, o in pairs if p.value == RDF_FIRST]
            rests = [o for p, o in pairs if p.value == RDF_REST]
            if len(pairs) != 2 or len(firsts) != 1 or len(rests) != 1:
                return None
            members.append(firsts[0])
            node = rests[0]
        return members

    def obj(self, node: Term, depth: int) -> str:
        if isinstance(node, ox.BlankNode) and node in self.inline:
            members = self._collection(node)
            if members is not None:
                return "( " + " ".join(self.obj(m, depth) for m in members) + " )"
            if node not in self.by_subject:
                return "[]"
            return "[\n" + self.predicates(node, depth + 1) + "\n" + "    " * depth + "]"
        return self.node(node)

    def node(self, node: Term) -> str:
        if isinstance(node, ox.NamedNode):
            return self.iri(node)
        if isinstance(node, ox.BlankNode):
            return f"_:{node.value}"
        return self.literal(node)

    def header(self) -> str:
        if not self.used:
            return ""
        width = max(len(p) for p in self.used) + 2
        lines = [f"@prefix {(p + ':').ljust(width)}<{self.prefixes[p]}> .\n" for p in sorted(self.used)]
        return "".join(lines) + "\n"


def _turtle(quad_list: Sequence[Quad]) -> bytes:
    writer = TurtleWriter(PREFIXES)
    body = writer.block(triples_of(quad_list))
    return (writer.header() + body).encode("utf-8")


def _trig(quad_list: Sequence[Quad]) -> bytes:
    writer = TurtleWriter(PREFIXES)
    graphs: dict[str, list[Quad]] = defaultdict(list)
    for quad in quad_list:
        graphs["" if quad[3] is None else quad[3].value].append(quad)
    parts = []
    for name in sorted(graphs):
        body = writer.block(triples_of(graphs[name]))
        opening = "{\n" if not name else f"<{name}> {{\n"
        parts.append(opening + body + "}\n")
    return (writer.header() + "\n".join(parts)).encode("utf-8")


def _jsonld(quad_list: Sequence[Quad], context: dict) -> bytes:
    graph = to_graph(quad_list)
    document = _rdflib_jsonld(graph, context)
    nodes = document.get("@graph")
    if isinstance(nodes, list):
        nodes.sort(key=lambda n: json.dumps(n, sort_keys=True, ensure_ascii=False))
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _rdflib_jsonld(graph: Graph, context: dict) -> dict:
    """Compact JSON-LD of ``graph`` with rdflib's converter, mended so that no triple is lost.

    rdflib (7.x) loses triples in three cases, found by tests/test_properties.py:

    - a blank node reached through a property with ``"@type": "@id"`` coercion (``jc:place``,
      ``jc:hasSignature``...): the reference is written, the node itself is not. Here a blank node
      is always written as a node reference object (``{"id": "_:b0"}``, valid for a coerced property
      too), which makes rdflib write the node as well;
    - blank nodes in a cycle, reachable from no IRI: written here on their own;
    - a language-tagged value after an empty one (``""@en`` then ``"x"@en``): a stand-in replaces
      ``""`` while converting.

    A list shared by two references is written as nodes, not twice as ``@list``.
    """
    from rdflib.namespace import RDF
    from rdflib.plugins.serializers.jsonld import Converter
    from rdflib.plugins.shared.jsonld.context import Context

    class KeepBlankNodes(Converter):
        inlined: set = set()

        def type_coerce(self, o, coerce_type):
            if isinstance(o, BNode):
                return None  # rdflib then falls back to to_raw_value, which writes the node
            return super().type_coerce(o, coerce_type)

        def to_collection(self, graph, l_):
            members = super().to_collection(graph, l_)
            if members is None or l_ == RDF.nil:
                return members
            chain = [l_]
            while (rest := graph.value(chain[-1], RDF.rest)) not in (None, RDF.nil):
                chain.append(rest)
            if any(len(list(graph.subject_predicates(node))) != 1 for node in chain):
                return None  # a shared list would be written (and read back) twice: write its nodes instead
            self.inlined.update(chain)
            return members

        def from_graph(self, graph):
            self.inlined = set()
            nodemap: dict = {}
            subjects = set(graph.subjects())
            for s in subjects:
                if isinstance(s, URIRef) or (isinstance(s, BNode) and not any(graph.subjects(None, s))):
                    self.process_subject(graph, s, nodemap)
            # rdflib starts only from IRIs and unreferenced blank nodes: a cycle of blank nodes would be
            # lost. Write what is left, list nodes last (their referrer may still write them as a list).
            listy = set(graph.subjects(RDF.first, None))
            left = sorted((b for b in subjects if isinstance(b, BNode)), key=lambda b: (b in listy, str(b)))
            for b in left:
                if b.n3() not in nodemap and b not in self.inlined:
                    self.process_subject(graph, b, nodemap)
            return list(nodemap.values())

    # rdflib's language maps drop a value that follows an empty one ("" is falsy there): stand in for ""
    empty = None
    if any(isinstance(o, Literal) and o.language and not str(o) for o in graph.objects()):
        import uuid

        empty = "jcgraph-empty-" + uuid.uuid4().hex
        stand_in = Graph(bind_namespaces="none")
        for s, p, o in graph:
            blank = isinstance(o, Literal) and o.language and not str(o)
            stand_in.add((s, p, Literal(empty, lang=o.language) if blank else o))
        graph = stand_in
    active = Context(context)
    result = KeepBlankNodes(active, True, False).convert(graph)
    if isinstance(result, list):
        result = {active.get_key("@graph"): result}
    result["@context"] = context
    text = json.dumps(result, ensure_ascii=False)
    return json.loads(text.replace(json.dumps(empty), '""') if empty else text)


_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
#: Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(quad_list: Sequence[Quad]) -> bytes:
    """Flat RDF/XML: one ``rdf:Description`` per subject, sorted like the Turtle output."""
    from xml.sax.saxutils import escape, quoteattr

    namespaces = dict(PREFIXES)
    by_uri = sorted(namespaces.items(), key=lambda item: -len(item[1]))
    used = {"rdf"}

    def qname(iri: str) -> str:
        for prefix, namespace in by_uri:
            if iri.startswith(namespace) and _NCNAME.match(iri[len(namespace) :]):
                used.add(prefix)
                return f"{prefix}:{iri[len(namespace) :]}"
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        namespace, local = iri[:cut], iri[cut:]
        if not _NCNAME.match(local):
            raise InputError(f"the predicate <{iri}> cannot be written in RDF/XML; export another format.")
        prefix = next((p for p, ns in namespaces.items() if ns == namespace), None)
        if prefix is None:
            prefix = f"ns{sum(1 for p in namespaces if p.startswith('ns') and p[2:].isdigit()) + 1}"
            namespaces[prefix] = namespace
            by_uri.insert(0, (prefix, namespace))
        used.add(prefix)
        return f"{prefix}:{local}"

    def node_attribute(node: Term, about: bool) -> str:
        if isinstance(node, ox.BlankNode):
            return f"rdf:nodeID={quoteattr(node.value)}"
        return f"{'rdf:about' if about else 'rdf:resource'}={quoteattr(node.value)}"

    body = []
    current = None
    for s, p, o in triples_of(quad_list):
        if s != current:
            if current is not None:
                body.append("  </rdf:Description>\n")
            body.append(f"  <rdf:Description {node_attribute(s, True)}>\n")
            current = s
        name = qname(p.value)
        if isinstance(o, ox.Literal):
            if o.language:
                extra = f' xml:lang="{o.language}"'
            elif o.datatype.value != XSD_NS + "string":
                extra = f" rdf:datatype={quoteattr(o.datatype.value)}"
            else:
                extra = ""
            if _NOT_XML.search(o.value):
                raise InputError(
                    f"the value of {p.value} on {s} holds a control character that XML 1.0 cannot carry; "
                    "export another format (Turtle, N-Triples, JSON-LD), or remove the character from the data."
                )
            text = escape(o.value, {"\r": "&#13;"})
            body.append(f"    <{name}{extra}>{text}</{name}>\n")
        else:
            body.append(f"    <{name} {node_attribute(o, False)}/>\n")
    if current is not None:
        body.append("  </rdf:Description>\n")
    declarations = "".join(f'\n   xmlns:{p}="{escape(namespaces[p])}"' for p in sorted(used))
    head = f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{declarations}>\n'
    return (head + "".join(body) + "</rdf:RDF>\n").encode("utf-8")


def serialize(quad_list: Sequence[Quad], fmt: str, context: dict | None = None) -> bytes:
    """Write sorted, canonical quads in ``fmt``.

    :param quad_list: quads from :func:`quads`
    :param fmt: a name from :data:`FORMATS`
    :param context: the JSON-LD ``@context`` (JSON-LD only; default: the shipped one)
    :returns: the document's bytes (UTF-8)
    """
    fmt = format_name(fmt)
    if fmt == "ntriples":
        return _ntriples(quad_list, with_graph=False)
    if fmt == "nquads":
        return _ntriples(quad_list, with_graph=True)
    if fmt == "turtle":
        return _turtle(quad_list)
    if fmt == "trig":
        return _trig(quad_list)
    if fmt == "jsonld":
        return _jsonld(quad_list, context if context is not None else default_context())
    return _xml(quad_list)


def serialize_graph(graph: Graph, fmt: str, context: dict | None = None) -> bytes:
    """Write any rdflib graph or dataset as :func:`export` writes a loaded graph in ``fmt`` (the same writers).

    Turtle and N-Triples of a whole graph come from the store's writer (both engines use it); the other
    formats from :func:`serialize`.
    """
    from rdflib import Dataset

    fmt = format_name(fmt)
    if fmt in ("turtle", "ntriples") and not isinstance(graph, Dataset):
        from jcgraph.backends.oxigraph.backend import export_from_store
        from jcgraph.backends.oxigraph.store import ASSERTED, GraphStore

        store = ox.Store()
        store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ASSERTED) for s, p, o in graph)
        return export_from_store(GraphStore(store, key="serialize"), fmt, "asserted", "all", "none")
    return serialize(quads_of(graph), fmt, context)


def export(
    kg: KnowledgeGraph, fmt: str = "turtle", what: str = "asserted", graph: str = "all", inference: str = "owlrl"
) -> bytes:
    """Export (part of) the graph in an RDF format, byte-for-byte reproducibly.

    :param kg: the loaded graph
    :param fmt: ``turtle``, ``ntriples``, ``nquads``, ``trig``, ``jsonld`` or ``xml``
    :param what: ``asserted``, ``inferred`` (the closure minus the asserted triples) or ``all``
    :param graph: ``ontology`` (ontology/, concept schemes included), ``data`` or ``all``
    :param inference: the inference mode behind ``inferred`` (``rdfs`` or ``owlrl``)
    :returns: the document's bytes

    >>> import jcgraph
    >>> text = export(jcgraph.load(), "turtle", graph="data").decode()
    >>> "state:MAR" in text
    True
    """
    fmt = format_name(fmt)
    from jcgraph.backends import engine_for

    written = engine_for(kg).export(fmt, what, graph, inference)
    if written is not None:  # the engine wrote it itself (the store: Turtle and N-Triples of a large graph)
        return written
    context = load_context(kg.root) if fmt == "jsonld" else None
    return serialize(quads(kg, what, graph, inference, named=fmt in QUAD_FORMATS), fmt, context)


def export_to_directory(
    kg: KnowledgeGraph,
    directory: Path,
    formats: Sequence[str] = tuple(FORMATS),
    what: str = "asserted",
    graph: str = "all",
    inference: str = "owlrl",
    stem: str = "jcgraph",
) -> list[Path]:
    """Write one file per format into ``directory`` (``jcgraph.ttl``, ``jcgraph.nt``, ...), atomically.

    The quads are computed once. A selection other than the default is named in the file name
    (``jcgraph-data-inferred.ttl``).

    :returns: the files written, in format order
    """
    from jcgraph.io.files import atomic_write

    names = [format_name(fmt) for fmt in formats]
    selections = {
        named: quads(kg, what, graph, inference, named=named) for named in {name in QUAD_FORMATS for name in names}
    }
    context = load_context(kg.root)
    suffix = "".join(f"-{part}" for part in (graph, what) if part not in ("all", "asserted"))
    written = []
    for name in names:
        path = Path(directory) / f"{stem}{suffix}{FORMATS[name][0]}"
        atomic_write(path, serialize(selections[name in QUAD_FORMATS], name, context))
        written.append(path)
    return written


# --------------------------------------------------------------------------------------------------
# The JSON-LD context
# --------------------------------------------------------------------------------------------------

#: Well-known terms given a plain JSON name (unless a jc: term already has it).
_COMMON_TERMS: dict[str, tuple[str, str | None]] = {
    "label": ("rdfs:label", "@language"),
    "comment": ("rdfs:comment", "@language"),
    "prefLabel": ("skos:prefLabel", "@language"),
    "altLabel": ("skos:altLabel", "@language"),
    "definition": ("skos:definition", "@language"),
    "scopeNote": ("skos:scopeNote", "@language"),
    "example": ("skos:example", "@language"),
    "title": ("dct:title", "@language"),
    "description": ("dct:description", "@language"),
    "notation": ("skos:notation", None),
    "inScheme": ("skos:inScheme", "@id"),
    "broader": ("skos:broader", "@id"),
    "narrower": ("skos:narrower", "@id"),
    "topConceptOf": ("skos:topConceptOf", "@id"),
    "hasTopConcept": ("skos:hasTopConcept", "@id"),
    "exactMatch": ("skos:exactMatch", "@id"),
    "closeMatch": ("skos:closeMatch", "@id"),
    "sameAs": ("schema:sameAs", "@id"),
    "url": ("schema:url", "@id"),
    "startDate": ("schema:startDate", None),
    "endDate": ("schema:endDate", None),
    "containedInPlace": ("schema:containedInPlace", "@id"),
    "name": ("foaf:name", None),
    "source": ("dct:source", "@id"),
    "publisher": ("dct:publisher", "@id"),
    "issued": ("dct:issued", None),
    "language": ("dct:language", None),
    "license": ("dct:license", "@id"),
    "postIn": ("org:postIn", "@id"),
    "wasAttributedTo": ("prov:wasAttributedTo", "@id"),
    "Person": ("foaf:Person", None),
    "Place": ("schema:Place", None),
    "City": ("schema:City", None),
    "Concept": ("skos:Concept", None),
    "ConceptScheme": ("skos:ConceptScheme", None),
}


#: Datatypes whose values the context coerces (booleans and numbers are native JSON instead).
_COERCED = {XSD_NS + name for name in ("date", "dateTime", "gYear", "gYearMonth", "anyURI")}


def build_context(ontology: Graph) -> dict:
    """Build jcgraph's JSON-LD ``@context`` from the ontology.

    ``id``/``type`` alias ``@id``/``@type``; every ``jc:`` class and property gets its local name as a
    term (object properties take IRIs, ``xsd`` ranges coerce the value); labels and definitions are
    language maps (``{"en": ..., "fr": ...}``); every jcgraph prefix is declared for compact IRIs.

    :param ontology: the ontology's triples
    :returns: the JSON object to use as ``@context``
    """
    from rdflib.namespace import OWL, RDF, RDFS

    jc = PREFIXES["jc"]
    terms: dict[str, object] = {}
    for subject in sorted({s for s in ontology.subjects(RDF.type, None) if str(s).startswith(jc)}):
        local = str(subject)[len(jc) :]
        types = set(ontology.objects(subject, RDF.type))
        if OWL.ObjectProperty in types:
            terms[local] = {"@id": f"jc:{local}", "@type": "@id"}
        elif OWL.DatatypeProperty in types:
            ranges = [r for r in ontology.objects(subject, RDFS.range) if isinstance(r, URIRef)]
            definition: dict[str, str] = {"@id": f"jc:{local}"}
            if len(ranges) == 1 and str(ranges[0]) == RDF_NS + "langString":
                definition["@container"] = "@language"
            elif len(ranges) == 1 and str(ranges[0]) in _COERCED:
                definition["@type"] = "xsd:" + str(ranges[0])[len(XSD_NS) :]
            terms[local] = definition
        else:
            terms[local] = f"jc:{local}"
    for name, (curie, kind) in _COMMON_TERMS.items():
        if name in terms:
            continue  # a jc: term keeps the plain name
        if kind == "@id":
            terms[name] = {"@id": curie, "@type": "@id"}
        elif kind == "@language":
            terms[name] = {"@id": curie, "@container": "@language"}
        else:
            terms[name] = curie
    context: dict[str, object] = {"@version": 1.1, "id": "@id", "type": "@type"}
    context.update(PREFIXES)
    context.update(sorted(terms.items()))
    return context


def context_document(ontology: Graph) -> bytes:
    """The text of ``ontology/context.jsonld``: ``{"@context": ...}``, stable and pretty-printed."""
    document = {"@context": build_context(ontology)}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def load_context(root: Path) -> dict:
    """The ``@context`` shipped at ``root/ontology/context.jsonld`` (else the package's default)."""
    path = Path(root).joinpath(*CONTEXT_PATH)
    if not path.is_file():
        return default_context()
    try:
        return json.loads(path.read_text(encoding="utf-8"))["@context"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"the JSON-LD context is not a JSON object with @context ({exc}); regenerate it with "
            "`jcgraph export --write-context`.",
            path=str(path),
        ) from None


def default_context() -> dict:
    """The context shipped with the package's own graph."""
    from jcgraph.graph.loading import find_root

    path = find_root(None).joinpath(*CONTEXT_PATH)
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))["@context"]
    return {"@version": 1.1, "id": "@id", "type": "@type", **PREFIXES}


__all__ = [
    "FORMATS",
    "build_context",
    "export",
    "export_to_directory",
    "format_name",
    "quads",
    "select_files",
    "serialize",
]
