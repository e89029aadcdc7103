"""SHACL validation on the pyoxigraph store: whole graphs as SPARQL, deltas through their neighbourhood.

Two fast paths, both giving pySHACL's results (focus node, path, value, constraint component,
severity, source shape):

- :func:`validate_store` compiles the shapes into SPARQL queries run inside oxigraph. The constraint
  components covered are those :data:`SUPPORTED` lists (the ones ``ontology/shapes`` uses, and a few
  more); a shape using anything else makes :func:`compile_shapes` raise :class:`Unsupported`, and
  :func:`validate_store` then hands the whole graph to pySHACL, never skipping a constraint silently.
- :func:`validate_delta` validates new triples in the context of the store: it takes from the store
  only the triples that validating the delta's focus nodes can read (their outgoing triples, every
  shape's paths including inverse steps, the values' types and the nodes that ``sh:node``,
  ``sh:or`` and qualified shapes reach, and every triple a SPARQL constraint's patterns can reach
  from ``$this``), then runs pySHACL on that small graph, exactly as :func:`jcgraph.validation.validate.validate`
  would on the whole one.
"""

from __future__ import annotations

import itertools
import os
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from jcgraph.backends.oxigraph.store import ASSERTED, GraphStore, from_rdflib, to_rdflib
from jcgraph.errors import JcgraphError
from jcgraph.namespaces import bind_prefixes

#: Constraint parameters the SPARQL compiler understands (others make it fall back to pySHACL).
SUPPORTED = frozenset(
    {
        SH.minCount,
        SH.maxCount,
        SH["class"],
        SH.datatype,
        SH["in"],
        SH.pattern,
        SH.flags,
        SH["or"],
        SH["and"],
        SH["not"],
        SH.node,
        SH.nodeKind,
        SH.languageIn,
        SH.hasValue,
        SH.sparql,
        SH.qualifiedValueShape,
        SH.qualifiedMinCount,
        SH.qualifiedMaxCount,
        SH.minLength,
        SH.maxLength,
    }
)
#: Shape-describing predicates that are not constraints.
_NON_CONSTRAINTS = frozenset(
    {
        RDF.type,
        SH.path,
        SH.property,
        SH.severity,
        SH.message,
        SH.name,
        SH.description,
        SH.targetClass,
        SH.targetSubjectsOf,
        SH.targetObjectsOf,
        SH.targetNode,
        SH.deactivated,
        SH.order,
        SH.group,
        RDFS.label,
        RDFS.comment,
        SH.defaultValue,
        RDFS.seeAlso,
        RDFS.isDefinedBy,
        SH.declare,
        SH.prefixes,
    }
)
_COMPONENT = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedMaxCount: SH.QualifiedMaxCountConstraintComponent,
}
_INSTANCE_OF = "rdf:type/rdfs:subClassOf*"
#: Where :func:`run_checks` puts a ``VALUES ?this {...}`` clause when only some focus nodes are validated.
FOCUS = "#FOCUS#\n"
_PROLOGUE = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)


class Unsupported(JcgraphError):
    """The shapes use a SHACL feature the SPARQL compiler does not cover; pySHACL must run instead."""


@dataclass(frozen=True)
class Result:
    """One validation result, as the fields pySHACL reports (path in SPARQL syntax)."""

    focus: Node
    path: str | None
    value: Node | None
    component: URIRef
    severity: URIRef
    shape: Node
    bindings: tuple = ()

    def key(self) -> tuple:
        """The compared fields (everything but the message bindings)."""
        return (self.focus, self.path, self.value, self.component, self.severity, self.shape)


@dataclass
class Check:
    """One compiled constraint: a SELECT with ``?this`` (and ``?value`` / ``?path`` when reported)."""

    query: str
    shape: Node
    component: URIRef
    severity: URIRef
    path: str | None
    path_node: Node | None
    has_value: bool
    constraint: Node | None = None
    messages: list = field(default_factory=list)


# -- paths and terms ----------------------------------------------------------------------------------


def _n3(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise Unsupported(f"a blank node ({term}) cannot be written into a compiled query.")


def sparql_path(graph: Graph, path) -> str:
    """A SHACL path in SPARQL property-path syntax with full IRIs.

    :raises Unsupported: the path is not a well-formed SHACL path
    """
    if isinstance(path, URIRef):
        return f"<{path}>"
    if graph.value(path, RDF.first) is not None:
        return "(" + "/".join(sparql_path(graph, step) for step in Collection(graph, path)) + ")"
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({sparql_path(graph, inner)}){suffix}"
    inner = graph.value(path, SH.inversePath)
    if inner is not None:
        return f"^({sparql_path(graph, inner)})"
    inner = graph.value(path, SH.alternativePath)
    if inner is not None:
        return "(" + "|".join(sparql_path(graph, step) for step in Collection(graph, inner)) + ")"
    raise Unsupported(f"unknown SHACL path {path!r}.")


def _datatype_test(var: str, datatype) -> str:
    """``sh:datatype``: a literal of that datatype whose text is in its lexical space (as pySHACL checks).

    A datatype SPARQL can cast to is checked by casting the text (an error, so false, when ill-typed:
    ``"abc"^^xsd:integer``); others by the datatype alone.
    """
    from jcgraph.io.rdf import CHECKED_DATATYPES

    test = f"isLiteral({var}) && datatype({var}) = {_n3(datatype)}"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    if str(datatype).startswith(xsd) and str(datatype)[len(xsd) :] in CHECKED_DATATYPES:
        test += f" && COALESCE(isLiteral({_n3(datatype)}(STR({var}))), false)"
    return f"({test})"


def path_pattern(graph: Graph, path, subject: str, obj: str, fresh: Iterator[int] | None = None) -> str:
    """A group pattern linking ``subject`` to ``obj`` through a SHACL path.

    Sequences and inverse steps become separate triple patterns with fresh variables, so that
    oxigraph joins them from the bound end (a sequence *path* inside ``NOT EXISTS`` is evaluated for
    every pair in the graph); alternatives and repetitions stay property paths.

    :param fresh: numbers for the fresh variables, shared by every pattern of one compilation (so the
        same shapes always compile to the same text); a new count when None
    """
    fresh = fresh if fresh is not None else itertools.count(1)
    if isinstance(path, URIRef):
        return f"{subject} <{path}> {obj} ."
    if graph.value(path, RDF.first) is not None:
        steps = list(Collection(graph, path))
        parts, current = [], subject
        for i, step in enumerate(steps):
            following = obj if i == len(steps) - 1 else f"?_s{next(fresh)}"
            parts.append(path_pattern(graph, step, current, following, fresh))
            current = following
        return " ".join(parts)
    inner = graph.value(path, SH.inversePath)
    if inner is not None:
        return path_pattern(graph, inner, obj, subject, fresh)
    return f"{subject} {sparql_path(graph, path)} {obj} ."


def _rendered(graph: Graph, path) -> str:
    from jcgraph.backends.paths import render_path

    return render_path(graph, path)


# -- compiling ------------------------------------------------------------------------------------------


class Compiler:
    """Turns a shapes graph into :class:`Check` queries (see :func:`compile_shapes`)."""

    def __init__(self, shapes: Graph) -> None:
        """Read ``shapes`` (an rdflib graph, e.g. :func:`jcgraph.validation.validate.shapes_graph`)."""
        self.g = shapes
        self._fresh = itertools.count(1)  # fresh variable names, numbered per compilation: same shapes, same text

    def _list(self, node) -> list:
        return list(Collection(self.g, node))

    def _check_supported(self, shape) -> None:
        for predicate in set(self.g.predicates(shape, None)):
            if predicate in _NON_CONSTRAINTS or predicate in SUPPORTED:
                continue
            if str(predicate).startswith(str(SH)):
                raise Unsupported(f"the shape {shape} uses {predicate}, which the SPARQL compiler does not cover.")
        if self.g.value(shape, SH.qualifiedValueShapesDisjoint) is not None:
            raise Unsupported("sh:qualifiedValueShapesDisjoint is not covered by the SPARQL compiler.")

    # Boolean SPARQL expressions: "does ?var conform to this shape?" (used inside sh:or, sh:node, ...)
    def conforms(self, shape, var: str, depth: int = 0) -> str:
        """A SPARQL expression true when the node in ``var`` conforms to ``shape``."""
        if depth > 8:
            raise Unsupported("shapes nest too deeply (or recursively) for the SPARQL compiler.")
        self._check_supported(shape)
        if self.g.value(shape, SH.deactivated) == Literal(True):
            return "true"
        parts = self._value_tests(shape, var, depth)
        for prop in self.g.objects(shape, SH.property):
            self._check_supported(prop)
            if self.g.value(prop, SH.deactivated) == Literal(True):
                continue
            path = sparql_path(self.g, self.g.value(prop, SH.path))
            inner = f"?v{depth + 1}"
            value_tests = self._value_tests(prop, inner, depth + 1)
            if value_tests:
                parts.append(f"NOT EXISTS {{ {var} {path} {inner} . FILTER (!({' && '.join(value_tests)})) }}")
            if self.g.value(prop, SH.maxCount) is not None:
                raise Unsupported("sh:maxCount inside a nested shape is not compiled.")
            limit = self.g.value(prop, SH.minCount)
            if limit is not None and int(limit) > 1:
                raise Unsupported("sh:minCount above 1 inside a nested shape is not compiled.")
            if limit is not None and int(limit) == 1:
                parts.append(f"EXISTS {{ {var} {path} {inner} }}")
            has_value = self.g.value(prop, SH.hasValue)
            if has_value is not None:
                parts.append(f"EXISTS {{ {var} {path} {_n3(has_value)} }}")
            if self.g.value(prop, SH.sparql) is not None or self.g.value(prop, SH.qualifiedValueShape) is not None:
                raise Unsupported("SPARQL or qualified constraints inside nested shapes are not compiled.")
        if self.g.value(shape, SH.sparql) is not None:
            raise Unsupported("SPARQL constraints inside nested shapes are not compiled.")
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def _value_tests(self, shape, var: str, depth: int, only: tuple | None = None) -> list[str]:
        """Expressions each value node must satisfy (value-type, string and logical constraints).

        :param only: ``(parameter, value)`` to compile just that one constraint
        """
        g = self.g

        class _View:
            @staticmethod
            def objects(subject, name):
                if only is not None and name != only[0]:
                    return iter(())
                return iter([only[1]]) if only is not None else g.objects(subject, name)

            value = staticmethod(g.value)

        g_view = _View()
        tests = []
        for cls in g_view.objects(shape, SH["class"]):
            tests.append(f"EXISTS {{ {var} {_INSTANCE_OF} {_n3(cls)} }}")
        for datatype in g_view.objects(shape, SH.datatype):
            tests.append(_datatype_test(var, datatype))
        for kind in g_view.objects(shape, SH.nodeKind):
            tests.append(_node_kind(kind, var))
        for members in g_view.objects(shape, SH["in"]):
            items = self._list(members)
            tests.append("(" + " || ".join(f"sameTerm({var}, {_n3(i)})" for i in items) + ")" if items else "false")
        for pattern in g_view.objects(shape, SH.pattern):
            flags = g.value(shape, SH.flags)
            flag_text = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            tests.append(f"(!isBlank({var}) && REGEX(STR({var}), {Literal(str(pattern)).n3()}{flag_text}))")
        for name, op in ((SH.minLength, ">="), (SH.maxLength, "<=")):
            for limit in g_view.objects(shape, name):
                tests.append(f"(!isBlank({var}) && STRLEN(STR({var})) {op} {int(limit)})")
        for langs in g_view.objects(shape, SH.languageIn):
            tags = self._list(langs)
            tests.append(
                "(" + " || ".join(f"LANGMATCHES(LANG({var}), {Literal(str(t)).n3()})" for t in tags) + ")"
                if tags
                else "false"
            )
        for members in g_view.objects(shape, SH["or"]):
            tests.append("(" + " || ".join(self.conforms(m, var, depth + 1) for m in self._list(members)) + ")")
        for members in g_view.objects(shape, SH["and"]):
            tests.append("(" + " && ".join(self.conforms(m, var, depth + 1) for m in self._list(members)) + ")")
        for member in g_view.objects(shape, SH["not"]):
            tests.append(f"!{self.conforms(member, var, depth + 1)}")
        for node in g_view.objects(shape, SH.node):
            tests.append(self.conforms(node, var, depth + 1))
        return tests

    # Top-level checks
    def targets(self, shape) -> str | None:
        """A group pattern binding ``?this`` to the shape's focus nodes, or None without targets."""
        g = self.g
        branches = []
        for cls in g.objects(shape, SH.targetClass):
            branches.append(f"?this {_INSTANCE_OF} {_n3(cls)} .")
        for prop in g.objects(shape, SH.targetSubjectsOf):
            branches.append(f"?this {_n3(prop)} ?any .")
        for prop in g.objects(shape, SH.targetObjectsOf):
            branches.append(f"?any {_n3(prop)} ?this .")
        for node in g.objects(shape, SH.targetNode):
            branches.append(f"VALUES ?this {{ {_n3(node)} }}")
        if (shape, RDF.type, RDFS.Class) in g or (shape, RDF.type, URIRef(str(RDFS) + "Class")) in g:
            branches.append(f"?this {_INSTANCE_OF} {_n3(shape)} .")
        if g.value(shape, SH.target) is not None:
            raise Unsupported("SPARQL-based targets (sh:target) are not compiled.")
        if not branches:
            return None
        union = " UNION ".join(f"{{ {b} }}" for b in branches)
        return f"{{ SELECT DISTINCT ?this WHERE {{ {FOCUS} {union} }} }}"

    def compile(self) -> list[Check]:
        """Every check of every targeted, active node shape."""
        g = self.g
        checks: list[Check] = []
        shapes = set(g.subjects(RDF.type, SH.NodeShape))
        for predicate in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target):
            shapes |= set(g.subjects(predicate, None))
        for shape in sorted(shapes, key=str):
            if g.value(shape, SH.path) is not None:
                raise Unsupported("property shapes with their own targets are not compiled.")
            target = self.targets(shape)
            if target is None or g.value(shape, SH.deactivated) == Literal(True):
                continue
            self._check_supported(shape)
            severity = g.value(shape, SH.severity) or SH.Violation
            checks += self._node_checks(shape, target, severity)
            for prop in sorted(g.objects(shape, SH.property), key=str):
                if g.value(prop, SH.deactivated) == Literal(True):
                    continue
                self._check_supported(prop)
                checks += self._property_checks(prop, target)
        return checks

    def _node_checks(self, shape, target: str, severity) -> list[Check]:
        g = self.g
        checks = []
        for name in _VALUE_TESTS:
            for obj in g.objects(shape, name):
                test = self._single_test(shape, name, obj, "?this")
                checks.append(
                    Check(
                        f"SELECT DISTINCT ?this ?value WHERE {{ {target} BIND (?this AS ?value) FILTER (!({test})) }}",
                        shape,
                        _COMPONENT[name],
                        severity,
                        None,
                        None,
                        True,
                    )
                )
        for has_value in g.objects(shape, SH.hasValue):
            checks.append(
                Check(
                    f"SELECT DISTINCT ?this WHERE {{ {target} FILTER (!sameTerm(?this, {_n3(has_value)})) }}",
                    shape,
                    SH.HasValueConstraintComponent,
                    severity,
                    None,
                    None,
                    False,
                )
            )
        for constraint in g.objects(shape, SH.sparql):
            checks.append(self._sparql_check(shape, constraint, target, severity, None, None))
        return checks

    def _single_test(self, shape, name, obj, var: str) -> str:
        """The test of one constraint parameter value (a shape may list several sh:class, sh:or, ...)."""
        return " && ".join(self._value_tests(shape, var, 0, only=(name, obj))) or "true"

    def _property_checks(self, prop, target: str) -> list[Check]:
        g = self.g
        path_node = g.value(prop, SH.path)
        if path_node is None:
            raise Unsupported(f"the property shape {prop} has no sh:path.")
        shown = _rendered(g, path_node)

        def link(subject: str, obj: str) -> str:
            return path_pattern(g, path_node, subject, obj, self._fresh)

        severity = g.value(prop, SH.severity) or SH.Violation
        checks = []

        def check(query: str, component, has_value: bool) -> None:
            checks.append(Check(query, prop, component, severity, shown, path_node, has_value))

        for limit in g.objects(prop, SH.minCount):
            n = int(limit)
            if n == 1:
                check(
                    f"SELECT ?this WHERE {{ {target} MINUS {{ {link('?this', '?value')} }} }}",
                    SH.MinCountConstraintComponent,
                    False,
                )
            elif n > 1:
                check(
                    f"SELECT ?this WHERE {{ {target} OPTIONAL {{ {link('?this', '?value')} }} }} GROUP BY ?this "
                    f"HAVING (COUNT(DISTINCT ?value) < {n})",
                    SH.MinCountConstraintComponent,
                    False,
                )
        for limit in g.objects(prop, SH.maxCount):
            check(
                f"SELECT ?this WHERE {{ {target} {link('?this', '?value')} }} GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT ?value) > {int(limit)})",
                SH.MaxCountConstraintComponent,
                False,
            )
        for name in _VALUE_TESTS:
            for obj in g.objects(prop, name):
                test = self._single_test(prop, name, obj, "?value")
                check(
                    f"SELECT DISTINCT ?this ?value WHERE {{ {target} {link('?this', '?value')} FILTER (!({test})) }}",
                    _COMPONENT[name],
                    True,
                )
        for has_value in g.objects(prop, SH.hasValue):
            check(
                f"SELECT ?this WHERE {{ {target} MINUS {{ {link('?this', _n3(has_value))} }} }}",
                SH.HasValueConstraintComponent,
                False,
            )
        for qualified in g.objects(prop, SH.qualifiedValueShape):
            test = self.conforms(qualified, "?value", 1)
            for name, op in ((SH.qualifiedMinCount, "<"), (SH.qualifiedMaxCount, ">")):
                for limit in g.objects(prop, name):
                    check(
                        f"SELECT ?this WHERE {{ {target} OPTIONAL {{ {link('?this', '?value')} FILTER ({test}) }} }} "
                        f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {op} {int(limit)})",
                        _COMPONENT[name],
                        False,
                    )
        for constraint in g.objects(prop, SH.sparql):
            checks.append(self._sparql_check(prop, constraint, target, severity, shown, path_node))
        return checks

    def _sparql_check(self, shape, constraint, target: str, severity, shown, path_node) -> Check:
        g = self.g
        if g.value(constraint, SH.deactivated) == Literal(True):
            return Check(
                "SELECT ?this WHERE { FILTER (false) }",
                shape,
                SH.SPARQLConstraintComponent,
                severity,
                shown,
                path_node,
                False,
                constraint,
            )
        select = g.value(constraint, SH.select)
        if select is None:
            raise Unsupported("SPARQL constraints without sh:select (e.g. sh:ask) are not compiled.")
        text = str(select)
        if re.search(r"\$(PATH|shapesGraph|currentShape)\b", text) or re.search(r"\?failure\b", text):
            raise Unsupported(
                "SPARQL constraints using $PATH, $shapesGraph, $currentShape or ?failure are not compiled."
            )
        prefixes = "".join(f"PREFIX {p}: <{n}>\n" for p, n in self._declared_prefixes(constraint))
        text = text.replace("$this", "?this")
        head, brace, body = text.partition("{")
        if not brace or not re.search(r"\bSELECT\b", head, flags=re.I):
            raise Unsupported("a SPARQL constraint's query is not a plain SELECT.")
        query = f"{prefixes}{head}{{ {target} {body}"
        messages = list(g.objects(constraint, SH.message))
        return Check(query, shape, SH.SPARQLConstraintComponent, severity, shown, path_node, True, constraint, messages)

    def _declared_prefixes(self, constraint) -> list[tuple[str, str]]:
        found = []
        for owner in self.g.objects(constraint, SH.prefixes):
            for declaration in self.g.objects(owner, SH.declare):
                found.append((str(self.g.value(declaration, SH.prefix)), str(self.g.value(declaration, SH.namespace))))
        return sorted(set(found))


#: Constraints that test each value on its own (the focus node itself, for a node shape).
_VALUE_TESTS = (
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH["in"],
    SH.pattern,
    SH["or"],
    SH["and"],
    SH["not"],
    SH.node,
    SH.languageIn,
    SH.minLength,
    SH.maxLength,
)


def _node_kind(kind, var: str) -> str:
    tests = {
        SH.IRI: f"isIRI({var})",
        SH.BlankNode: f"isBlank({var})",
        SH.Literal: f"isLiteral({var})",
        SH.BlankNodeOrIRI: f"(isIRI({var}) || isBlank({var}))",
        SH.BlankNodeOrLiteral: f"(isBlank({var}) || isLiteral({var}))",
        SH.IRIOrLiteral: f"(isIRI({var}) || isLiteral({var}))",
    }
    if kind not in tests:
        raise Unsupported(f"unknown sh:nodeKind {kind}.")
    return tests[kind]


#: Compiled checks by the shapes' content digest, the most recent few (bounded: no unbounded global state).
_COMPILED: OrderedDict[str, tuple[Check, ...]] = OrderedDict()
_COMPILED_MAX = 8


def compile_shapes(shapes: Graph) -> list[Check]:
    """Compile every targeted shape into SPARQL checks (cached by the shapes' content).

    :param shapes: the shapes graph
    :returns: the checks, one per constraint
    :raises Unsupported: a shape uses a feature outside :data:`SUPPORTED`
    """
    from jcgraph.graph.digest import labelled_digest

    key = labelled_digest(shapes)  # by content (~7 ms for jcgraph's shapes), never by id(): ids are reused
    if key not in _COMPILED:
        _COMPILED[key] = tuple(Compiler(shapes).compile())
        while len(_COMPILED) > _COMPILED_MAX:
            _COMPILED.popitem(last=False)
    _COMPILED.move_to_end(key)
    return list(_COMPILED[key])


# -- running ----------------------------------------------------------------------------------------------


#: Threads that run a whole graph's checks at once: pyoxigraph evaluates a query without the GIL, so on two
#: cores the 107 checks of a million-triple graph take about two thirds of the time (results keep their order).
CHECK_THREADS = min(4, os.cpu_count() or 1)


def run_checks(
    store: GraphStore, checks: list[Check], inference: str = "none", focus: Iterable[Node] | None = None
) -> list[Result]:
    """Run compiled checks on a store and return their results (a multiset, as pySHACL reports them).

    :param store: the graph
    :param checks: from :func:`compile_shapes`
    :param inference: whose inferred triples are visible
    :param focus: validate only these focus nodes (as pySHACL's ``focus_nodes``); None for all
    """
    graphs = store.default_graph(inference)
    focus_clause = ""
    if focus is not None:
        focus_clause = (
            "VALUES ?this { " + " ".join(_n3(n) for n in sorted(focus, key=str) if isinstance(n, URIRef)) + " }\n"
        )

    def run(check: Check) -> list[Result]:
        return _run_check(store, check, focus_clause, graphs)

    if focus is not None or CHECK_THREADS < 2 or len(checks) < 2:  # a delta's checks take ~0.3 ms each
        return [result for check in checks for result in run(check)]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(CHECK_THREADS, thread_name_prefix="jcgraph-check") as pool:
        return [result for results in pool.map(run, checks) for result in results]


def _run_check(store: GraphStore, check: Check, focus_clause: str, graphs) -> list[Result]:
    """One check's results."""
    solutions = store.store.query(_PROLOGUE + check.query.replace(FOCUS, focus_clause), default_graph=graphs)
    names = [v.value for v in solutions.variables]
    seen = set()
    results = []
    for solution in solutions:
        row = tuple((n, solution[n]) for n in names)
        if row in seen:  # pySHACL reports each distinct solution once
            continue
        seen.add(row)
        values = {n: to_rdflib(v) for n, v in row if v is not None}
        focus = values.get("this")
        if focus is None:
            continue
        value = values.get("value") if check.has_value else None
        path = check.path
        if check.component == SH.SPARQLConstraintComponent:
            if value is None and check.path is None:
                value = focus  # a node shape reports the focus node as the value
            if "path" in values:
                path = _rendered(Graph(), values["path"])
        bindings = tuple(sorted((n, v) for n, v in values.items() if n not in ("this",)))
        results.append(Result(focus, path, value, check.component, check.severity, check.shape, bindings))
    return results


def pyshacl_results(report) -> list[Result]:
    """The results of a :class:`jcgraph.backends.report.ValidationReport`, as comparable :class:`Result` objects."""
    from jcgraph.backends.report import SEVERITY_NAMES

    by_name = {name: iri for iri, name in SEVERITY_NAMES.items()}
    return [Result(r.focus, r.path, r.value, r.component, by_name[r.severity], r.source_shape) for r in report.results]


def validate_store(store: GraphStore, shapes: Graph, inference: str = "none", fail_on: str = "violation"):
    """Validate the whole graph in ``store`` against ``shapes``; pySHACL-identical results.

    :param store: the graph (its ontology included, as :func:`jcgraph.validation.validate.validate` requires)
    :param shapes: the shapes graph
    :param inference: ``none``, ``rdfs`` or ``owlrl``
    :param fail_on: the lowest failing severity
    :returns: a :class:`jcgraph.backends.report.ValidationReport`
    """
    from jcgraph.backends.memory.validate import run

    try:
        checks = compile_shapes(shapes)
    except Unsupported:
        return run(store.to_rdflib(inference), shapes, None, inference, fail_on)
    return to_report(store, shapes, run_checks(store, checks, inference), checks, inference, fail_on)


def to_report(
    store: GraphStore,
    shapes: Graph,
    results: list[Result],
    checks: list[Check],
    inference: str,
    fail_on: str,
    focus: frozenset | None = None,
):
    """Build a :class:`~jcgraph.backends.report.ValidationReport` (messages, labels, SHACL report) from results."""
    from jcgraph.backends.report import SEVERITY_NAMES, ValidationReport, ValidationResult
    from jcgraph.labels import LABEL_PROPERTIES

    messages = {}
    for check in checks:
        own = list(shapes.objects(check.shape, SH.message))
        messages[(check.shape, check.component)] = own + [m for m in check.messages if m not in own]
    labels = bind_prefixes(Graph())
    for node in {r.focus for r in results}:
        if isinstance(node, URIRef):
            for prop in LABEL_PROPERTIES:
                for _, _, o in store.triples(node, prop, None, inference):
                    labels.add((node, prop, o))
    report = bind_prefixes(Graph())
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, Literal(not results)))
    out = []
    from jcgraph.labels import label

    for result in results:
        texts = {}
        for message in messages.get((result.shape, result.component), []):
            text = _fill(str(message), result)
            texts.setdefault(getattr(message, "language", None) or "", text)
        if not texts:
            texts[""] = f"{result.component.split('#')[-1]} failed"
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, result.focus))
        report.add((node, SH.resultSeverity, result.severity))
        report.add((node, SH.sourceShape, result.shape))
        report.add((node, SH.sourceConstraintComponent, result.component))
        if result.value is not None:
            report.add((node, SH.value, result.value))
        for lang, text in texts.items():
            report.add((node, SH.resultMessage, Literal(text, lang=lang or None)))
        out.append(
            ValidationResult(
                focus=result.focus,
                focus_label=label(labels, result.focus),
                path=result.path,
                value=result.value,
                message=texts.get("en") or texts.get("") or next(iter(texts.values())),
                messages=dict(sorted(texts.items())),
                severity=SEVERITY_NAMES.get(result.severity, "violation"),
                source_shape=result.shape,
                component=result.component,
            )
        )
    return ValidationReport(out, report, fail_on, inference, focus)


def _fill(message: str, result: Result) -> str:
    """Substitute ``{?var}`` / ``{$var}`` in a SPARQL constraint's message, as pySHACL does."""
    values = dict(result.bindings)
    values.setdefault("this", result.focus)
    if result.value is not None:
        values.setdefault("value", result.value)

    def replace(match):
        value = values.get(match.group(1))
        return str(value) if value is not None else match.group(0)

    return re.sub(r"\{[?$](\w+)\}", replace, message)


# -- delta validation -------------------------------------------------------------------------------------


class _Source:
    """Triples from the store (asserted, plus inferred) and from a delta graph, as rdflib terms."""

    def __init__(self, store: GraphStore, delta: Graph, inference: str) -> None:
        self.store, self.delta, self.graphs = store, delta, store.default_graph(inference)

    def match(self, s=None, p=None, o=None) -> Iterable[tuple]:
        yield from self.delta.triples((s, p, o))
        if isinstance(s, Literal) or isinstance(p, (Literal, BNode)):
            return
        try:
            os_, op, oo = (from_rdflib(t) if t is not None else None for t in (s, p, o))
        except Exception:
            return
        for graph in self.graphs:
            for quad in self.store.store.quads_for_pattern(os_, op, oo, graph):
                yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)


@lru_cache(maxsize=256)
def _cached_patterns(text: str, prefixes: tuple) -> tuple:
    """A SPARQL constraint's triple patterns, also kept on disk: rdflib's parser takes ~35 ms a query."""
    import json

    from jcgraph.graph.digest import cache_dir, content_key, read_checked, write_checked

    directory = cache_dir()
    path = None
    if directory is not None:
        path = directory / f"patterns-{content_key('patterns', [text, *(f'{k}={v}' for k, v in prefixes)])}.json"
        data = read_checked(path)
        if data:
            try:
                return tuple(tuple(_decoded(term) for term in pattern) for pattern in json.loads(data))
            except (ValueError, TypeError, KeyError):  # whole but unreadable: recomputed, never trusted
                path.unlink(missing_ok=True)
    patterns = tuple(_query_patterns(text, dict(prefixes)))
    encoded = [[_encoded(term) for term in pattern] for pattern in patterns]
    if path is not None and all(None not in pattern for pattern in encoded):  # paths are not kept
        write_checked(path, json.dumps(encoded).encode("utf-8"))
    return patterns


def _pattern_key(compiler: Compiler, constraint, select) -> tuple[str, tuple]:
    """The arguments of :func:`_cached_patterns` for a constraint's ``sh:select``: its text, its prefixes."""
    from jcgraph.namespaces import PREFIXES

    declared = dict(compiler._declared_prefixes(constraint))
    return str(select), tuple(sorted({**PREFIXES, **declared}.items()))


def warm_patterns(shapes: Graph):
    """Start parsing the shapes' SPARQL constraints for the neighbourhood walk, on a thread of its own.

    rdflib's parser is pure Python and pyoxigraph's load runs without the GIL: started before a store is
    built, the parse (~0.5 s for jcgraph's shapes without a cache) costs no wall time. Join the thread
    returned before walking; a failure is left for the walk itself to meet.
    """
    import threading

    compiler = Compiler(shapes)
    keys = [
        _pattern_key(compiler, constraint, select)
        for constraint in set(shapes.objects(None, SH.sparql))
        for select in shapes.objects(constraint, SH.select)
    ]

    def parse() -> None:
        for text, prefixes in keys:
            try:
                _cached_patterns(text, prefixes)
            except Exception:  # the walk parses it again and meets the error in its own place
                pass

    worker = threading.Thread(target=parse, name="jcgraph-patterns", daemon=True)
    worker.start()
    return worker


def _encoded(term) -> list | None:
    from rdflib.term import Variable

    if isinstance(term, Variable):
        return ["?", str(term)]
    if isinstance(term, URIRef):
        return ["<", str(term)]
    if isinstance(term, BNode):
        return ["_", str(term)]
    if isinstance(term, Literal):
        return ['"', str(term), str(term.datatype) if term.datatype else None, term.language]
    return None


def _decoded(item: list):
    from rdflib.term import Variable

    kind = item[0]
    if kind == '"':
        return Literal(item[1], datatype=URIRef(item[2]) if item[2] else None, lang=item[3])
    return {"?": Variable, "<": URIRef, "_": BNode}[kind](item[1])


def _query_patterns(text: str, prefixes: dict[str, str]) -> list[tuple]:
    """Every triple pattern of a SPARQL query, variables as rdflib ``Variable``, paths as predicates."""
    from rdflib.plugins.sparql import prepareQuery

    patterns = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "triples" and isinstance(value, list):
                    patterns.extend(t for t in value if isinstance(t, tuple) and len(t) == 3)
                else:
                    walk(value)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
        elif hasattr(node, "items") and not isinstance(node, (str, Node)):
            walk(dict(node.items()))

    query = prepareQuery(text.replace("$this", "?this"), initNs=prefixes)
    walk(query.algebra)
    return patterns


class Neighbourhood:
    """The triples that validating some focus nodes against some shapes can read."""

    def __init__(self, shapes: Graph, source: _Source) -> None:
        """Prepare to collect from ``source`` what ``shapes`` need."""
        self.shapes = shapes
        self.source = source
        self.graph = bind_prefixes(Graph())
        self._done: set = set()

    def _add(self, triples) -> list[tuple]:
        out = []
        for triple in triples:
            self.graph.add(triple)
            out.append(triple)
        return out

    def outgoing(self, node) -> list[tuple]:
        """Every triple whose subject is ``node`` (once)."""
        if ("out", node) in self._done:
            return []
        self._done.add(("out", node))
        return self._add(self.source.match(node, None, None))

    def walk_path(self, path, nodes: set) -> set:
        """Follow a SHACL path from ``nodes``, keeping the triples it reads; returns the values reached."""
        g = self.shapes
        if isinstance(path, URIRef):
            return {o for n in nodes for _, _, o in self._add(self.source.match(n, path, None))}
        if g.value(path, RDF.first) is not None:
            for step in Collection(g, path):
                nodes = self.walk_path(step, nodes)
            return nodes
        inner = g.value(path, SH.inversePath)
        if inner is not None:
            if isinstance(inner, URIRef):
                return {s for n in nodes for s, _, _ in self._add(self.source.match(None, inner, n))}
            raise Unsupported("inverse of a complex path is not walked.")
        inner = g.value(path, SH.alternativePath)
        if inner is not None:
            reached: set = set()
            for step in Collection(g, inner):
                reached |= self.walk_path(step, nodes)
            return reached
        for predicate in (SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
            inner = g.value(path, predicate)
            if inner is not None:
                reached, frontier = set(nodes) if predicate != SH.oneOrMorePath else set(), set(nodes)
                for _ in range(64):
                    frontier = self.walk_path(inner, frontier) - reached
                    if not frontier:
                        break
                    reached |= frontier
                    if predicate == SH.zeroOrOnePath:
                        break
                return reached
        raise Unsupported(f"unknown SHACL path {path!r}.")

    def shape(self, shape, nodes: set, depth: int = 0) -> None:
        """Collect what validating ``nodes`` against ``shape`` (and the shapes it refers to) reads."""
        if depth > 8 or not nodes:
            return
        g = self.shapes
        for node in nodes:
            self.outgoing(node)  # types (sh:class), the node itself (value tests), SPARQL "$this ?p ?o"
            for _, _, cls in list(self.source.match(node, RDF.type, None)):
                self.outgoing(cls)
        for nested in self._nested(shape):
            self.shape(nested, nodes, depth + 1)
        for prop in g.objects(shape, SH.property):
            values = self.walk_path(g.value(prop, SH.path), set(nodes))
            value_nodes = {v for v in values if not isinstance(v, Literal)}
            for node in value_nodes:
                self.outgoing(node)
                for _, _, cls in list(self.source.match(node, RDF.type, None)):
                    self.outgoing(cls)
            for nested in self._nested(prop):
                self.shape(nested, value_nodes | {v for v in values if isinstance(v, Literal)}, depth + 1)
            for constraint in g.objects(prop, SH.sparql):
                self.sparql(constraint, nodes)
        for constraint in g.objects(shape, SH.sparql):
            self.sparql(constraint, nodes)

    def _nested(self, shape) -> list:
        g = self.shapes
        nested = list(g.objects(shape, SH.node)) + list(g.objects(shape, SH["not"]))
        nested += list(g.objects(shape, SH.qualifiedValueShape))
        for name in (SH["or"], SH["and"], SH.xone):
            for members in g.objects(shape, name):
                nested += list(Collection(g, members))
        return nested

    def sparql(self, constraint, nodes: set) -> None:
        """Follow a SPARQL constraint's triple patterns from ``?this``, binding variables as it goes."""
        from rdflib.term import Variable

        select = self.shapes.value(constraint, SH.select)
        patterns = _cached_patterns(*_pattern_key(Compiler(self.shapes), constraint, select))
        bound: dict = {Variable("this"): set(nodes)}

        def values_of(term):
            if isinstance(term, Variable):
                return bound.get(term)
            return {term}

        walked: dict[int, str] = {}
        for _ in range(len(patterns) + 2):
            grew = False
            for index, (s, p, o) in enumerate(patterns):
                subjects, objects = values_of(s), values_of(o)
                predicates = values_of(p) if isinstance(p, (Variable, URIRef)) else None
                if not isinstance(p, (Variable, URIRef)):
                    raise Unsupported("property paths inside SPARQL constraints are not walked.")
                direction = walked.get(index) or (
                    "out" if subjects is not None else "in" if objects is not None else None
                )
                if direction is None:
                    continue
                walked[index] = direction
                found = []
                for pred in predicates or {None}:
                    if direction == "out":
                        for node in list(subjects or ()):
                            found += self._add(self.source.match(node, pred, None))
                    else:
                        for node in list(objects or ()):
                            found += self._add(self.source.match(None, pred, node))
                for term, position in ((s, 0), (p, 1), (o, 2)):
                    if isinstance(term, Variable):
                        new = {t[position] for t in found}
                        if not new <= bound.get(term, set()):
                            bound.setdefault(term, set()).update(new)
                            grew = True
            if not grew:
                break
        for values in bound.values():  # the classes and properties a pattern named: their declarations
            for value in values:
                if isinstance(value, URIRef) and str(value).startswith("https://w3id.org/jcgraph/ontology#"):
                    self.outgoing(value)


def delta_focus(delta: Graph, source: _Source) -> set:
    """The focus nodes of a delta, as :func:`jcgraph.validation.validate.focus_nodes_for` chooses them."""
    subjects = {s for s in delta.subjects() if isinstance(s, URIRef)}
    objects = {o for p, o in delta.predicate_objects() if isinstance(o, URIRef) and p != RDF.type}
    inbound = {s for node in subjects for s, _, _ in source.match(None, None, node) if isinstance(s, URIRef)}
    return subjects | objects | inbound


def neighbourhood(store: GraphStore, shapes: Graph, delta: Graph, focus: set, inference: str = "none") -> Graph:
    """The subgraph of store+delta that validating ``focus`` against ``shapes`` can read, plus the schema.

    :param store: the graph's store
    :param shapes: the shapes graph
    :param delta: the new triples (blank nodes skolemised)
    :param focus: the focus nodes
    :param inference: whose inferred triples are visible
    :returns: an rdflib graph holding the neighbourhood, the delta and every ``rdfs:subClassOf`` triple
    """
    source = _Source(store, delta, inference)
    hood = Neighbourhood(shapes, source)
    hood._add(source.match(None, RDFS.subClassOf, None))
    hood._add(delta)
    compiler_targets = _targets(shapes)
    for node in focus:
        hood.outgoing(node)
    types = {n: {o for _, _, o in hood.graph.triples((n, RDF.type, None))} for n in focus}
    for shape, (classes, subjects_of, objects_of, nodes) in compiler_targets.items():
        chosen = set()
        for node in focus:
            node_types = set(types[node])
            for cls in list(node_types):
                node_types |= set(hood.graph.transitive_objects(cls, RDFS.subClassOf))
            if node_types & classes or node in nodes or any(hood.graph.value(node, p) is not None for p in subjects_of):
                chosen.add(node)
            elif objects_of and any(next(iter(source.match(None, p, node)), None) for p in objects_of):
                chosen.add(node)
                for p in objects_of:
                    hood._add(source.match(None, p, node))
        hood.shape(shape, chosen)
    return hood.graph


def _targets(shapes: Graph) -> dict:
    out = {}
    for predicate in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode):
        for shape in shapes.subjects(predicate, None):
            out[shape] = (
                set(shapes.objects(shape, SH.targetClass)),
                set(shapes.objects(shape, SH.targetSubjectsOf)),
                set(shapes.objects(shape, SH.targetObjectsOf)),
                set(shapes.objects(shape, SH.targetNode)),
            )
    if list(shapes.subjects(SH.target, None)):
        raise Unsupported("SPARQL-based targets are not walked.")
    return out


def validate_delta(
    store: GraphStore,
    shapes: Graph,
    delta: Graph,
    inference: str = "none",
    fail_on: str = "violation",
    engine: str = "sparql",
):
    """Validate ``delta`` in the context of the graph in ``store``, reading only its neighbourhood.

    Gives the report :func:`jcgraph.validation.validate.validate` gives for ``validate(kg, delta)`` (pySHACL on
    the whole graph with the delta's focus nodes), in a fraction of the time on a large graph.

    :param store: the graph (without the delta)
    :param shapes: the shapes graph
    :param delta: the new triples
    :param inference: ``none``, ``rdfs`` or ``owlrl`` (the store's closure; the delta's own entailments
        are computed on the neighbourhood)
    :param fail_on: the lowest failing severity
    :param engine: ``sparql`` (the compiled checks on the neighbourhood; pySHACL when the shapes
        cannot be compiled) or ``pyshacl``
    :returns: a :class:`jcgraph.backends.report.ValidationReport`
    """
    from jcgraph.backends.delta import skolemize
    from jcgraph.backends.memory.validate import run
    from jcgraph.backends.report import unskolemize

    skolem = skolemize(delta)
    source = _Source(store, skolem, inference)
    focus = delta_focus(skolem, source)
    try:
        data = neighbourhood(store, shapes, skolem, focus, inference)
    except Unsupported:
        data = store.to_rdflib(inference)
        data += skolem
    if inference != "none":
        from jcgraph.backends.memory.infer import closure

        data += closure(data, inference, [])
    if engine == "sparql" and focus:
        try:
            checks = compile_shapes(shapes)
        except Unsupported:
            pass
        else:
            small = ox.Store()
            small.extend(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), ASSERTED) for s, p, o in data)
            sub = GraphStore(small, key="neighbourhood")
            results = run_checks(sub, checks, "none", focus)
            results = [
                Result(
                    unskolemize(r.focus),
                    r.path,
                    unskolemize(r.value) if r.value is not None else None,
                    r.component,
                    r.severity,
                    r.shape,
                    r.bindings,
                )
                for r in results
            ]
            report = to_report(
                sub, shapes, results, checks, inference, fail_on, frozenset(unskolemize(n) for n in focus)
            )
            return report
    return run(data, shapes, focus, inference, fail_on)
