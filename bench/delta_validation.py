"""Time validating a one-agreement delta in the context of the graph, as the graph grows.

Three contexts for the same delta (tests/fixtures/shapes/valid/agreement.ttl):
- alone: the ontology and concept schemes only (no data/);
- shipped: the shipped graph;
- large: the ontology plus the shipped data replicated FACTOR times (default 1000) with renamed
  IRIs (every ``https://w3id.org/jcgraph/id/...`` IRI gets a ``-cN`` suffix in copy N > 0), generated here.

Each figure is the median of --repeat runs of ``jcgraph.validation.validate.validate(kg, delta)``; the ratios
are to the "alone" time. Run: ``python bench/delta_validation.py [--factor 1000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from rdflib import Graph, URIRef

from jcgraph.graph.loading import KnowledgeGraph, LoadedFile, load
from jcgraph.namespaces import GRAPH, ID, JC, bind_prefixes
from jcgraph.validation.validate import read_delta, validate

REPO = Path(__file__).resolve().parents[1]
UNIQUE = (JC.iso3166Alpha2, JC.iso3166Alpha3)
DELTA = REPO / "tests" / "fixtures" / "shapes" / "valid" / "agreement.ttl"


def replicate(data: Graph, factor: int) -> Graph:
    """``factor`` copies of ``data``, each with its id/ IRIs renamed so that the copies are disjoint."""
    prefix = str(ID)
    big = Graph()
    add = big.add
    for copy in range(factor):
        suffix = f"-c{copy}" if copy else ""  # copy 0 keeps the real IRIs the delta refers to

        def rename(term, suffix=suffix):
            if isinstance(term, URIRef) and str(term).startswith(prefix):
                return URIRef(str(term) + suffix)
            return term

        for s, p, o in data:
            if copy and p in UNIQUE:
                continue  # a code belongs to one state: copies would only add duplicate-code results
            add((rename(s), p, rename(o)))
    return big


def timed(kg: KnowledgeGraph, delta: Graph, repeat: int) -> tuple[float, int]:
    times, results = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        report = validate(kg, delta)
        times.append(time.perf_counter() - start)
        results = len(report.results)
    return statistics.median(times), results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=1000, help="how many copies of data/ in the large graph")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median is shown)")
    args = parser.parse_args()
    delta = read_delta([DELTA])

    alone = load(REPO, include_data=False)
    shipped = load(REPO)
    data_only = Graph()
    for loaded in shipped.files:
        if "data" in loaded.path.relative_to(REPO).parts[:1]:
            data_only += loaded.triples
    start = time.perf_counter()
    big_data = replicate(data_only, args.factor)
    large = load(REPO, include_data=False)
    large.files.append(
        LoadedFile(
            path=REPO / "data" / "synthetic.ttl",
            graph_iri=URIRef(str(GRAPH) + "synthetic"),
            triples=big_data,
            digest="synthetic",
        )
    )
    bind_prefixes(large.asserted)
    built = time.perf_counter() - start
    print(f"delta: {len(delta)} triples ({DELTA.relative_to(REPO)})", file=sys.stderr)
    print(
        f"large graph: {len(large.asserted):,} triples ({args.factor} copies of {len(data_only):,} data triples "
        f"plus the ontology), built in {built:.1f} s",
        file=sys.stderr,
    )

    rows = []
    for name, kg in (("alone", alone), ("shipped", shipped), ("large", large)):
        seconds, results = timed(kg, delta, args.repeat)
        rows.append((name, len(kg.asserted), seconds, results))
    base = rows[0][2]
    print(f"{'context':<8} {'triples':>12} {'seconds':>9} {'ratio':>7} {'results':>8}")
    for name, triples, seconds, results in rows:
        print(f"{name:<8} {triples:>12,} {seconds:>9.3f} {seconds / base:>7.1f} {results:>8}")
    start = time.perf_counter()
    whole = validate(shipped)
    print(
        f"(whole shipped graph, no delta: {time.perf_counter() - start:.3f} s, "
        f"{whole.counts['violation']} violations, {whole.counts['warning']} warnings)"
    )


if __name__ == "__main__":
    main()
