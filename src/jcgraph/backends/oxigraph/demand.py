"""What a SPARQL query can read: the predicates of its triple patterns and the classes of its type patterns.

A query's answer depends only on the triples its patterns can match. When every pattern names its
predicate, and every ``rdf:type`` pattern its class, the inferred triples with other predicates or
classes cannot change the answer, so inference for that query need only derive those
(:func:`jcgraph.backends.oxigraph.infer.plan`). Anything that could match any predicate (a variable in predicate
position, a negated property set, ``DESCRIBE``) or that rdflib's parser cannot read gives ``None``:
everything is derived, as before.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from rdflib import URIRef, Variable
from rdflib.namespace import RDF
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
from rdflib.plugins.sparql.parserutils import CompValue

_TYPE = str(RDF.type)
#: parse-tree nodes that rdflib's algebra normally replaces by BGPs and paths
_UNTRANSLATED = frozenset({"TriplesBlock", "TriplesSameSubject", "TriplesSameSubjectPath", "PathAlternative"})


@dataclass(frozen=True)
class Demand:
    """The predicates (``rdf:type`` aside) and the classes a query's patterns can match.

    :ivar predicates: IRIs of the predicates read
    :ivar classes: IRIs of the classes of ``rdf:type`` patterns; None when a type pattern has a variable class
    """

    predicates: frozenset[str] = frozenset()
    classes: frozenset[str] | None = frozenset()

    def __or__(self, other: Demand) -> Demand:
        """What either demand reads."""
        classes = None if self.classes is None or other.classes is None else self.classes | other.classes
        return Demand(self.predicates | other.predicates, classes)

    def covers(self, other: Demand) -> bool:
        """Whether everything ``other`` reads is read by this demand too."""
        if not other.predicates <= self.predicates:
            return False
        return self.classes is None or (other.classes is not None and other.classes <= self.classes)


class _Anything(Exception):
    """The query can read any predicate."""


class _Collector:
    def __init__(self) -> None:
        self.predicates: set[str] = set()
        self.classes: set[str] | None = set()

    def pattern(self, predicate, obj) -> None:
        if isinstance(predicate, Variable):
            raise _Anything
        if isinstance(predicate, URIRef):
            if str(predicate) != _TYPE:
                self.predicates.add(str(predicate))
            elif isinstance(obj, URIRef):
                if self.classes is not None:
                    self.classes.add(str(obj))
            else:
                self.classes = None
            return
        self.path(predicate)

    def path(self, path) -> None:
        if isinstance(path, URIRef):
            if str(path) == _TYPE:  # a type step inside a path: its class is not a constant
                self.classes = None
            else:
                self.predicates.add(str(path))
        elif isinstance(path, AlternativePath | SequencePath):
            for step in path.args:
                self.path(step)
        elif isinstance(path, InvPath):
            self.path(path.arg)
        elif isinstance(path, MulPath):
            self.path(path.path)
        else:  # NegatedPath, or anything new: any predicate may match
            raise _Anything

    def walk(self, node) -> None:
        if isinstance(node, CompValue):
            if node.name == "DescribeQuery":
                raise _Anything
            if node.name == "BGP":
                for _s, p, o in node["triples"]:
                    self.pattern(p, o)
            elif node.name in _UNTRANSLATED:  # a pattern left in parse-tree form: not read reliably
                raise _Anything
            elif node.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
                # rdflib keeps the translated pattern as an attribute, beside the untranslated dict entry
                self.walk(vars(node).get("graph", node.get("graph")))
                return
            for value in node.values():
                self.walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                self.walk(value)
        elif isinstance(node, NegatedPath):
            raise _Anything


def _parse(text: str):
    """Parse ``text`` with rdflib, on a thread of its own.

    rdflib's parser (pyparsing) leaves cyclic garbage, exceptions whose tracebacks hold every calling
    frame. Parsed deep inside a query, that garbage would keep the query's pyoxigraph results alive
    until a collection on another thread, which pyoxigraph refuses ("unsendable ... dropped on another
    thread"). On a fresh thread the garbage can only hold that thread's own frames.
    """
    from rdflib.plugins.sparql import prepareQuery

    from jcgraph.namespaces import PREFIXES

    box: dict = {}

    def parse() -> None:
        try:
            box["query"] = prepareQuery(text, initNs=PREFIXES)
        except Exception as exc:  # re-raised below, on the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=parse, name="jcgraph-parse")
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]
    return box["query"]


@lru_cache(maxsize=64)  # a query asked again (a partial closure is checked against it) is parsed once
def of_query(text: str) -> Demand | None:
    """What query ``text`` (a SELECT, ASK or CONSTRUCT; jcgraph's prefixes predeclared) can read.

    :returns: the demand, or None when the query could read any predicate (or does not parse in rdflib)

    >>> of_query("SELECT ?x WHERE { ?x a jc:State ; rdfs:label ?l }")
    Demand(predicates=frozenset({'http://www.w3.org/2000/01/rdf-schema#label'}), classes=frozenset({'https://w3id.org/jcgraph/ontology#State'}))
    >>> of_query("SELECT * WHERE { ?s ?p ?o }") is None
    True
    """
    try:
        algebra = _parse(text).algebra
    except Exception:  # rdflib cannot read it (pyoxigraph may): derive everything
        return None
    collector = _Collector()
    try:
        collector.walk(algebra)
    except _Anything:
        return None
    classes = None if collector.classes is None else frozenset(collector.classes)
    return Demand(frozenset(collector.predicates), classes)


_TEMPLATE = re.compile(r"\bCONSTRUCT\s*\{([^{}]*)\}", re.IGNORECASE)


@lru_cache(maxsize=64)
def rule_head(text: str) -> Demand | None:
    """What a CONSTRUCT rule concludes (its template), read without parsing its WHERE clause; None if unknown.

    Whether a query needs a rule is decided by its template alone; the WHERE clause, often most of the
    text (rdflib parses a 4 KB rule in ~0.1 s), is parsed by :func:`of_rule` only for the rules applied.
    """
    code = re.sub(r"(?m)#[^\n<>\"']*$", "", text)  # comments (never inside an IRI or a string here)
    match = _TEMPLATE.search(code)
    if match is None:
        parts = of_rule(text)
        return parts[0] if parts is not None else None
    prologue = code[: match.start()]
    try:
        algebra = _parse(prologue + "CONSTRUCT {" + match.group(1) + "} WHERE {}").algebra
    except Exception:
        parts = of_rule(text)
        return parts[0] if parts is not None else None
    head = _Collector()
    try:
        for _s, p, o in algebra.get("template") or ():
            head.pattern(p, o)
    except _Anything:
        return None
    return Demand(frozenset(head.predicates), None if head.classes is None else frozenset(head.classes))


@lru_cache(maxsize=64)  # read by plan() and again when the rule is applied
def of_rule(text: str) -> tuple[Demand, Demand] | None:
    """What a CONSTRUCT rule concludes (its template) and reads (its WHERE clause); None if unknown."""
    try:
        algebra = _parse(text).algebra
    except Exception:
        return None
    template = algebra.get("template")
    if template is None:
        return None
    head = _Collector()
    body = _Collector()
    try:
        for _s, p, o in template:
            head.pattern(p, o)
        body.walk(algebra["p"])
    except _Anything:
        return None
    return (
        Demand(frozenset(head.predicates), None if head.classes is None else frozenset(head.classes)),
        Demand(frozenset(body.predicates), None if body.classes is None else frozenset(body.classes)),
    )
