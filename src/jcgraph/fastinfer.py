"""Inference on the pyoxigraph store: the entailments jcgraph's ontology needs, as SPARQL rules.

The ontology's axioms are read from the store and compiled into SPARQL ``INSERT`` rules that run
inside oxigraph, repeated until nothing new appears (a fixpoint); then the SPARQL rules of
``ontology/rules/*.rq`` are applied once, as :func:`jcgraph.infer.closure` does after owlrl.

What is covered (the OWL 2 RL rules whose premises the ontology uses; names as in the OWL 2 RL profile):
class hierarchy (``cax-sco``, ``cax-eqc1/2``), property hierarchy (``prp-spo1``, ``prp-eqp1/2``),
domain and range (``prp-dom``, ``prp-rng``, including those of super-properties), inverses
(``prp-inv1/2``), symmetric and transitive properties (``prp-symp``, ``prp-trp``) and property chains of
any length (``prp-spo2``). In ``rdfs`` mode only the hierarchy, domain and range rules run, as in owlrl's
RDFS semantics.

What is not: anything that would need equality reasoning or class expressions. When the graph holds
such axioms (``owl:Restriction``, ``owl:intersectionOf``, ``owl:unionOf``, ``owl:hasKey``, ``owl:sameAs``)
or a functional property with two values for one subject (owlrl would derive ``owl:sameAs`` and rewrite
the graph), :func:`materialise` raises :class:`Unsupported` and callers fall back to owlrl.

The result equals owlrl's closure on the *instance-level* triples: see :func:`comparable` for exactly
which triples are compared, and ``tests/test_fastpath.py`` for the check.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from .errors import JcgraphError
from .store import ASSERTED, from_rdflib, inferred_graph, to_rdflib

if TYPE_CHECKING:
    from pathlib import Path

    from .store import GraphStore

_RDF_TYPE = str(RDF.type)


class Unsupported(JcgraphError):
    """The graph needs entailments the fast path does not compute; use owlrl instead."""


# -- reading the axioms --------------------------------------------------------------------------------


class Axioms:
    """The schema axioms of a graph, as Python dicts, with their transitive closures."""

    def __init__(self) -> None:
        """Start empty; fill with :meth:`read`."""
        self.subclass: dict[str, set[str]] = defaultdict(set)
        self.subproperty: dict[str, set[str]] = defaultdict(set)
        self.domain: dict[str, set[str]] = defaultdict(set)
        self.range: dict[str, set[str]] = defaultdict(set)
        self.inverse: set[tuple[str, str]] = set()
        self.symmetric: set[str] = set()
        self.transitive: set[str] = set()
        self.functional: set[str] = set()
        self.chains: list[tuple[str, list[str]]] = []

    @classmethod
    def read(cls, store: GraphStore) -> Axioms:
        """Read the axioms from the asserted triples of ``store``.

        :raises Unsupported: the graph uses axioms outside the supported set
        """
        axioms = cls()
        s = store.store

        def pairs(predicate):
            for quad in s.quads_for_pattern(None, from_rdflib(predicate), None, ASSERTED):
                if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
                    yield quad.subject.value, quad.object.value

        for a, b in pairs(RDFS.subClassOf):
            axioms.subclass[a].add(b)
        for a, b in pairs(OWL.equivalentClass):
            axioms.subclass[a].add(b)
            axioms.subclass[b].add(a)
        for a, b in pairs(RDFS.subPropertyOf):
            axioms.subproperty[a].add(b)
        for a, b in pairs(OWL.equivalentProperty):
            axioms.subproperty[a].add(b)
            axioms.subproperty[b].add(a)
        for a, b in pairs(RDFS.domain):
            axioms.domain[a].add(b)
        for a, b in pairs(RDFS.range):
            axioms.range[a].add(b)
        for a, b in pairs(OWL.inverseOf):
            axioms.inverse.add((a, b))
        for name, target in (
            (OWL.SymmetricProperty, axioms.symmetric),
            (OWL.TransitiveProperty, axioms.transitive),
            (OWL.FunctionalProperty, axioms.functional),
        ):
            for quad in s.quads_for_pattern(None, from_rdflib(RDF.type), from_rdflib(name), ASSERTED):
                target.add(quad.subject.value)
        for quad in s.quads_for_pattern(None, from_rdflib(OWL.propertyChainAxiom), None, ASSERTED):
            axioms.chains.append((quad.subject.value, _read_list(s, quad.object)))
        for unsupported in (OWL.Restriction, OWL.AllDisjointClasses):
            if next(s.quads_for_pattern(None, from_rdflib(RDF.type), from_rdflib(unsupported), ASSERTED), None):
                raise Unsupported(f"the graph uses {unsupported.n3()}, which the fast inference does not cover.")
        for unsupported in (
            OWL.intersectionOf,
            OWL.unionOf,
            OWL.hasKey,
            OWL.sameAs,
            OWL.oneOf,
            OWL.InverseFunctionalProperty,
        ):
            if next(s.quads_for_pattern(None, from_rdflib(unsupported), None, ASSERTED), None) or next(
                s.quads_for_pattern(None, from_rdflib(RDF.type), from_rdflib(unsupported), ASSERTED), None
            ):
                raise Unsupported(f"the graph uses {unsupported.n3()}, which the fast inference does not cover.")
        return axioms

    def superclasses(self, cls: str) -> set[str]:
        """Every strict or equivalent superclass of ``cls`` (never ``cls`` itself)."""
        return _reach(self.subclass, cls)

    def superproperties(self, prop: str) -> set[str]:
        """Every super-property of ``prop`` (never ``prop`` itself)."""
        return _reach(self.subproperty, prop)


def _reach(edges: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(edges.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    seen.discard(start)
    return seen


def _read_list(store: ox.Store, head) -> list[str]:
    items = []
    nil = from_rdflib(RDF.nil)
    while head != nil:
        first = next(store.quads_for_pattern(head, from_rdflib(RDF.first), None, ASSERTED), None)
        rest = next(store.quads_for_pattern(head, from_rdflib(RDF.rest), None, ASSERTED), None)
        if first is None or rest is None or len(items) > 50:
            raise Unsupported("a property chain is not a well-formed RDF list.")
        items.append(first.object.value)
        head = rest.object
    return items


# -- compiling the rules -----------------------------------------------------------------------------


def _values(pairs: list[tuple[str, str]], a: str, b: str) -> str:
    rows = " ".join(f"(<{x}> <{y}>)" for x, y in sorted(pairs))
    return f"VALUES (?{a} ?{b}) {{ {rows} }}"


def _in(graphs: list[ox.NamedNode], pattern: str) -> str:
    """``pattern`` matched in any of ``graphs`` (a UNION of GRAPH blocks)."""
    return " UNION ".join(f"{{ GRAPH <{g.value}> {{ {pattern} }} }}" for g in graphs)


def _absent(graphs: list[ox.NamedNode], pattern: str) -> str:
    """A filter that ``pattern`` is in none of ``graphs``."""
    return " ".join(f"FILTER NOT EXISTS {{ GRAPH <{g.value}> {{ {pattern} }} }}" for g in graphs)


class RuleSet:
    """The ontology's entailments, compiled: which pairs each rule family applies to."""

    def __init__(self, axioms: Axioms, mode: str) -> None:
        """Compile ``axioms`` for ``mode`` (``rdfs`` or ``owlrl``)."""
        properties = set(axioms.subproperty) | set(axioms.domain) | set(axioms.range)
        properties |= {p for p, _ in axioms.inverse} | {q for _, q in axioms.inverse}
        properties |= {p for p, _ in axioms.chains} | axioms.symmetric | axioms.transitive
        for targets in axioms.subproperty.values():
            properties |= targets
        # The property closure is precomputed so that one pass of each rule goes all the way up.
        self.sub_pairs = sorted((p, q) for p in properties for q in axioms.superproperties(p))
        self.dom_pairs = sorted((p, d) for p in properties for d in axioms.domain.get(p, ()))
        self.rng_pairs = sorted((p, r) for p in properties for r in axioms.range.get(p, ()))
        classes = set(axioms.subclass) | {d for _, d in self.dom_pairs} | {r for _, r in self.rng_pairs}
        self.type_pairs = sorted((c, d) for c in classes for d in axioms.superclasses(c))
        self.inv_pairs: list[tuple[str, str]] = []
        self.chains: list[tuple[str, list[str]]] = []
        self.transitive: list[str] = []
        if mode == "owlrl":
            inverse = set()
            for p, q in axioms.inverse:
                inverse |= {(p, q), (q, p)}
            inverse |= {(p, p) for p in axioms.symmetric}
            self.inv_pairs = sorted(inverse)
            self.chains = sorted(axioms.chains)
            self.transitive = sorted(axioms.transitive)

    def updates(self, fresh: list[ox.NamedNode], every: list[ox.NamedNode], target: ox.NamedNode) -> list[str]:
        """One round of SPARQL updates, semi-naive: each conclusion needs a premise from ``fresh``.

        :param fresh: graphs holding the triples not yet used as premises (all asserted ones at first)
        :param every: every graph of the dataset (asserted and inferred so far, ``target`` included)
        :param target: where this round's conclusions go
        """
        into = f"GRAPH <{target.value}>"
        rules = []

        def family(
            head: str, pairs: list[tuple[str, str]], pattern: str, check: str, keep: str, guard: str = ""
        ) -> None:
            if pairs:
                rules.append(
                    f"INSERT {{ {into} {{ {head} }} }} WHERE {{ {{ SELECT DISTINCT {keep} WHERE {{ "
                    f"{_values(pairs, 'a', 'b')} {_in(fresh, pattern)} {guard} }} }} "
                    f"{_absent(every, check)} }}"
                )

        family("?y ?b ?x", self.inv_pairs, "?x ?a ?y", "?y ?b ?x", "?x ?y ?b", "FILTER (!isLiteral(?y))")
        for prop, chain in self.chains + [(p, [p, p]) for p in self.transitive]:
            variants = []
            for i in range(len(chain)):
                steps = " ".join(_in(fresh if j == i else every, f"?v{j} <{p}> ?v{j + 1}") for j, p in enumerate(chain))
                variants.append(f"{{ {steps} }}")
            last = f"?v{len(chain)}"
            rules.append(
                f"INSERT {{ {into} {{ ?v0 <{prop}> {last} }} }} WHERE {{ {{ SELECT DISTINCT ?v0 {last} "
                f"WHERE {{ {' UNION '.join(variants)} }} }} {_absent(every, f'?v0 <{prop}> {last}')} }}"
            )
        family("?x ?b ?y", self.sub_pairs, "?x ?a ?y", "?x ?b ?y", "?x ?y ?b")
        family("?x a ?b", self.dom_pairs, "?x ?a ?y", "?x a ?b", "?x ?b", "FILTER (!isLiteral(?x))")
        family("?y a ?b", self.rng_pairs, "?x ?a ?y", "?y a ?b", "?y ?b", "FILTER (!isLiteral(?y))")
        family("?x a ?b", self.type_pairs, "?x a ?a", "?x a ?b", "?x ?b")
        return rules


def _count(store: ox.Store, graph: ox.NamedNode) -> int:
    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}")
    return int(next(iter(result))["n"].value)


def inferred_graphs(store: GraphStore, mode: str) -> list[ox.NamedNode]:
    """The graphs holding ``mode``'s inferred triples: one per round, then the rules' graph."""
    prefix = inferred_graph(mode).value + "/"
    return sorted(
        (g for g in store.store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(prefix)),
        key=lambda g: g.value,
    )


def _check_functional(store: GraphStore, axioms: Axioms, graphs: list[ox.NamedNode]) -> None:
    """Owlrl turns two values of a functional property into ``owl:sameAs``: leave that to owlrl."""
    for prop in sorted(axioms.functional):
        ask = f"ASK {{ ?x <{prop}> ?a , ?b . FILTER (!sameTerm(?a, ?b)) }}"
        if store.store.query(ask, default_graph=graphs):
            raise Unsupported(
                f"<{prop}> is functional but some node has two values for it; owlrl would "
                "derive owl:sameAs, which the fast inference does not cover."
            )


def materialise(store: GraphStore, mode: str, rules: list[Path] | None = None, *, max_rounds: int = 50) -> int:
    """Compute the closure for ``mode`` into the graphs :func:`inferred_graphs` lists.

    Round *k* writes the graph ``<…/_inferred/MODE/NN>``; each round uses as premises only what the
    previous round added (semi-naive evaluation), so the rounds after the first cost little.

    :param store: the graph store (asserted triples in :data:`~jcgraph.store.ASSERTED`)
    :param mode: ``rdfs`` or ``owlrl``
    :param rules: SPARQL CONSTRUCT rule files applied once after the fixpoint; default: the store's root's
    :returns: the number of inferred triples
    :raises Unsupported: the graph needs entailments the fast path does not compute
    """
    from .graph import rule_files

    s = store.store
    for graph in inferred_graphs(store, mode):
        s.remove_graph(graph)
    axioms = Axioms.read(store)
    if mode == "owlrl":
        _check_functional(store, axioms, [ASSERTED])
    ruleset = RuleSet(axioms, mode)
    every = [ASSERTED]
    fresh = [ASSERTED]
    total = 0
    for number in range(1, max_rounds + 1):
        target = ox.NamedNode(f"{inferred_graph(mode).value}/{number:02d}")
        s.add_graph(target)
        every = every + [target]
        # Conclusions of this round are premises of its later rules too ("fresh" includes target).
        for update in ruleset.updates(fresh + [target], every, target):
            s.update(update)
        added = _count(s, target)
        total += added
        if not added:
            s.remove_graph(target)
            every.pop()
            break
        fresh = [target]
    else:  # pragma: no cover - the ontology's rules converge in a few rounds
        raise Unsupported("the inference rules did not reach a fixpoint.")
    if mode == "owlrl":
        _check_functional(store, axioms, every)
    if rules is None:
        rules = rule_files(store.root) if store.root is not None else []
    target = ox.NamedNode(f"{inferred_graph(mode).value}/rules")
    s.add_graph(target)
    for rule in rules:
        new = []
        for triple in s.query(rule.read_text(encoding="utf-8"), default_graph=every):
            if not any(ox.Quad(triple.subject, triple.predicate, triple.object, g) in s for g in every):
                new.append(ox.Quad(triple.subject, triple.predicate, triple.object, target))
        s.extend(new)
        total += len(set(new))
    store.mark_inferred(mode)
    return total


# -- the reference, and what is compared ---------------------------------------------------------------

#: Predicates that describe the schema, not the data: owlrl's schema-level (``scm-*``) conclusions.
SCHEMA_PREDICATES = frozenset(
    {
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.inverseOf,
        OWL.disjointWith,
        OWL.propertyChainAxiom,
        OWL.sameAs,
        OWL.differentFrom,
    }
)
#: Classes of terms (meta-classes): "X is a class", "P is a property", "everything is a Thing".
META_CLASSES = frozenset(
    {
        OWL.Class,
        RDFS.Class,
        OWL.Thing,
        OWL.Nothing,
        RDFS.Resource,
        OWL.NamedIndividual,
        RDF.Property,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.OntologyProperty,
        RDFS.Datatype,
        OWL.FunctionalProperty,
        OWL.InverseFunctionalProperty,
        OWL.SymmetricProperty,
        OWL.AsymmetricProperty,
        OWL.TransitiveProperty,
        OWL.ReflexiveProperty,
        OWL.IrreflexiveProperty,
        OWL.Ontology,
        RDFS.Literal,
        RDF.List,
        OWL.Restriction,
        RDFS.ContainerMembershipProperty,
        OWL.DeprecatedClass,
        OWL.DeprecatedProperty,
        OWL.DataRange,
        OWL.AllDifferent,
        OWL.AllDisjointClasses,
        OWL.AllDisjointProperties,
    }
)


def comparable(graph: Graph) -> set[tuple]:
    """The instance-level triples of an inferred graph: the part fast inference must reproduce.

    Dropped, because they are about the vocabulary rather than the data (owlrl's ``scm-*`` rules and
    its typing of terms), or are not valid RDF:

    - triples whose predicate is in :data:`SCHEMA_PREDICATES` (class/property hierarchy, domains, ...);
    - ``rdf:type`` triples whose class is in :data:`META_CLASSES` (``owl:Class``, ``rdf:Property``, ...);
    - triples with a literal subject (owlrl types literals by the range of datatype properties).

    :param graph: inferred triples (from owlrl or from the fast path)
    :returns: the compared triples
    """
    kept = set()
    for s, p, o in graph:
        if isinstance(s, Literal) or p in SCHEMA_PREDICATES:
            continue
        if p == RDF.type and o in META_CLASSES:
            continue
        kept.add((s, p, o))
    return kept


def without_literal_artifacts(triples: set[tuple], asserted: Graph) -> set[tuple]:
    """Drop owlrl's RDFS-mode literal mix-ups from a set of compared triples.

    In ``rdfs`` mode owlrl replaces literals by stand-in nodes and back, and confuses literals with the
    same text (``"X"`` and ``"X"@en``): it derives ``person rdfs:label "X"`` from ``foaf:name "X"``
    with no axiom linking the two. A derived triple with a literal object is kept only if the subject
    has that very literal through a sub-property of the predicate (RDFS rule ``rdfs7``).

    :param triples: compared triples (from :func:`comparable`)
    :param asserted: the asserted graph
    """
    kept = set()
    for s, p, o in triples:
        if isinstance(o, Literal):
            sources = {q for q, lit in asserted.predicate_objects(s) if lit == o}
            if not any(p in set(asserted.transitive_objects(q, RDFS.subPropertyOf)) for q in sources):
                continue
        kept.add((s, p, o))
    return kept


def closure(store: GraphStore, mode: str, rules: list[Path] | None = None) -> Graph:
    """The triples ``mode`` adds, as an rdflib graph (the fast counterpart of :func:`jcgraph.infer.closure`)."""
    materialise(store, mode, rules)
    graph = Graph()
    for target in inferred_graphs(store, mode):
        for quad in store.store.quads_for_pattern(None, None, None, target):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph
