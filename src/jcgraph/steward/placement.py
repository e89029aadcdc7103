"""Where ``jcgraph add`` files each new triple: the README's layout of ``data/``.

- triples about a node the graph already has go to the file that describes it (most of its triples);
- a new node goes by kind: states to ``states.ttl``; persons and post holdings to ``people.ttl``;
  institutions and posts to ``institutions.ttl``; places to ``places.ttl``; sources and publishers
  to ``sources.ttl``; a bilateral agreement to ``relations/<pair>.ttl`` (the parties' ISO alpha-3
  codes, Morocco then Kazakhstan first, else alphabetical); a multilateral agreement, its
  participations and provisions to ``multilateral/<agreement>.ttl``;
- events, signatures, declarations and claims follow what they are about (the agreement signed,
  the event signed at, the statement claimed), so a pair's events sit with its agreements;
- blank nodes follow the node that refers to them; anything else goes to ``data/<kind>s/<name>.ttl``.

Every folder and file name it makes passes :func:`safe_name`, so no IRI can make a name a file system
refuses or loading skips (``add`` refuses IRIs outside the scheme before placing anything, and checks
each file against :func:`jcgraph.io.files.unwritable_data_path` before writing).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from jcgraph.graph.loading import KnowledgeGraph
from jcgraph.namespaces import ID, JC, MAX_LOCAL_NAME_CHARS

BY_KIND = {
    "state": "states.ttl",
    "person": "people.ttl",
    "post-holding": "people.ttl",
    "institution": "institutions.ttl",
    "post": "institutions.ttl",
    "place": "places.ttl",
    "source": "sources.ttl",
    "publisher": "sources.ttl",
}
FIRST = ("MAR", "KAZ")  # the graph's two home states lead a pair's name
#: For a node of these kinds, the property whose object it is filed with.
FOLLOWS = {
    "event": (JC.ofAgreement, JC.implements, JC.during),
    "signature": (),  # found through the event that has it (jc:hasSignature), see _referrers
    "declaration": (JC.madeDuring,),
    "claim": (RDF.subject,),
    "participation": (JC.inAgreement,),
    "provision": (JC.provisionOf,),
}


def kind_of(node) -> str | None:
    """``state`` for ``…/id/state/MAR``; None for an IRI outside ``id/``."""
    text = str(node)
    if isinstance(node, URIRef) and text.startswith(str(ID)):
        return text[len(str(ID)) :].partition("/")[0]
    return None


def local_name(node) -> str:
    return str(node).rstrip("/#").rsplit("/", 1)[-1]


def safe_name(text: str, default: str = "triples") -> str:
    """A folder or file name (without ``.ttl``) made from ``text``: one a file system takes and loading reads.

    ASCII letters, digits, ``.``, ``_`` and ``-`` only, not starting with ``.`` (hidden) or ``-``, at most
    :data:`~jcgraph.namespaces.MAX_LOCAL_NAME_CHARS` characters: a longer one is cut and ends with a digest of
    the whole, so two long names stay apart. A name already of that form is kept as it is.

    >>> safe_name("mar-kaz"), safe_name(".hidden"), safe_name("é" * 3), len(safe_name("a" * 300))
    ('mar-kaz', 'hidden', 'triples', 120)
    """
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or default
    if len(slug) > MAX_LOCAL_NAME_CHARS:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        slug = slug[: MAX_LOCAL_NAME_CHARS - len(digest) - 1].rstrip("-.") + "-" + digest
    return slug


class Placement:
    """Decides the data file of each subject of a delta, given the loaded graph."""

    def __init__(self, base: Path, kg: KnowledgeGraph, delta: Graph):
        self.data_dir = (base / "data").resolve()
        self.delta = delta
        self.context = kg.asserted
        self.home: dict = {}
        counts: dict = defaultdict(lambda: defaultdict(int))
        for loaded in kg.files:
            path = Path(loaded.path)
            if path.is_absolute() and path.resolve().is_relative_to(self.data_dir):
                for s in loaded.triples.subjects():
                    counts[s][path.resolve()] += 1
        for subject, files in counts.items():
            self.home[subject] = sorted(files, key=lambda p: (-files[p], str(p)))[0]
        self._cache: dict = {}

    def _objects(self, node, prop):
        yield from self.delta.objects(node, prop)
        yield from self.context.objects(node, prop)

    def _types(self, node):
        return set(self._objects(node, RDF.type))

    def file_for(self, node, depth: int = 0) -> Path:
        """The data file describing ``node`` (an existing one, or where a new one belongs)."""
        if node in self._cache:
            return self._cache[node]
        found = self._decide(node, depth)
        self._cache[node] = found
        return found

    def _decide(self, node, depth: int) -> Path:
        if node in self.home:
            return self.home[node]
        if isinstance(node, BNode) or depth > 6:
            referrer = next(iter(self._referrers(node)), None)
            if referrer is not None and depth <= 6:
                return self.file_for(referrer, depth + 1)
            return self.data_dir / "added" / "triples.ttl"
        kind = kind_of(node)
        if kind in BY_KIND:
            return self.data_dir / BY_KIND[kind]
        if kind == "agreement":
            return self._agreement_file(node)
        if kind in FOLLOWS:
            for prop in FOLLOWS[kind]:
                for target in self._objects(node, prop):
                    if isinstance(target, URIRef):
                        return self.file_for(target, depth + 1)
            for referrer in self._referrers(node):
                return self.file_for(referrer, depth + 1)
        folder = safe_name(f"{kind}s", "added") if kind else "added"
        return self.data_dir / folder / f"{safe_name(local_name(node))}.ttl"

    def _referrers(self, node):
        found = {s for s in self.delta.subjects(None, node)} | {s for s in self.context.subjects(None, node)}
        return sorted((s for s in found if s != node), key=str)

    def _agreement_file(self, node) -> Path:
        if JC.MultilateralAgreement in self._types(node):
            return self.data_dir / "multilateral" / f"{safe_name(local_name(node))}.ttl"
        codes = set()
        for state in self._objects(node, JC.stateParty):
            codes.add(local_name(state))
        for institution in self._objects(node, JC.institutionParty):
            codes |= {local_name(s) for s in self._objects(institution, JC.ofState)}
        if len(codes) > 2:
            return self.data_dir / "multilateral" / f"{safe_name(local_name(node))}.ttl"
        if len(codes) == 2:
            return self.data_dir / "relations" / f"{safe_name(pair_name(codes))}.ttl"
        return self.data_dir / "agreements" / f"{safe_name(local_name(node))}.ttl"

    def split(self) -> dict[Path, Graph]:
        """The delta's triples grouped by the data file they go to."""
        groups: dict[Path, Graph] = {}
        for triple in self.delta:
            target = self.file_for(triple[0])
            groups.setdefault(target, Graph()).add(triple)
        return dict(sorted(groups.items(), key=lambda item: str(item[0])))


def pair_name(codes: set[str]) -> str:
    """``mar-kaz`` for {KAZ, MAR}; ``mar-ken``; ``kaz-uzb``; ``bra-esp`` (alphabetical otherwise)."""
    ordered = sorted(codes, key=lambda c: (FIRST.index(c) if c in FIRST else len(FIRST), c))
    return "-".join(c.lower() for c in ordered)
