"""Every cache entry carries its content's digest: a damaged entry is deleted and recomputed, never used (issue 15)."""

from __future__ import annotations

import pytest

from jcgraph.graph.digest import read_checked, write_checked

QUERY = "SELECT ?a WHERE { ?a a jc:Agreement }"


def test_a_checked_entry_reads_back_and_a_damaged_one_is_refused(tmp_path):
    entry = tmp_path / "closure-x.nt"
    data = (
        b"<https://e.org/a> <https://e.org/p> <https://e.org/b> .\n" * 2
        + b"<https://e.org/c> <https://e.org/p> _:b .\n"
    )
    assert write_checked(entry, data)
    assert read_checked(entry) == data
    entry.write_bytes(entry.read_bytes().split(b"\n", 1)[1])  # a line deleted: still valid N-Triples
    assert read_checked(entry) is None and not entry.exists()
    assert write_checked(entry, b"") and read_checked(entry) == b""  # an empty closure is whole
    entry.write_bytes(b"")
    assert read_checked(entry) is None


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert not write_checked(blocker / "closure.nt", b"x\n")  # ENOTDIR even for root
    assert list(tmp_path.iterdir()) == [blocker]


@pytest.mark.parametrize(
    ("damage", "engine"),
    # the store infers on demand and keeps no closure file: one case shows its answer is unchanged too
    [("empty", "rdflib"), ("line deleted", "rdflib"), ("trailer removed", "rdflib"), ("line deleted", "oxigraph")],
)
def test_damaged_closure_files_never_change_an_answer(damage, engine, graph_copy, tmp_path, monkeypatch, run_cli):
    cache = tmp_path / "cache"
    monkeypatch.setenv("JCGRAPH_CACHE_DIR", str(cache))
    monkeypatch.setenv("JCGRAPH_BACKEND", engine)
    code, expected, err = run_cli("query", "--root", graph_copy, "--inference", "owlrl", "-f", "csv", QUERY)
    assert code == 0, err
    entries = [p for p in cache.rglob("*.nt") if p.stat().st_size]
    assert entries or engine == "oxigraph", "the owlrl closure is cached"  # the store infers on demand
    for entry in entries:
        lines = entry.read_bytes().splitlines(keepends=True)
        damaged = {"empty": b"", "line deleted": b"".join(lines[1:]), "trailer removed": b"".join(lines[:-1])}[damage]
        entry.write_bytes(damaged)
    code, again, err = run_cli("query", "--root", graph_copy, "--inference", "owlrl", "-f", "csv", QUERY)
    assert code == 0, err
    assert again == expected


def test_an_unwritable_cache_folder_gives_the_same_answer(graph_copy, tmp_path, monkeypatch, run_cli):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("JCGRAPH_CACHE_DIR", str(blocker / "cache"))  # cannot be created, even by root
    code, out, err = run_cli("query", "--root", graph_copy, "--inference", "owlrl", "-f", "csv", QUERY)
    monkeypatch.setenv("JCGRAPH_CACHE_DIR", "")
    assert (code, out) == run_cli("query", "--root", graph_copy, "--inference", "owlrl", "-f", "csv", QUERY)[:2]
    assert "Traceback" not in err
