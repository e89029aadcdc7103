"""Add new triples to ``data/`` safely: validate them in the context of the graph, then merge.

The whole read-validate-write cycle runs under a lock on the graph root, so two concurrent adds
lose nothing (the second re-reads the graph, the first's triples included). The target file is
written atomically, and only when the new triples conform at the fail level: a rejected add
changes no byte of ``data/``.

Where the triples go:

- ``into``: the file named (relative paths are taken from the graph root; it must be a ``.ttl``
  file under ``data/``). An existing file keeps every byte it has, comments included: the new
  triples are appended as one Turtle block with its own prefix lines (legal anywhere in Turtle).
- otherwise each node goes where the README's layout says (:mod:`jcgraph.steward.placement`):
  ``states.ttl``, ``people.ttl``, ``relations/<pair>.ttl``, ...; triples about an existing node go to
  the file that describes it. Each file gets one appended block; existing bytes (comments) are kept.

The block is deterministic: triples sorted, prefixes from :data:`jcgraph.namespaces.PREFIXES`,
blank nodes given canonical labels; the same input always gives the same bytes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF

from jcgraph.errors import InputError
from jcgraph.graph.loading import find_root, load
from jcgraph.io import rdf as rdfio
from jcgraph.io.files import atomic_write, unwritable_data_path
from jcgraph.io.files import shown as printable
from jcgraph.limits import DEFAULT_LOCK_TIMEOUT, LOCK_TIMEOUT_VAR, from_env
from jcgraph.namespaces import ID, JC, MAX_LOCAL_NAME_CHARS, bind_prefixes, clipped, iri_scheme_problem
from jcgraph.steward.placement import Placement, safe_name
from jcgraph.validation.validate import ValidationReport, read_delta, validate

LOCK_NAME = ".jcgraph-add.lock"
# How long an add waits for another one to finish: DEFAULT_LOCK_TIMEOUT (300 s, ``JCGRAPH_LOCK_TIMEOUT``),
# defined with every other limit in jcgraph.limits.


@dataclass
class AddOutcome:
    """What an add did (or, for a dry run or a rejection, would have done)."""

    report: ValidationReport
    target: Path | None
    block: str
    added: int
    written: bool
    #: every file the add writes (or would write): path -> (text before, text after)
    changes: dict = field(default_factory=dict)

    @property
    def diff(self) -> str:
        """A unified diff per file written (what ``--dry-run`` shows)."""
        import difflib

        parts = []
        for path, (before, after) in self.changes.items():
            parts += difflib.unified_diff(
                before.splitlines(keepends=True),
                after.splitlines(keepends=True),
                fromfile=f"a/{path}",
                tofile=f"b/{path}",
            )
        return "".join(parts)

    @property
    def accepted(self) -> bool:
        """True when the new triples conform at the fail level."""
        return self.report.conforms


def add(
    files: list[str | os.PathLike],
    root: str | os.PathLike | None = None,
    into: str | os.PathLike | None = None,
    dry_run: bool = False,
    inference: str = "none",
    fail_on: str = "violation",
    input_format: str | None = None,
) -> AddOutcome:
    """Validate ``files`` in the context of the graph and, if they conform, merge them into ``data/``.

    :param files: RDF files holding the new triples
    :param root: the graph root (see :func:`jcgraph.graph.loading.find_root`)
    :param into: the data file to add to; None for a file named after the main subject
    :param dry_run: validate and compute the block, but write nothing
    :param inference: inference applied before validation (``none``, ``rdfs``, ``owlrl``)
    :param fail_on: the lowest severity that rejects the add
    :param input_format: RDF format of the files (a name or media type), overriding their extensions
    :returns: the outcome; ``written`` is True only when a file was changed
    :raises InputError: a file does not parse, the target is not allowed, or the lock cannot be taken
    """
    base = find_root(root)
    delta = read_delta(files, input_format)  # parse errors and a bad --into surface before any lock is taken
    refuse_iris_off_scheme(delta, str(files[0]) if len(files) == 1 else None)
    target_path(base, delta, into)
    if dry_run:
        return _cycle(base, delta, into, inference, fail_on, write=False)
    from filelock import FileLock, Timeout

    timeout = float(from_env(LOCK_TIMEOUT_VAR, DEFAULT_LOCK_TIMEOUT, float))
    lock_path = base / LOCK_NAME
    try:
        lock = FileLock(str(lock_path), timeout=timeout)
        with lock:
            return _cycle(base, delta, into, inference, fail_on, write=True)
    except Timeout:
        raise InputError(
            f"another jcgraph add has held the lock for {timeout:.0f} s; try again when it is done "
            "(or remove a stale lock file).",
            path=str(lock_path),
        ) from None
    except PermissionError as exc:
        raise InputError(
            f"cannot write in the graph folder ({exc.strerror}); pass --root DIR with a writable "
            "checkout of the graph.",
            path=str(base),
        ) from None


def _cycle(base: Path, delta: Graph, into, inference: str, fail_on: str, write: bool) -> AddOutcome:
    """Read the graph, validate the delta in its context, and (if it conforms and ``write``) merge it."""
    kg = load(base)
    report = validate(kg, delta, inference=inference, fail_on=fail_on)
    target = target_path(base, delta, into)
    new = bind_prefixes(Graph())
    for triple in delta:
        if triple not in kg.asserted:
            new.add(triple)
    if into is not None:
        groups = {target: new} if len(new) else {}
    else:  # the README's layout: each node in the file that describes it (steward/placement.py)
        groups = Placement(base, kg, new).split()
        main = main_subject(new)
        target = Placement(base, kg, new).file_for(main) if main is not None else target
    loaded = {Path(f.path).resolve() for f in kg.files}
    for path in groups:  # never report success for a file loading would skip, nor fail half-way
        problem = None if path.resolve() in loaded else unwritable_data_path(base, path)
        if problem is not None:
            shown_path = printable(path.relative_to(base.resolve()) if path.is_relative_to(base.resolve()) else path)
            raise InputError(
                f"add would write {shown_path}, but {problem}; nothing was written. Pass --into "
                "data/FILE.ttl to choose the file.",
            )
    blocks = {path: render_block(triples) for path, triples in groups.items()}
    block = "".join(blocks.values())
    if not report.conforms or not len(new):
        return AddOutcome(report, target, block, len(new), written=False)
    changes = {}
    for path, text_block in blocks.items():
        old = path.read_bytes().decode("utf-8") if path.exists() else ""
        text = old
        if text and not text.endswith("\n"):
            text += "\n"
        text = text + ("\n" if text else "") + text_block
        # never write a file that does not parse back (a data file: the input limits do not apply)
        rdfio.parse_bytes(text.encode("utf-8"), path, ".ttl", limited=False)
        changes[path] = (old, text)
    if write:
        for path, (_, text) in changes.items():
            _remove_stale_temporaries(path)
            atomic_write(path, text)
    shown = {
        str(p.relative_to(base.resolve())) if p.is_relative_to(base.resolve()) else str(p): c
        for p, c in changes.items()
    }
    return AddOutcome(report, target, block, len(new), written=write, changes=shown)


def _remove_stale_temporaries(target: Path) -> None:
    """Remove what an add killed mid-write left beside ``target`` (``.NAME.XXXX.tmp``, never loaded).

    Called only under the add lock, so no other add is writing them.
    """
    import glob

    if target.parent.is_dir():
        for stale in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
            stale.unlink(missing_ok=True)


def target_path(base: Path, delta: Graph, into: str | os.PathLike | None) -> Path:
    """The data file the triples go to (see the module docstring).

    :raises InputError: ``into`` is outside ``data/`` or not a ``.ttl`` file
    """
    data_dir = (base / "data").resolve()
    if into is not None:
        path = Path(into)
        path = (path if path.is_absolute() else base / path).resolve()
        if data_dir not in path.parents:
            raise InputError(
                "--into must name a file under the graph's data/ folder (relative paths are "
                "taken from the graph root, e.g. data/relations/mar-kaz.ttl).",
                path=str(into),
            )
        if path.suffix != ".ttl":
            raise InputError("--into must name a Turtle file ending in .ttl.", path=str(into))
        problem = unwritable_data_path(base, path)
        if problem is not None and path not in _loaded_paths(base):
            raise InputError(
                f"--into cannot name this file: {problem}. Name a .ttl file whose name and folders do not "
                "start with '.', under data/ (e.g. data/relations/mar-kaz.ttl); nothing was written.",
                path=printable(into),
            )
        if path.is_dir():
            raise InputError("--into names a folder; name a .ttl file.", path=str(into))
        return path
    subject = main_subject(delta)
    if subject is None:
        raise InputError("the new triples have no subject with an IRI to name a file after; pass --into data/FILE.ttl.")
    text = str(subject)
    if text.startswith(str(ID)):
        kind, _, local = text[len(str(ID)) :].partition("/")
        folder = f"{kind}s" if local else "added"
        local = local or kind
    else:
        folder, local = "added", text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return data_dir / safe_name(folder, "added") / f"{safe_name(local)}.ttl"


def _loaded_paths(base: Path) -> set[Path]:
    """The resolved paths of the files loading reads under ``base`` (a symlink in data/ may point anywhere)."""
    from jcgraph.graph.loading import graph_files

    return {p.resolve() for p in graph_files(base)}


def refuse_iris_off_scheme(delta: Graph, path: str | None = None) -> None:
    """Refuse a delta naming an ``id/`` IRI outside the scheme (:func:`jcgraph.namespaces.iri_scheme_problem`).

    Such an IRI would be filed under a folder named after it: hidden (a kind starting with ``.``), too
    long for the file system, or outside the README's layout.

    :param path: the delta's file, for the message (None when several)
    :raises InputError: naming the first such IRI, what is wrong with it and what to do
    """
    bad = sorted(
        {t for triple in delta for t in triple if isinstance(t, URIRef) and iri_scheme_problem(t) is not None},
        key=str,
    )
    if not bad:
        return
    others = {1: ""}.get(len(bad), f" (and {len(bad) - 1} more like it)")
    raise InputError(
        f"the IRI <{clipped(str(bad[0]), 100)}>{others} does not follow jcgraph's IRI scheme: "
        f"{iri_scheme_problem(bad[0])}. Name things {ID}<kind>/<local name>, with a kind from the README's "
        f"table (state, agreement, person, ...) and a local name of at most {MAX_LOCAL_NAME_CHARS} ASCII "
        "letters, digits and hyphens, e.g. id/state/MAR or id/agreement/mar-kaz-2024-extradition; nothing "
        "was written.",
        path=path,
    )


def main_subject(delta: Graph) -> URIRef | None:
    """The subject a delta is about: its first agreement (by IRI), else the IRI subject with most triples."""
    agreements = sorted(
        s
        for s in delta.subjects(RDF.type, None)
        if isinstance(s, URIRef)
        and any(
            str(o).startswith(str(JC)) and "Agreement" in str(o) or o in _AGREEMENT_FORMS
            for o in delta.objects(s, RDF.type)
        )
    )
    if agreements:
        return agreements[0]
    counts: dict[URIRef, int] = {}
    for s in delta.subjects():
        if isinstance(s, URIRef):
            counts[s] = counts.get(s, 0) + 1
    if not counts:
        return None
    return sorted(counts, key=lambda s: (-counts[s], str(s)))[0]


_AGREEMENT_FORMS = (JC.Convention, JC.AdditionalProtocol, JC.MemorandumOfUnderstanding)


def render_block(triples: Graph) -> str:
    """Deterministic Turtle for ``triples``: sorted, jcgraph's prefixes, canonical blank-node labels.

    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/jcgraph/id/state/FRA"), RDF.type, JC.State))
    >>> print(render_block(g).splitlines()[-3:-1])
    ['state:FRA', '    a jc:State ;']
    """
    canonical = (
        to_canonical_graph(triples) if any(isinstance(t, BNode) for triple in triples for t in triple) else triples
    )
    graph = bind_prefixes(Graph())
    for triple in canonical:
        graph.add(triple)
    text = graph.serialize(format="longturtle")
    return "# Added with jcgraph add.\n" + text.lstrip("\n")
