"""Canonical blank-node labels (RDFC-1.0, computed by pyoxigraph): the one way jcgraph names blank nodes.

Used for content digests of in-memory graphs and for every deterministic serialisation, so the same
triples always give the same bytes whichever engine holds them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph

from jcgraph.io.rdf import from_rdflib


def canonical_dataset(triples: Iterable) -> ox.Dataset:
    """An oxigraph dataset of rdflib ``(s, p, o)`` triples, with RDFC-1.0 blank-node labels."""
    dataset = ox.Dataset()
    for s, p, o in triples:
        dataset.add(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o)))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def canonical_ntriples(graph: Graph | Iterable) -> list[bytes]:
    """The N-Triples lines of ``graph`` (rdflib triples), blank nodes labelled by RDFC-1.0, sorted."""
    dataset = canonical_dataset(graph)
    data = ox.serialize(dataset, format=ox.RdfFormat.N_QUADS)
    return sorted(line for line in data.split(b"\n") if line)


def canonical_lines(lines: list[bytes]) -> list[bytes]:
    """N-Triples lines with their blank nodes relabelled by RDFC-1.0 (lines without blank nodes untouched).

    RDFC-1.0 labels a blank node from the triples that mention blank nodes only, so canonicalising those
    lines alone gives the labels the whole graph would: a large graph's other lines are never parsed.
    """
    plain = [line for line in lines if b"_:" not in line]
    blank = [line for line in lines if b"_:" in line]
    if not blank:
        return lines
    dataset = ox.Dataset(ox.parse(b"\n".join(blank) + b"\n", format=ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    data = ox.serialize(dataset, format=ox.RdfFormat.N_QUADS)
    return plain + [line for line in data.split(b"\n") if line]
