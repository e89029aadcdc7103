"""Find and load the knowledge graph: ontology, concept schemes, data, and any extra files.

This module is the backend seam: everything else asks a :class:`KnowledgeGraph` for triples
(``asserted``, ``inferred(mode)``, ``graph(mode)``) and never parses files itself.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef

from jcgraph.errors import InputError
from jcgraph.io import files
from jcgraph.io import rdf as rdfio
from jcgraph.namespaces import GRAPH, bind_prefixes

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/jcgraph
SHIPPED_DIR = PACKAGE_DIR / "_shipped"  # filled by the wheel build (pyproject force-include)
RDF_SUFFIXES = (".ttl",)


def _is_root(path: Path) -> bool:
    return (path / "ontology").is_dir() and (path / "data").is_dir()


def find_root(root: str | os.PathLike | None = None) -> Path:
    """Decide where the graph is read from.

    In order: ``root`` (``--root``), ``$JCGRAPH_ROOT``, the current directory when it holds
    ``ontology/`` and ``data/`` (a steward's clone), else the copy shipped in the package.

    :param root: an explicit directory, or None
    :returns: a directory holding ``ontology/`` and ``data/``
    :raises InputError: an explicit root does not hold them
    """
    for explicit, origin in ((root, "--root"), (os.environ.get("JCGRAPH_ROOT") or None, "JCGRAPH_ROOT")):
        if explicit:
            path = Path(explicit).expanduser()
            if not _is_root(path):
                raise InputError(
                    f"{origin} points to a directory without ontology/ and data/; "
                    "give the top folder of a jcgraph checkout.",
                    path=str(path),
                )
            return path.resolve()
    cwd = Path.cwd()
    if _is_root(cwd):
        return cwd.resolve()
    if _is_root(SHIPPED_DIR):
        return SHIPPED_DIR
    source_checkout = PACKAGE_DIR.parents[1]  # editable install: src/jcgraph -> repository root
    if _is_root(source_checkout):
        return source_checkout
    raise InputError("no graph found: pass --root DIR or set JCGRAPH_ROOT to a folder holding ontology/ and data/.")


def graph_files(root: Path) -> list[Path]:
    """The RDF files that make up the graph under ``root``, in a stable order.

    Ontology and concept schemes (``ontology/``, shapes excluded) first, then ``data/``. Hidden files
    and folders (a name starting with ``.``) are never part of the graph: the temporary files of an
    interrupted write (``.name.ttl.XXXX.tmp``), editor lock files (``.#name.ttl``) and the like.
    """

    def visible(path: Path) -> bool:
        return files.read_by_loading(path.relative_to(root))  # the one rule, shared with add

    ontology = sorted(
        p for p in (root / "ontology").rglob("*.ttl") if "shapes" not in p.relative_to(root).parts and visible(p)
    )
    data = sorted(p for p in (root / "data").rglob("*.ttl") if visible(p))
    return ontology + data


def shape_files(root: Path) -> list[Path]:
    """The SHACL shape files under ``root/ontology/shapes``."""
    return sorted((root / "ontology" / "shapes").glob("*.ttl"))


def rule_files(root: Path) -> list[Path]:
    """The SPARQL CONSTRUCT rules under ``root/ontology/rules``, applied after OWL RL."""
    return sorted((root / "ontology" / "rules").glob("*.rq"))


def graph_iri_for(root: Path, path: Path) -> URIRef:
    """The named-graph IRI of a file: ``https://w3id.org/jcgraph/graph/<path without suffix>``."""
    try:
        relative = path.resolve().relative_to(root)
        name = relative.with_suffix("").as_posix()
    except ValueError:
        name = "extra/" + path.stem
    return URIRef(str(GRAPH) + name)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


class LoadedFile:
    """One file of the graph: where it is, its named graph, its digest, and its own triples.

    The graph's own files are parsed into rdflib only when their triples are first asked for, so a
    large graph served by the store (see :func:`jcgraph.backends.engine_for`) is never parsed twice.
    """

    def __init__(
        self,
        path: Path,
        graph_iri: URIRef,
        triples: Graph | None = None,
        digest: str = "",
        *,
        fmt: str | None = None,
        user_input: bool = False,
    ):
        self.path, self.graph_iri, self.digest = path, graph_iri, digest
        self._triples, self._fmt, self._user_input = triples, fmt, user_input

    @property
    def triples(self) -> Graph:
        """The file's triples, parsed on first use."""
        if self._triples is None:
            data = rdfio.read_bytes(self.path, limited=self._user_input)
            ext = rdfio.format_for(self.path, self._fmt)
            self._triples = rdfio.parse_bytes(data, self.path, ext, bind_prefixes(Graph()), limited=self._user_input)
        return self._triples

    def with_triples(self, triples: Graph) -> LoadedFile:
        """A copy of this file's record holding other triples (e.g. a released, re-versioned ontology)."""
        return LoadedFile(self.path, self.graph_iri, triples, self.digest, fmt=self._fmt, user_input=self._user_input)

    def __repr__(self) -> str:
        return f"LoadedFile({str(self.path)!r})"


def _inside(path, folder: Path) -> bool:
    path = Path(path)
    return path.is_absolute() and path.resolve().is_relative_to(folder.resolve())


@dataclass
class KnowledgeGraph:
    """The loaded graph: every file's triples, their union, and (cached) inference closures."""

    root: Path
    files: list[LoadedFile] = field(default_factory=list)

    def ontology_files(self) -> list[LoadedFile]:
        """The files under ``root/ontology`` (ontology and concept schemes; shapes are not loaded files)."""
        return [f for f in self.files if _inside(f.path, self.root / "ontology")]

    def data_files(self) -> list[LoadedFile]:
        """Every other file: the data (``data/``, and files added with ``--data`` or a delta)."""
        return [f for f in self.files if not _inside(f.path, self.root / "ontology")]

    @cached_property
    def asserted(self) -> Graph:
        """Every asserted triple, from every file, in one graph."""
        union = bind_prefixes(Graph())
        for loaded in self.files:
            union += loaded.triples
        return union

    @cached_property
    def content_key(self) -> str:
        """A digest of everything the graph was built from, for caches."""
        from jcgraph.graph.digest import content_key

        parts = [loaded.digest for loaded in self.files] + ["rules"] + [file_digest(r) for r in rule_files(self.root)]
        return content_key("graph", parts)

    def inferred(self, mode: str = "owlrl") -> Graph:
        """The triples that inference adds to the asserted ones (never the asserted ones themselves).

        :param mode: ``none``, ``rdfs`` or ``owlrl``
        """
        from jcgraph.backends import engine_for

        cache = self.__dict__.setdefault("_inferred", {})
        if mode not in cache:
            cache[mode] = engine_for(self).inferred(mode) if mode != "none" else bind_prefixes(Graph())
        return cache[mode]

    def graph(self, inference: str = "none") -> Graph:
        """Asserted triples plus, unless ``inference`` is ``none``, the inferred ones."""
        if inference == "none":
            return self.asserted
        cache = self.__dict__.setdefault("_combined", {})
        if inference not in cache:
            combined = bind_prefixes(Graph())
            combined += self.asserted
            combined += self.inferred(inference)
            cache[inference] = combined
        return cache[inference]

    @property
    def engine(self):
        """The engine that answers for this graph (:func:`jcgraph.backends.engine_for`)."""
        from jcgraph.backends import engine_for

        return engine_for(self)


def load_file(root: Path, path: Path, fmt: str | None = None, *, user_input: bool = False) -> LoadedFile:
    """Read one file into a :class:`LoadedFile`.

    :param user_input: the file comes from the user (not ontology/ or data/): parse it now, apply the
        input limits, and refuse a file that holds no triples; the graph's own files are parsed on first use
    """
    if not user_input:
        data = rdfio.read_bytes(path, limited=False)
        return LoadedFile(path, graph_iri_for(root, path), None, hashlib.sha256(data).hexdigest(), fmt=fmt)
    data = rdfio.read_bytes(path, limited=user_input)
    ext = rdfio.format_for(path, fmt)
    triples = rdfio.parse_bytes(data, path, ext, bind_prefixes(Graph()), limited=user_input)
    if user_input and len(triples) == 0:
        raise InputError("the file holds no triples; nothing to do.", path=str(path))
    return LoadedFile(
        path=path, graph_iri=graph_iri_for(root, path), triples=triples, digest=hashlib.sha256(data).hexdigest()
    )


def load(
    root: str | os.PathLike | None = None, extra: list[str | os.PathLike] | tuple = (), *, include_data: bool = True
) -> KnowledgeGraph:
    """Load the knowledge graph.

    :param root: where the graph lives (see :func:`find_root`); None for the default
    :param extra: further RDF files to load with it
    :param include_data: False to load only the ontology and concept schemes
    :returns: the loaded graph

    >>> kg = load()
    >>> len(kg.asserted) > 1000
    True
    """
    base = find_root(root)
    paths = graph_files(base)
    if not include_data:
        paths = [p for p in paths if "data" not in p.relative_to(base).parts[:1]]
    kg = KnowledgeGraph(root=base)
    for path in paths:
        kg.files.append(load_file(base, path))
    for path in extra:
        kg.files.append(load_file(base, Path(path), user_input=True))
    return kg
