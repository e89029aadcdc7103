"""Inference modes: none, rdfs, owlrl (owlrl), plus jcgraph's SPARQL rules.

The closure is computed on a copy and only the *new* triples are kept, so asserted and inferred
triples stay apart. Results are cached on disk, keyed by the inputs' content, so a second command
on an unchanged graph does not reason again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from jcgraph.errors import InputError
from jcgraph.graph.digest import CACHE_FORMAT, cache_dir, read_checked, write_checked
from jcgraph.namespaces import bind_prefixes

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph

MODES = ("none", "rdfs", "owlrl")


def check_mode(mode: str) -> str:
    """Return ``mode`` if it is an inference mode, else raise a clear error."""
    if mode not in MODES:
        raise InputError(f"unknown inference mode {mode!r}; use one of: {', '.join(MODES)}.")
    return mode


def _is_noise(triple) -> bool:
    """Triples owlrl derives that say nothing about the data, or are not valid RDF."""
    s, p, o = triple
    if isinstance(s, Literal) or isinstance(p, Literal):
        return True
    if p == OWL.sameAs and s == o:
        return True
    if p == RDF.type and o in (OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDF.Property):
        return True
    if p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty) and s == o:
        return True
    return False


def closure(asserted: Graph, mode: str, rules: list[Path] = ()) -> Graph:
    """Compute the triples that ``mode`` inference (then ``rules``) adds to ``asserted``.

    :param asserted: the asserted triples; left unchanged
    :param mode: ``none``, ``rdfs`` or ``owlrl``
    :param rules: SPARQL CONSTRUCT files applied after the closure
    :returns: a new graph holding only inferred triples
    """
    check_mode(mode)
    inferred = bind_prefixes(Graph())
    if mode == "none":
        return inferred
    import owlrl

    work = Graph()
    work += asserted
    _refuse_list_cycles(work)
    semantics = owlrl.RDFS_Semantics if mode == "rdfs" else owlrl.OWLRL_Semantics
    _within_reasoning_time(
        lambda: owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(work), mode
    )
    concluded = set()  # what the rules conclude is never an owlrl literal mix-up (a rule's jc:statusAsOf date)
    for rule in rules:
        for triple in work.query(rule.read_text(encoding="utf-8")):
            work.add(triple)
            concluded.add(triple)
    for triple in work:
        if triple not in asserted and not _is_noise(triple):
            inferred.add(triple)
    if mode == "rdfs":
        for triple in literal_artifacts(inferred, asserted):
            if triple not in concluded:
                inferred.remove(triple)
    return inferred


class ListCycle(InputError):
    """An rdf:List whose rdf:rest leads back into itself: no reasoner can read it."""

    def __init__(self, item):
        what = f"the RDF list holding {item.n3()}" if item is not None else "an RDF list"
        super().__init__(
            f"{what} loops back on itself (following rdf:rest returns to a node already in the list), so "
            "reasoning cannot read it. End the list with rdf:nil, e.g. write it as ( ... )."
        )
        self.item = item

    def name_file(self, paths) -> None:
        """Name the first of ``paths`` that mentions the list's item (the same on every engine)."""
        needle = str(self.item).encode("utf-8") if self.item is not None else None
        if needle and not self.path:
            self.path = next((str(p) for p in paths if needle in Path(p).read_bytes()), None)


def _refuse_list_cycles(graph: Graph) -> None:
    """Raise :class:`ListCycle` for the first list whose rdf:rest chain is a loop (owlrl would raise ValueError)."""
    from rdflib.namespace import RDF

    rest = dict(graph.subject_objects(RDF.rest))
    cleared: set = set()
    for start in rest:
        seen: set = set()
        node = start
        while node in rest and node not in cleared:
            if node in seen:
                raise ListCycle(graph.value(node, RDF.first))
            seen.add(node)
            node = rest[node]
        cleared |= seen


def _within_reasoning_time(work, mode: str) -> None:
    """Run owlrl's closure, giving up after ``JCGRAPH_MAX_REASONING_SECONDS`` (it cannot be interrupted).

    A small input can make the closure explode (a chain of owl:sameAs, a property declared inverse of
    rdf:type): the command then stops with a clear error (exit 2) while the abandoned thread ends with it.

    :raises LimitExceeded: the closure did not finish in time
    """
    from jcgraph.errors import LimitExceeded
    from jcgraph.limits import DEFAULT_MAX_REASONING_SECONDS, from_env, within_time

    seconds = from_env("JCGRAPH_MAX_REASONING_SECONDS", DEFAULT_MAX_REASONING_SECONDS, float)
    over = LimitExceeded(
        f"--inference {mode} took longer than {seconds:g} s (JCGRAPH_MAX_REASONING_SECONDS): the triples "
        "probably make the closure explode (long owl:sameAs chains, axioms on rdf: or owl: terms). Check "
        "the input, run without --inference, or raise the limit if this graph needs it."
    )
    within_time(work, seconds or None, over)


def literal_artifacts(inferred: Graph, asserted: Graph) -> list[tuple]:
    """The RDFS-mode literal mix-ups of owlrl among ``inferred``: triples no RDFS rule entails.

    In ``rdfs`` mode owlrl replaces literals by stand-in nodes and back, and confuses literals with the
    same text (``"X"`` and ``"X"@en``): it derives ``person foaf:name "X"@en`` from ``rdfs:label "X"@en``
    with no axiom linking the two. A derived triple with a literal object is genuine only if the subject
    has that very literal through a sub-property of the predicate (RDFS rule ``rdfs7``).
    """
    wrong = []
    for s, p, o in inferred:
        if isinstance(o, Literal):
            sources = {q for q, value in asserted.predicate_objects(s) if value == o}
            if not any(p in set(asserted.transitive_objects(q, RDFS.subPropertyOf)) for q in sources):
                wrong.append((s, p, o))
    return wrong


def inferred_triples(kg: KnowledgeGraph, mode: str) -> Graph:
    """The inferred triples of ``kg`` under ``mode``, from the disk cache when the inputs are unchanged."""
    from jcgraph.graph.loading import rule_files

    check_mode(mode)
    if mode == "none":
        return bind_prefixes(Graph())
    directory = cache_dir()
    cached = directory / f"closure-{CACHE_FORMAT}-{mode}-{kg.content_key}.nt" if directory else None
    data = read_checked(cached) if cached else None  # None: absent or damaged (then deleted)
    if data is not None:
        graph = bind_prefixes(Graph())
        try:
            graph.parse(data=data, format="nt")
        except Exception:  # a damaged cache entry is recomputed, never trusted
            graph = None
        if graph is not None and not _mentions_blank_nodes(graph):
            return graph
        cached.unlink(missing_ok=True)
    try:
        result = closure(kg.asserted, mode, rule_files(kg.root))
    except ListCycle as cycle:
        cycle.name_file(f.path for f in kg.files)
        raise
    # a file's blank nodes get new names at each parse: a cached closure about one could not say which
    # node it means, so such a closure is recomputed each time
    if cached and not _mentions_blank_nodes(result):
        write_cache(cached, result)
    return result


def _mentions_blank_nodes(graph: Graph) -> bool:
    return any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in graph)


def write_cache(path: Path, graph: Graph) -> None:
    """Write a graph as a cache entry (atomic, with its digest); a cache that cannot be written is skipped."""
    write_checked(path, graph.serialize(format="nt", encoding="utf-8"))


def read_cache(path: Path) -> Graph | None:
    """The graph in cache entry ``path``, or None when it is absent or damaged (then deleted)."""
    data = read_checked(path)
    if data is None:
        return None
    try:
        return Graph().parse(data=data, format="nt")
    except Exception:  # whole but unreadable (an older format): recomputed, never trusted
        path.unlink(missing_ok=True)
        return None


def inconsistencies(kg: KnowledgeGraph) -> list[str]:
    """Members of ``owl:Nothing`` and other clashes found by the OWL RL closure (empty when consistent)."""
    full = kg.graph("owlrl")
    problems = [f"{s} is a member of owl:Nothing" for s in full.subjects(RDF.type, OWL.Nothing)]
    for a, b in full.subject_objects(OWL.disjointWith):
        for member in set(full.subjects(RDF.type, a)) & set(full.subjects(RDF.type, b)):
            problems.append(f"{member} is in the disjoint classes {a} and {b}")
    return sorted(problems)
