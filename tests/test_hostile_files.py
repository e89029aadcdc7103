"""Hostile paths and file-system faults (issue 15, items 1 and 9 and the untried faults).

- ``add`` never writes a path that loading would skip (one rule, :func:`jcgraph.io.files.read_by_loading`);
- IRI kinds and local names follow the IRI scheme (:func:`jcgraph.namespaces.iri_scheme_problem`): a bad
  one is an input error naming it, never ``OSError: File name too long``, and leaves no folder behind;
- a full, read-only or impossible cache folder: a warning, then correct answers without the cache;
- a file name that is not UTF-8 in ``data/``: refused by name (escaped), never a ``UnicodeEncodeError``;
- a graph folder of thousands of small files: loaded and answered in reasonable time.

Each refused write leaves ``data/`` byte-identical, folders included.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path, PurePosixPath

import pytest
from rdflib import URIRef

from jcgraph.io.files import MAX_NAME_BYTES, read_by_loading, unwritable_data_path
from jcgraph.namespaces import ID, MAX_LOCAL_NAME_CHARS, iri_scheme_problem
from jcgraph.steward.placement import safe_name

REPO = Path(__file__).resolve().parents[1]
STATE = REPO / "tests" / "fixtures" / "shapes" / "valid" / "state.ttl"
COUNT_STATES = "PREFIX jc: <https://w3id.org/jcgraph/ontology#>\nSELECT (COUNT(?s) AS ?n) WHERE { ?s a jc:State }\n"


def snapshot(folder: Path) -> dict:
    """Every path under ``folder`` (folders too, so an empty one left behind shows) with its bytes."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def state_delta(tmp_path: Path, subject: str) -> Path:
    """The valid new state of the shape fixtures (France), under another subject IRI."""
    delta = tmp_path / f"delta-{uuid.uuid4().hex[:8]}.ttl"
    delta.write_text(STATE.read_text(encoding="utf-8").replace("state:FRA", f"<{subject}>"), encoding="utf-8")
    return delta


def one_paragraph(err: str) -> bool:
    return "Traceback" not in err and len(err.strip().splitlines()) == 1


# --- 1. add never writes a path that loading would skip -------------------------------------------


def test_a_kind_starting_with_a_dot_is_refused_and_nothing_is_written(run_cli, graph_copy, tmp_path):
    delta = state_delta(tmp_path, f"{ID}.hidden/x")
    before = snapshot(graph_copy / "data")
    for _ in range(2):  # re-running must not append anything either
        code, _, err = run_cli("add", "--root", graph_copy, delta)
        assert code == 2, err
        assert f"<{ID}.hidden/x>" in err and "its kind '.hidden' is not one of jcgraph's kinds" in err
        assert "nothing was written" in err and str(delta) in err and one_paragraph(err)
        assert snapshot(graph_copy / "data") == before


@pytest.mark.parametrize("into", ["data/.hidden.ttl", "data/.hid/a.ttl", "data/relations/.mar-kaz.ttl"])
def test_into_a_hidden_path_is_refused(run_cli, graph_copy, into):
    before = snapshot(graph_copy / "data")
    code, _, err = run_cli("add", "--root", graph_copy, "--into", into, STATE)
    assert code == 2, err
    assert f"{into}: --into cannot name this file" in err and "starts with '.'" in err
    assert "hidden files are never read" in err and one_paragraph(err)
    assert snapshot(graph_copy / "data") == before


def test_validate_reports_an_iri_outside_the_scheme(run_cli, graph_copy, tmp_path):
    """The quality gate applies the same rule; a shape's path-less result on the node no longer hides it."""
    code, out, _ = run_cli("validate", "--root", graph_copy, state_delta(tmp_path, f"{ID}.hidden/x"))
    assert code == 1
    assert "does not follow the scheme" in out and "its kind '.hidden'" in out


@pytest.mark.parametrize(
    ("relative", "read"),
    [
        ("data/states.ttl", True),
        ("data/relations/mar-kaz.ttl", True),
        ("data/a/b/c/d.ttl", True),
        ("ontology/jcgraph.ttl", True),
        ("data/.hidden.ttl", False),
        ("data/.hid/a.ttl", False),
        ("data/relations/.mar-kaz.ttl.x1y2.tmp", False),
        ("data/.#states.ttl", False),
        ("data/states.TTL", False),
        ("data/states.nt", False),
        ("ontology/shapes/core.ttl", False),
        ("queries/x.ttl", False),
    ],
)
def test_the_one_rule_of_what_loading_reads(relative, read):
    assert read_by_loading(PurePosixPath(relative)) is read


def test_add_may_write_only_what_loading_reads(graph_copy):
    candidates = [
        "data/states.ttl",
        "data/added/x.ttl",
        "data/.hidden.ttl",
        "data/.x/y.ttl",
        "data/x.nt",
        "ontology/x.ttl",
        "x.ttl",
        "data/" + "a" * (MAX_NAME_BYTES + 1) + ".ttl",
        "data/" + "é" * 120 + ".ttl",  # 244 bytes in UTF-8
    ]
    for relative in candidates:
        problem = unwritable_data_path(graph_copy, graph_copy / relative)
        if problem is None:
            assert read_by_loading(PurePosixPath(relative)), relative
    assert unwritable_data_path(graph_copy, graph_copy / "data/added/x.ttl") is None
    assert "244 bytes" in unwritable_data_path(graph_copy, graph_copy / ("data/" + "é" * 120 + ".ttl"))


def test_graph_files_applies_the_rule(graph_copy):
    from jcgraph.graph.loading import graph_files

    (graph_copy / "data" / ".hid").mkdir()
    (graph_copy / "data" / ".hid" / "a.ttl").write_text("")
    (graph_copy / "data" / ".b.ttl").write_text("")
    files = [p.relative_to(graph_copy) for p in graph_files(graph_copy)]
    assert files and all(read_by_loading(p) for p in files)
    assert not any(".hid" in p.parts or p.name == ".b.ttl" for p in files)


def test_an_iri_outside_id_with_a_long_name_is_filed_where_loading_reads_it(run_cli, graph_copy, tmp_path):
    """IRIs outside id/ are not the scheme's business; placement still makes a name loading reads."""
    subject = "http://example.org/" + ".x" + "a" * 300
    code, _, err = run_cli("add", "--root", graph_copy, state_delta(tmp_path, subject))
    assert code == 0, err
    written = [p for p in (graph_copy / "data" / "added").iterdir()]
    assert len(written) == 1 and len(written[0].name) <= MAX_LOCAL_NAME_CHARS + 4
    import jcgraph

    assert (URIRef(subject), None, None) in jcgraph.load(graph_copy).asserted


def test_safe_name_keeps_good_names_and_tames_the_rest():
    assert safe_name("mar-kaz") == "mar-kaz" and safe_name("xviii-12-a") == "xviii-12-a"
    assert safe_name(".hidden") == "hidden" and safe_name("...") == "triples"
    long_a, long_b = safe_name("a" * 300), safe_name("a" * 299 + "b")
    assert len(long_a) == len(long_b) == MAX_LOCAL_NAME_CHARS and long_a != long_b
    assert len(safe_name("x" * 120 + "-" + "y" * 120)) <= MAX_LOCAL_NAME_CHARS  # a pair of long codes


# --- 9. IRI kinds and local names: characters and length --------------------------------------------

LONG_IRIS = {
    "300-character kind": (f"{ID}{'a' * 300}/x", "(300 characters)' is not one of jcgraph's kinds"),
    "140-character Unicode kind": (f"{ID}{'é' * 140}/x", "(140 characters)' is not one of jcgraph's kinds"),
    "300-character local name": (f"{ID}state/{'a' * 300}", "its local name is 300 characters long, over the limit"),
    "300-character local name of another kind": (f"{ID}source/{'b' * 300}", "300 characters long"),
    "unknown kind": (f"{ID}thing/x", "its kind 'thing' is not one of jcgraph's kinds"),
    "no local name": (f"{ID}state/", "it has no local name after the kind"),
    "slash in the local name": (f"{ID}state/MAR/x", "holds other characters than ASCII letters"),
    "Unicode local name": (f"{ID}state/{'é' * 10}", "holds other characters than ASCII letters"),
}


@pytest.mark.parametrize("case", sorted(LONG_IRIS))
def test_an_iri_off_the_scheme_is_an_input_error_and_leaves_nothing_behind(run_cli, graph_copy, tmp_path, case):
    subject, expected = LONG_IRIS[case]
    before = snapshot(graph_copy / "data")
    code, _, err = run_cli("add", "--root", graph_copy, state_delta(tmp_path, subject))
    assert code == 2, err
    assert expected in err and "does not follow jcgraph's IRI scheme" in err, err
    assert subject[:60] in err and f"at most {MAX_LOCAL_NAME_CHARS} ASCII" in err
    assert "File name too long" not in err and one_paragraph(err)
    assert snapshot(graph_copy / "data") == before  # no empty data/states/ or data/aaa…s/


def test_an_object_iri_off_the_scheme_is_refused_too(run_cli, graph_copy, tmp_path):
    delta = tmp_path / "object.ttl"
    delta.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"<{ID}state/MAR> rdfs:seeAlso <{ID}state/ABC%20x> , <{ID}state/{'z' * 200}> .\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("add", "--root", graph_copy, delta)
    assert code == 2 and "(and 1 more like it)" in err and "ABC%20x" in err, err


def test_into_a_name_too_long_for_the_file_system_is_refused(run_cli, graph_copy):
    before = snapshot(graph_copy / "data")
    into = "data/" + "n" * 300 + "/x.ttl"
    code, _, err = run_cli("add", "--root", graph_copy, "--into", into, STATE)
    assert code == 2 and "300 bytes long" in err and one_paragraph(err), err
    assert snapshot(graph_copy / "data") == before


def test_a_failed_write_leaves_no_empty_folder(tmp_path):
    from jcgraph.io.files import atomic_write

    with pytest.raises(OSError):
        atomic_write(tmp_path / "a" / "b" / ("n" * 300 + ".ttl"), "x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["live", "frozen"])
def test_every_iri_of_the_graph_follows_the_scheme(checkout, repo_root, where):
    """The rule add applies holds for all the data there is (subjects and objects), live and frozen."""
    import jcgraph

    kg = jcgraph.load(checkout if where == "live" else repo_root)
    terms = {t for triple in kg.asserted for t in triple if isinstance(t, URIRef)}
    assert len([t for t in terms if str(t).startswith(str(ID))]) > 50
    assert sorted((str(t), iri_scheme_problem(t)) for t in terms if iri_scheme_problem(t) is not None) == []
    names = [str(t)[len(str(ID)) :].partition("/")[2] for t in terms if str(t).startswith(str(ID))]
    assert max(map(len, names)) <= MAX_LOCAL_NAME_CHARS


def test_the_iri_rule_in_examples():
    assert iri_scheme_problem(URIRef(f"{ID}state/MAR")) is None
    assert iri_scheme_problem(URIRef(f"{ID}agreement/mar-kaz-2024-extradition")) is None
    assert iri_scheme_problem(URIRef("http://example.org/.anything")) is None  # not the scheme's business
    assert iri_scheme_problem(URIRef(f"{ID}state/{'A' * MAX_LOCAL_NAME_CHARS}")) is None
    assert "over the limit" in iri_scheme_problem(URIRef(f"{ID}state/{'A' * (MAX_LOCAL_NAME_CHARS + 1)}"))
    assert "starts with a hyphen" in iri_scheme_problem(URIRef(f"{ID}state/-MAR"))


# --- file names that are not UTF-8 -------------------------------------------------------------------

NOT_UTF8 = '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n<{}state/MAR> rdfs:comment "Café"@en .\n'


def _make_non_utf8(folder: Path) -> Path:
    path = os.fsencode(folder) + b"/caf\xe9.ttl"
    try:
        with open(path, "wb") as out:
            out.write(NOT_UTF8.format(ID).encode())
    except OSError as exc:  # e.g. a file system that stores names as UTF-8 only
        pytest.skip(f"this file system refuses a name that is not UTF-8 ({exc.strerror})")
    return Path(os.fsdecode(path))


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("command", ["validate", "query", "stats"])
def test_a_file_name_that_is_not_utf8_is_refused_by_name(run_process, graph_copy, tmp_path, backend, command):
    _make_non_utf8(graph_copy / "data")
    query = tmp_path / "count.rq"
    query.write_text(COUNT_STATES)
    args = {"validate": [], "query": [query], "stats": []}[command]
    done = run_process(command, "--root", graph_copy, *args, env={"JCGRAPH_BACKEND": backend}, timeout=120)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2, err
    assert r"data/caf\xe9.ttl" in err and "not valid UTF-8" in err and "rename it" in err
    assert "UnicodeEncodeError" not in err and one_paragraph(err)


def test_add_refuses_a_graph_with_a_name_that_is_not_utf8_and_writes_nothing(run_cli, graph_copy):
    _make_non_utf8(graph_copy / "data")
    before = snapshot(graph_copy / "data")
    code, _, err = run_cli("add", "--root", graph_copy, STATE)
    assert code == 2 and r"caf\xe9.ttl" in err and one_paragraph(err), err
    assert snapshot(graph_copy / "data") == before


def test_into_a_name_that_is_not_utf8_is_refused(run_cli, graph_copy):
    before = snapshot(graph_copy / "data")
    code, _, err = run_cli("add", "--root", graph_copy, "--into", os.fsdecode(b"data/caf\xe9.ttl"), STATE)
    assert code == 2 and r"data/caf\xe9.ttl" in err and "not valid UTF-8" in err, err
    assert snapshot(graph_copy / "data") == before


# --- a full, read-only or impossible cache folder ----------------------------------------------------


@pytest.fixture
def live_root(tmp_path):
    """A copy of the live graph: over 512 KB, so the store is kept on disk in the cache folder."""
    root = tmp_path / "live"
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@contextlib.contextmanager
def mounted_tmpfs(path: Path, options: str):
    """A tmpfs at ``path`` (``options``: ``size=…``, ``ro``); skips the test where mounting is not allowed."""
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode(errors='replace').strip() or 'not root'})")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _answers(run_process, root: Path, query: Path, cache: str, inference: str):
    done = run_process(
        "query", "--root", root, query, "--inference", inference, "--format", "csv",
        env={"JCGRAPH_CACHE_DIR": cache}, timeout=300,
    )  # fmt: skip
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def _check_carries_on(run_process, root, tmp_path, cache: str, reason: str):
    query = tmp_path / "count.rq"
    query.write_text(COUNT_STATES)
    for inference in ("none", "owlrl"):
        code, expected, _ = _answers(run_process, root, query, "", inference)  # the cache turned off
        assert code == 0 and expected.splitlines()[0] == "n"
        code, out, err = _answers(run_process, root, query, cache, inference)
        assert code == 0, err
        assert out == expected
        assert "warning: the cache folder" in err and reason in err and "carrying on without it" in err
        assert "Traceback" not in err and "internal error" not in err


def test_a_cache_folder_under_a_file_is_skipped_with_a_warning(run_process, live_root, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    _check_carries_on(run_process, live_root, tmp_path, str(blocker / "cache"), "Not a directory")


def test_a_read_only_cache_folder_is_skipped_with_a_warning(run_process, live_root, tmp_path):
    if os.geteuid() == 0:  # chmod does not stop root: a read-only file system does
        with mounted_tmpfs(tmp_path / "ro", "ro,size=1m") as cache:
            _check_carries_on(run_process, live_root, tmp_path, str(cache), "Read-only file system")
        return
    cache = tmp_path / "ro"
    cache.mkdir()
    cache.chmod(0o500)
    try:
        _check_carries_on(run_process, live_root, tmp_path, str(cache), "Permission denied")
    finally:
        cache.chmod(0o700)


def _fill(folder: Path, size: int | None) -> None:
    """Write ``size`` bytes into ``folder``, or (None) until the file system is full."""
    with open(folder / "filler", "wb", buffering=0) as out:
        if size is not None:
            out.write(b"\0" * size)
            return
        with contextlib.suppress(OSError):
            while True:
                out.write(b"\0" * 4096)


@pytest.mark.parametrize(("fill", "reason"), [(900_000, "KB free"), (None, "No space left on device")])
def test_a_full_cache_folder_is_skipped_with_a_warning(run_process, live_root, tmp_path, fill, reason):
    with mounted_tmpfs(tmp_path / "full", "size=1m") as cache:
        _fill(cache, fill)
        _check_carries_on(run_process, live_root, tmp_path, str(cache), reason)
        assert sorted(p.name for p in cache.iterdir()) == ["filler"]  # nothing half-written left behind


def test_a_writable_cache_gives_no_warning(run_cli, graph_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("JCGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    query = tmp_path / "count.rq"
    query.write_text(COUNT_STATES)
    code, _, err = run_cli("query", "--root", graph_copy, query)
    assert code == 0 and "warning" not in err
    assert os.environ["JCGRAPH_CACHE_DIR"] == str(tmp_path / "cache")


def test_the_cache_setting_is_restored_after_a_command(run_cli, graph_copy, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("JCGRAPH_CACHE_DIR", str(blocker / "cache"))
    query = tmp_path / "count.rq"
    query.write_text(COUNT_STATES)
    code, _, err = run_cli("query", "--root", graph_copy, query)
    assert code == 0 and "warning: the cache folder" in err
    assert os.environ["JCGRAPH_CACHE_DIR"] == str(blocker / "cache")


# --- a graph folder of thousands of files --------------------------------------------------------------


def many_files(root: Path, count: int) -> None:
    """``count`` small files in ``root/data/many/fNN/``, one subject each."""
    for i in range(count):
        folder = root / "data" / "many" / f"f{i // 1000:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"n{i:05d}.ttl").write_text(
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            f'<{ID}source/gen-{i}> rdfs:comment "note {i}"@en .\n'
        )


COUNT_GENERATED = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT (COUNT(?s) AS ?n) WHERE { ?s rdfs:comment ?c "
    'FILTER(STRSTARTS(STR(?s), "https://w3id.org/jcgraph/id/source/gen-")) }\n'
)


def test_two_thousand_files_load_validate_and_answer(graph_copy, tmp_path, run_process):
    """2,000 files on the frozen graph (about 300 KB: the in-memory engine): each command within a minute.

    Measured by hand with 10,000 files: see the closing note of issue 15.
    """
    many_files(graph_copy, 2000)
    query = tmp_path / "generated.rq"
    query.write_text(COUNT_GENERATED)
    started = time.monotonic()
    done = run_process("query", "--root", graph_copy, query, "--format", "csv", timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().split() == ["n", "2000"]
    done = run_process("validate", "--root", graph_copy, timeout=120)
    assert done.returncode in (0, 1) and b"Traceback" not in done.stderr, done.stderr
    assert time.monotonic() - started < 120


@pytest.mark.slow
def test_ten_thousand_files_in_the_on_disk_store(live_root, tmp_path, run_process):
    """The live graph (over 512 KB: the on-disk store) with 10,000 more files answers within 60 s."""
    many_files(live_root, 10_000)
    query = tmp_path / "generated.rq"
    query.write_text(COUNT_GENERATED)
    done = run_process(
        "query", "--root", live_root, query, "--format", "csv",
        env={"JCGRAPH_CACHE_DIR": str(tmp_path / "cache"), "JCGRAPH_BACKEND": "oxigraph"}, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.decode().split() == ["n", "10000"], done.stderr
