"""Catalogue queries on the pyoxigraph store, and the naming triples the parameter binder reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph, Literal

from jcgraph.backends.rows import check_rows
from jcgraph.io.results import QueryResult

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph


def run_store(store, text: str, kind: str, inference: str, max_rows: int | None) -> QueryResult:
    """Evaluate query ``text`` (parameters already bound as a ``VALUES`` row) on a pyoxigraph store."""
    result = store.query(text, inference)
    try:
        return _collect(result, kind, max_rows)
    except BaseException as exc:
        # pyoxigraph's solutions may only be freed on the thread that made them (the query's worker): an
        # error that kept them in its traceback would free them on the caller's thread, with a warning
        error = exc.with_traceback(None)
    finally:
        del result
    raise error


def _collect(result, kind: str, max_rows: int | None) -> QueryResult:
    from jcgraph.backends.oxigraph.store import gc_paused, term_converter, to_rdflib

    if kind == "ask":
        return QueryResult("ask", boolean=bool(result))
    if kind in ("construct", "describe"):
        out = Graph()
        for triple in result:
            out.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
            check_rows(len(out), max_rows)
        return QueryResult(kind, graph=out)
    names = [v.value for v in result.variables]
    convert = term_converter()  # its literals never carry xsd:string, so normalise() has nothing to do
    with gc_paused():
        if not max_rows:
            return QueryResult("select", vars=names, rows=[tuple(map(convert, solution)) for solution in result])
        rows = []
        for solution in result:
            rows.append(tuple(map(convert, solution)))
            check_rows(len(rows), max_rows)
    return QueryResult("select", vars=names, rows=rows)


_NAMES_CONSTRUCT = """CONSTRUCT { ?s ?p ?o } WHERE {
    VALUES ?p { rdfs:label skos:prefLabel skos:altLabel foaf:name jc:iso3166Alpha2 jc:iso3166Alpha3 } ?s ?p ?o
    FILTER (FILTER_KINDS) }"""


def names_graph(kg: KnowledgeGraph, store, namespaces: list[str]) -> Graph:
    """The naming triples (labels, codes) of the entities whose IRIs start with one of ``namespaces``.

    Finding them scans every label (about a second at a million triples), so they are cached on disk by
    the graph's content: later runs on the same graph read a file of a few hundred triples.
    """
    import re

    from jcgraph.backends.memory.infer import read_cache, write_cache
    from jcgraph.graph.digest import cache_dir

    directory = cache_dir()
    which = "-".join(re.sub(r"[^A-Za-z0-9]+", "", ns.rstrip("/#").rsplit("/", 1)[-1])[:20] for ns in namespaces)
    cached = directory / f"names-{kg.content_key}-{which}.nt" if directory else None
    found = read_cache(cached) if cached is not None else None  # None: absent or damaged
    if found is not None:
        return found
    within = " || ".join(f"STRSTARTS(STR(?s), {Literal(ns).n3()})" for ns in namespaces) or "false"
    graph = store.construct(_NAMES_CONSTRUCT.replace("FILTER_KINDS", within))
    if cached is not None:
        write_cache(cached, graph)
    return graph
