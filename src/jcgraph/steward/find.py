"""Find existing nodes by any of their names: labels, variants, ISO codes; fuzzy, accent- and case-insensitive.

A :class:`Matcher` indexes every name of every node under ``id/`` in a loaded graph once; ``jcgraph find``
and ``jcgraph draft`` both ask it, so a steward and the drafter see the same candidates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDFS, SKOS

from jcgraph.labels import short
from jcgraph.namespaces import ID, ID_KINDS, JC

#: Properties whose values name a node.
NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, FOAF.name, JC.iso3166Alpha2, JC.iso3166Alpha3)
#: The kinds ``find --kind`` accepts, mapped to the IRI kind under ``id/``.
KINDS = {
    "state": "state",
    "person": "person",
    "place": "place",
    "institution": "institution",
    "post": "post",
    "agreement": "agreement",
    "organisation": "organisation",
}
_KIND_OF_PATH = {kind: kind for kind in ID_KINDS.values()} | {"organisation": "organisation"}


def normalise(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: ``"Ouahbi, A."`` → ``"ouahbi a"``.

    >>> normalise("Fès, l’Ancienne")
    'fes l ancienne'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("’", "'").lower()
    return re.sub(r"[^0-9a-z]+", " ", plain).strip()


def kind_of(node: URIRef) -> str | None:
    """The IRI kind of a node under ``id/`` (``state``, ``person``, ...), else None."""
    text = str(node)
    if not text.startswith(str(ID)):
        return None
    return text[len(str(ID)) :].split("/", 1)[0] or None


@dataclass
class Match:
    """One candidate: the node, its kind, its names, the name that matched and the score (0–100)."""

    iri: URIRef
    kind: str
    score: float
    matched: str
    labels: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "iri": str(self.iri),
            "short": short(self.iri),
            "kind": self.kind,
            "score": round(self.score, 1),
            "matched": self.matched,
            "labels": self.labels,
        }


class Matcher:
    """Every name of every node of a graph, searchable.

    >>> from rdflib import Graph, Literal, URIRef
    >>> from rdflib.namespace import RDFS
    >>> g = Graph()
    >>> _ = g.add((URIRef(ID + "place/rabat"), RDFS.label, Literal("Rabat", lang="fr")))
    >>> Matcher(g).find("rabbat")[0].iri.endswith("place/rabat")
    True
    """

    def __init__(self, graph: Graph):
        self._names: list[str] = []  # normalised names, parallel to _owners
        self._owners: list[tuple[URIRef, str, str]] = []  # (node, kind, name as written)
        self._labels: dict[URIRef, list[str]] = {}
        for prop in NAME_PROPERTIES:
            for node, value in graph.subject_objects(prop):
                kind = kind_of(node) if isinstance(node, URIRef) else None
                if kind is None or not isinstance(value, Literal):
                    continue
                written = str(value)
                key = normalise(written)
                if not key:
                    continue
                self._names.append(key)
                self._owners.append((node, kind, written))
                shown = f"{written}@{value.language}" if value.language else written
                labels = self._labels.setdefault(node, [])
                if shown not in labels:
                    labels.append(shown)

    def __len__(self) -> int:
        return len(self._labels)

    def find(self, text: str, kind: str | None = None, *, limit: int = 10, cutoff: float = 70.0) -> list[Match]:
        """Nodes named like ``text``, best first.

        An exact name (after :func:`normalise`) scores 100; otherwise the score is rapidfuzz's weighted
        ratio, which tolerates typos, word order and a name given in part ("Ouahbi" for "Abdellatif Ouahbi").

        :param text: a name, a part of a name, or an ISO code
        :param kind: only nodes of this IRI kind (``state``, ``person``, ``place``, ...)
        :param limit: at most this many matches
        :param cutoff: the lowest score kept
        """
        query = normalise(text)
        if not query:
            return []
        best: dict[URIRef, Match] = {}
        for index, name in enumerate(self._names):
            node, node_kind, written = self._owners[index]
            if (kind and node_kind != kind) or (not kind and node_kind not in KINDS):
                continue
            score = self._score(query, name)
            if score >= cutoff and (node not in best or score > best[node].score):
                best[node] = Match(node, node_kind, score, written, self._labels[node])
        return sorted(best.values(), key=lambda m: (-m.score, str(m.iri)))[:limit]

    def best(self, text: str, kind: str | None = None, *, cutoff: float = 90.0) -> Match | None:
        """The single best match at or above ``cutoff``, else None."""
        found = self.find(text, kind, limit=1, cutoff=cutoff)
        return found[0] if found else None

    @staticmethod
    def _score(query: str, name: str) -> float:
        if query == name:
            return 100.0
        if len(query) <= 3 or len(name) <= 3:
            return 0.0  # codes and short names match exactly or not at all
        score = fuzz.WRatio(query, name)
        # a query that is one whole word of a longer name ("ouahbi") is a strong but not exact match
        words = name.split()
        if len(words) <= 4 and (query in words or (" " in query and f" {query} " in f" {name} ")):
            score = max(score, 90.0)
        return float(score)


def extract_best(query: str, choices: list[str], cutoff: float = 85.0) -> str | None:
    """The choice closest to ``query`` (both normalised), for small fixed tables."""
    found = process.extractOne(
        normalise(query), [normalise(c) for c in choices], scorer=fuzz.ratio, score_cutoff=cutoff
    )
    return choices[found[2]] if found else None
