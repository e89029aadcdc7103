"""Inference on the pyoxigraph store: the entailments jcgraph's ontology needs, computed in two passes.

The ontology's axioms are read from the store into small lookup tables (:class:`RuleSet`). The property
rules do not depend on types, so they are closed first, semi-naively, over Python sets of the few
properties they touch (:func:`property_closure`); then every ``rdf:type`` conclusion follows in a single
pass from domains, ranges and asserted types over the precomputed class hierarchy (:func:`type_closure`).
The conclusions not already asserted are inserted at once; then the SPARQL rules of
``ontology/rules/*.rq`` are applied once, as :func:`jcgraph.backends.memory.infer.closure` does after owlrl.

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

import copy
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from jcgraph.backends.oxigraph.store import ASSERTED, from_rdflib, gc_paused, inferred_graph, to_rdflib
from jcgraph.errors import JcgraphError

if TYPE_CHECKING:
    from pathlib import Path

    from jcgraph.backends.oxigraph.demand import Demand
    from jcgraph.backends.oxigraph.store import GraphStore

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

Pair = tuple  # (subject, object) as pyoxigraph terms


class RuleSet:
    """The ontology's entailments, compiled into lookup tables keyed by property and class IRI."""

    def __init__(self, axioms: Axioms, mode: str) -> None:
        """Compile ``axioms`` for ``mode`` (``rdfs`` or ``owlrl``).

        :raises Unsupported: an axiom makes ``rdf:type`` a conclusion or premise of a property rule
        """
        properties = set(axioms.subproperty) | set(axioms.domain) | set(axioms.range)
        properties |= {p for p, _ in axioms.inverse} | {q for _, q in axioms.inverse}
        properties |= {p for p, _ in axioms.chains} | axioms.symmetric | axioms.transitive
        for targets in axioms.subproperty.values():
            properties |= targets
        self.axioms = axioms
        # The property closure is precomputed so that one step of prp-spo1 goes all the way up.
        self.supers: dict[str, tuple[str, ...]] = {}
        for p in properties:
            if above := axioms.superproperties(p):
                self.supers[p] = tuple(sorted(above))
        self.inverse: dict[str, tuple[str, ...]] = {}
        self.chains: list[tuple[str, list[str]]] = []
        if mode == "owlrl":
            inverse: dict[str, set[str]] = defaultdict(set)
            for p, q in axioms.inverse:
                inverse[p].add(q)
                inverse[q].add(p)
            for p in axioms.symmetric:
                inverse[p].add(p)
            self.inverse = {p: tuple(sorted(qs)) for p, qs in inverse.items()}
            self.chains = sorted(axioms.chains) + [(p, [p, p]) for p in sorted(axioms.transitive)]
        #: every property a property rule reads or writes: its facts are kept in Python during the fixpoint
        self.universe: set[str] = set(self.supers) | set(self.inverse)
        for targets in (*self.supers.values(), *self.inverse.values()):
            self.universe |= set(targets)
        for prop, chain in self.chains:
            self.universe |= {prop, *chain}
        #: properties read by position in a chain: they need an index by subject or by object
        self.by_subject = {p for _, chain in self.chains for p in chain[1:]}
        self.by_object = {p for _, chain in self.chains for p in chain[:-1]}
        #: for each concluded property, the properties its facts can come from (one rule step)
        self.premises: dict[str, set[str]] = defaultdict(set)
        for p, targets in (*self.supers.items(), *self.inverse.items()):
            for q in targets:
                self.premises[q].add(p)
        for prop, chain in self.chains:
            self.premises[prop] |= set(chain)
        #: the only classes whose members are derived (None: all); see :meth:`restricted`
        self.classes: frozenset[str] | None = None
        self._types: dict[str, frozenset[str]] = {}
        self._implied: dict[str, frozenset[str]] = {}
        #: the classes a property's subjects and (non-literal) objects get, superclasses included
        self.domain = {p: self.types(*axioms.domain.get(p, ())) for p in properties if axioms.domain.get(p)}
        self.range = {p: self.types(*axioms.range.get(p, ())) for p in properties if axioms.range.get(p)}
        if _RDF_TYPE in self.universe | set(self.domain) | set(self.range):
            raise Unsupported(
                "the ontology states property axioms about rdf:type, which the fast inference does not cover."
            )

    def implied(self, cls: str) -> frozenset[str]:
        """The classes a member of ``cls`` also belongs to (within :attr:`classes`), memoised; may hold ``cls``."""
        found = self._implied.get(cls)
        if found is None:
            found = self.types(cls)
            if self.classes is not None:
                found &= self.classes
            if found == {cls}:
                found = frozenset()
            self._implied[cls] = found
        return found

    def types(self, *classes: str) -> frozenset[str]:
        """``classes`` and all their superclasses (cax-sco, cax-eqc), memoised."""
        key = "\0".join(sorted(classes))
        found = self._types.get(key)
        if found is None:
            found = set(classes)
            for cls in classes:
                found |= self.axioms.superclasses(cls)
            found = self._types[key] = frozenset(found)
        return found

    def depends_on(self, properties: set[str]) -> set[str]:
        """``properties`` and every property their inferred facts can come from, through any number of rules."""
        found, todo = set(properties), list(properties)
        while todo:
            for p in self.premises.get(todo.pop(), ()):
                if p not in found:
                    found.add(p)
                    todo.append(p)
        return found

    def restricted(self, properties: set[str], classes: frozenset[str] | None) -> RuleSet:
        """The rules that conclude facts of ``properties`` or members of ``classes`` (None: any class).

        :param properties: closed under :meth:`depends_on`, so every premise of a kept rule is derived too
        """
        rules = copy.copy(self)
        rules.supers = {p: kept for p, qs in self.supers.items() if (kept := tuple(q for q in qs if q in properties))}
        rules.inverse = {p: kept for p, qs in self.inverse.items() if (kept := tuple(q for q in qs if q in properties))}
        rules.chains = [(prop, chain) for prop, chain in self.chains if prop in properties]
        rules.universe = self.universe & properties
        rules.by_subject = {p for _, chain in rules.chains for p in chain[1:]}
        rules.by_object = {p for _, chain in rules.chains for p in chain[:-1]}
        if classes is not None:
            rules.classes = classes
            rules.domain = {p: kept for p, cs in self.domain.items() if (kept := cs & classes)}
            rules.range = {p: kept for p, cs in self.range.items() if (kept := cs & classes)}
            rules._implied = {}
        return rules


@dataclass(frozen=True)
class Plan:
    """The part of the closure a query needs: the rules restricted to it and the rule files to apply."""

    rules: RuleSet
    rule_files: list[Path]


def plan(ruleset: RuleSet, demand: Demand, rule_files: list[Path]) -> Plan | None:
    """What to derive so that a query reading ``demand`` gets the same answer as on the whole closure.

    A rule file is applied when its template concludes something the query reads; it then reads its own
    WHERE clause's predicates and classes. Members of a needed class come from asserted types and from the
    domains and ranges of properties, whose facts are then needed too; a property's facts come from the
    properties its rules read (:meth:`RuleSet.depends_on`). Functional properties are always derived, so
    that the check for owlrl's ``owl:sameAs`` case still sees all their values.

    :returns: the plan, or None when the whole closure is needed (a rule file that cannot be analysed)
    """
    from jcgraph.backends.oxigraph import demand as demands

    properties = set(demand.predicates) | ruleset.axioms.functional
    classes = None if demand.classes is None else set(demand.classes)
    pending = []
    for path in rule_files:
        text = path.read_text(encoding="utf-8")
        head = demands.rule_head(text)  # the template only: a rule's WHERE clause is parsed if it applies
        if head is None:
            return None
        pending.append((path, head, text))
    applied: list[Path] = []
    while True:
        before = (len(properties), None if classes is None else len(classes), len(applied))
        for path, head, text in list(pending):
            if _concludes(head, properties, classes):
                parts = demands.of_rule(text)
                if parts is None:
                    return None
                body = parts[1]
                pending.remove((path, head, text))
                applied.append(path)
                properties |= body.predicates
                classes = None if classes is None or body.classes is None else classes | body.classes
        for prop in set(ruleset.domain) | set(ruleset.range):
            gives = ruleset.domain.get(prop, frozenset()) | ruleset.range.get(prop, frozenset())
            if prop in ruleset.universe and (classes is None or gives & classes):
                properties.add(prop)
        properties = ruleset.depends_on(properties)
        if (len(properties), None if classes is None else len(classes), len(applied)) == before:
            break
    restricted = ruleset.restricted(properties, None if classes is None else frozenset(classes))
    return Plan(restricted, sorted(applied))


def _concludes(head: Demand, properties: set[str], classes: set[str] | None) -> bool:
    """Whether a rule whose template is ``head`` concludes a fact of ``properties`` or a member of ``classes``."""
    if head.predicates & properties:
        return True
    if classes is not None and not classes:  # no type is read
        return False
    if head.classes is None:  # the rule types things with a class it computes
        return True
    return bool(head.classes) and (classes is None or bool(head.classes & classes))


def _pairs(store: ox.Store, prop: str) -> set[Pair]:
    """The asserted (subject, object) pairs of ``prop``."""
    return {(q.subject, q.object) for q in store.quads_for_pattern(None, ox.NamedNode(prop), None, ASSERTED)}


def property_closure(store: ox.Store, rules: RuleSet) -> tuple[dict[str, set[Pair]], dict[str, set[Pair]]]:
    """The fixpoint of the property rules (prp-spo1, prp-inv1/2, prp-symp, prp-trp, prp-spo2), in Python.

    These rules read property facts only (never types), so they are closed first, on their own. Evaluation
    is semi-naive: each round joins only the facts the previous round added with everything known.

    :returns: the facts (asserted and inferred) of every property in :attr:`RuleSet.universe`, and the
        inferred ones alone
    """
    known = {p: _pairs(store, p) for p in sorted(rules.universe)}
    new: dict[str, set[Pair]] = {p: set() for p in known}
    by_subject: dict[str, dict] = {p: defaultdict(set) for p in rules.by_subject}
    by_object: dict[str, dict] = {p: defaultdict(set) for p in rules.by_object}
    steps = defaultdict(list)  # property -> [(chain, position)]
    for prop, chain in rules.chains:
        for i, p in enumerate(chain):
            steps[p].append((prop, chain, i))
    delta = {p: pairs for p, pairs in known.items() if pairs}
    while delta:
        for p, pairs in delta.items():
            if p in by_subject:
                index = by_subject[p]
                for s, o in pairs:
                    index[s].add(o)
            if p in by_object:
                index = by_object[p]
                for s, o in pairs:
                    index[o].add(s)
        derived: dict[str, set[Pair]] = defaultdict(set)
        for p, pairs in delta.items():
            for q in rules.supers.get(p, ()):
                derived[q] |= pairs
            inverse = rules.inverse.get(p, ())
            if inverse:
                flipped = {(o, s) for s, o in pairs if not isinstance(o, ox.Literal)}
                for q in inverse:
                    derived[q] |= flipped
            for prop, chain, i in steps.get(p, ()):
                # paths through one fresh step at position i, extended right then left over all facts
                paths = pairs
                for step in chain[i + 1 :]:
                    index = by_subject[step]
                    paths = {(a, c) for a, b in paths for c in index.get(b, ())}
                for step in reversed(chain[:i]):
                    index = by_object[step]
                    paths = {(z, b) for a, b in paths for z in index.get(a, ())}
                derived[prop] |= paths
        delta = {}
        for q, pairs in derived.items():
            pairs -= known[q]
            if pairs:
                known[q] |= pairs
                new[q] |= pairs
                delta[q] = pairs
    return known, new


def type_closure(store: ox.Store, rules: RuleSet, known: dict[str, set[Pair]]) -> dict[str, set]:
    """The rdf:type conclusions (prp-dom, prp-rng, cax-sco, cax-eqc1/2) in one pass, asserted types left out.

    Computed class by class with set algebra: the members of a class are the subjects of the properties
    whose domain implies it, the (non-literal) objects of those whose range does, and the asserted
    members of its subclasses (all closed over the class hierarchy beforehand, so no rule is iterated);
    its asserted members are then taken away. Each property's subjects or objects are read once.

    :param known: every fact of the properties in :attr:`RuleSet.universe`, from :func:`property_closure`
    :returns: class IRI -> the nodes newly typed with it
    """
    rdf_type = ox.NamedNode(_RDF_TYPE)

    def facts(prop: str):
        if prop in known:
            return known[prop]
        return [(q.subject, q.object) for q in store.quads_for_pattern(None, ox.NamedNode(prop), None, ASSERTED)]

    gives: dict[str, list] = defaultdict(list)  # class -> [(kind, key)] of where its members come from
    for prop, classes in rules.domain.items():
        for cls in classes:
            gives[cls].append(("subjects", prop))
    for prop, classes in rules.range.items():
        for cls in classes:
            gives[cls].append(("objects", prop))
    for cls in sorted(rules.axioms.subclass):
        for implied in rules.implied(cls):
            if implied != cls:
                gives[implied].append(("members", cls))
    sources: dict[tuple[str, str], set] = {}

    def nodes(kind: str, key: str) -> set:
        found = sources.get((kind, key))
        if found is None:
            if kind == "subjects":
                found = {s for s, _ in facts(key)}
            elif kind == "objects":
                found = {o for _, o in facts(key) if not isinstance(o, ox.Literal)}
            else:
                found = {q.subject for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(key), ASSERTED)}
            sources[kind, key] = found
        return found

    found: dict[str, set] = {}
    for cls in sorted(gives):
        members: set = set()
        for kind, key in gives[cls]:
            members |= nodes(kind, key)
        if members:
            members -= nodes("members", cls)
        if members:
            found[cls] = members
    return found


def inferred_graphs(store: GraphStore, mode: str) -> list[ox.NamedNode]:
    """The graphs holding ``mode``'s inferred triples: the closure's graph, then the rules' graph."""
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


def materialise(store: GraphStore, mode: str, rules: list[Path] | None = None, demand: Demand | None = None) -> int:
    """Compute the closure for ``mode`` into the graphs :func:`inferred_graphs` lists.

    The property rules are closed first, in Python (:func:`property_closure`); every type follows from
    them in one pass (:func:`type_closure`); the conclusions not already asserted are added to the graph
    ``<…/inferred/MODE/01>`` at once. Then the rule files' conclusions go to ``<…/inferred/MODE/rules>``.

    With ``demand``, only the part of the closure a query reading it needs is derived (:func:`plan`):
    the query's answer is the same, and the store is not marked as holding the whole closure.

    :param store: the graph store (asserted triples in :data:`~jcgraph.backends.oxigraph.store.ASSERTED`)
    :param mode: ``rdfs`` or ``owlrl``
    :param rules: SPARQL CONSTRUCT rule files applied once after the fixpoint; default: the store's root's
    :param demand: what a query reads (:func:`jcgraph.backends.oxigraph.demand.of_query`); None for the whole closure
    :returns: the number of inferred triples
    :raises Unsupported: the graph needs entailments the fast path does not compute
    """
    from jcgraph.graph.loading import rule_files

    s = store.store
    for graph in inferred_graphs(store, mode):
        s.remove_graph(graph)
    axioms = Axioms.read(store)
    if mode == "owlrl":
        _check_functional(store, axioms, [ASSERTED])
    ruleset = RuleSet(axioms, mode)
    if rules is None:
        rules = rule_files(store.root) if store.root is not None else []
    partial = plan(ruleset, demand, rules) if demand is not None else None
    if partial is not None:
        ruleset, rules = partial.rules, partial.rule_files
    target = ox.NamedNode(f"{inferred_graph(mode).value}/01")
    s.add_graph(target)
    with gc_paused():
        known, new = property_closure(s, ruleset)
        types = type_closure(s, ruleset, known)
        del known
        total = sum(map(len, new.values())) + sum(map(len, types.values()))
        derived = {prop for prop, pairs in new.items() if pairs}, set(types)
        # Inserted straight from the sets (no list of quads): memory stays at the store's own growth.
        for prop, pairs in new.items():
            predicate = ox.NamedNode(prop)
            s.extend(ox.Quad(a, predicate, b, target) for a, b in pairs)
        del new
        rdf_type = ox.NamedNode(_RDF_TYPE)
        for cls, members in types.items():
            node = ox.NamedNode(cls)
            s.extend(ox.Quad(member, rdf_type, node, target) for member in members)
        del types
    every = [ASSERTED, target]
    if mode == "owlrl":
        _check_functional(store, axioms, every)
    target = ox.NamedNode(f"{inferred_graph(mode).value}/rules")
    s.add_graph(target)
    for rule in rules:
        text = rule.read_text(encoding="utf-8")
        new_quads = set()
        for triple in s.query(text, default_graph=every if _reads_any(text, *derived) else [ASSERTED]):
            if not any(ox.Quad(triple.subject, triple.predicate, triple.object, g) in s for g in every):
                new_quads.add(ox.Quad(triple.subject, triple.predicate, triple.object, target))
        s.extend(new_quads)
        total += len(new_quads)
    if partial is None:
        store.mark_inferred(mode)
    return total


def _reads_any(rule: str, predicates: set[str], classes: set[str]) -> bool:
    """Whether a rule's WHERE clause can read one of the inferred ``predicates`` or members of ``classes``.

    A rule that reads asserted facts only is evaluated over the asserted graph alone: a query over the
    union of two graphs costs oxigraph noticeably more (0.66 s instead of 0.40 s at a million triples).
    """
    from jcgraph.backends.oxigraph.demand import of_rule

    parts = of_rule(rule)
    if parts is None:
        return True
    body = parts[1]
    return bool(body.predicates & predicates) or body.classes is None or bool(body.classes & classes)


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
    """Drop owlrl's RDFS-mode literal mix-ups (:func:`~jcgraph.backends.memory.infer.literal_artifacts`).

    :param triples: compared triples (from :func:`comparable`)
    :param asserted: the asserted graph
    """
    from jcgraph.backends.memory.infer import literal_artifacts

    return set(triples) - set(literal_artifacts(triples, asserted))


def closure(store: GraphStore, mode: str, rules: list[Path] | None = None) -> Graph:
    """The triples ``mode`` adds, as an rdflib graph (fast :func:`~jcgraph.backends.memory.infer.closure`)."""
    materialise(store, mode, rules)
    graph = Graph()
    for target in inferred_graphs(store, mode):
        for quad in store.store.quads_for_pattern(None, None, None, target):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph
