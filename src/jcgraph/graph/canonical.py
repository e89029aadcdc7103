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


def canonical_lines(data: bytes) -> list[bytes]:
    """The lines of N-Triples ``data`` (one triple a line), blank nodes relabelled by RDFC-1.0, in no order.

    RDFC-1.0 labels a blank node from the triples that mention blank nodes only, so canonicalising those
    lines alone gives the labels the whole graph would: the other lines are never parsed, nor even looked
    at one by one (the lines with ``_:`` are found by scanning the bytes).
    """
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    holding = _lines_with_blank_nodes(data)
    if not holding:
        return lines
    blank = b"\n".join(lines[i] for i in holding) + b"\n"
    dataset = ox.Dataset(ox.parse(blank, format=ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    relabelled = [line for line in ox.serialize(dataset, format=ox.RdfFormat.N_QUADS).split(b"\n") if line]
    if len(relabelled) != len(holding):  # a repeated line (never in a store's dump): rebuild the list
        kept = set(holding)
        return [line for i, line in enumerate(lines) if i not in kept] + relabelled
    for i, line in zip(holding, relabelled, strict=True):
        lines[i] = line
    return lines


def _lines_with_blank_nodes(data: bytes) -> list[int]:
    """The numbers (from 0) of the lines of ``data`` holding ``_:`` (a literal may too: it is only reparsed)."""
    found: list[int] = []
    line, start = 0, 0
    at = data.find(b"_:")
    while at != -1:
        line += data.count(b"\n", start, at)
        found.append(line)
        end = data.find(b"\n", at)
        if end == -1:
            break
        line, start = line + 1, end + 1
        at = data.find(b"_:", start)
    return found
