"""Crash safety of ``jcgraph add``: SIGKILL at random points, and concurrent adds that all land.

No test hook in the code: the kill points are chosen from the outside. One add is timed first; then
some kills fall anywhere in its lifetime, and most fall *during the write*: the test waits for the
temporary file of the atomic write to appear (``.NAME.XXXX.tmp`` beside the target) and kills after
a random fraction of the measured write time. The target is padded with an 8 MB comment so that the
write lasts long enough to be hit. After every kill, ``data/`` must hold exactly the old files or
exactly the new ones (by digest), and a left-over temporary file must never be read as data.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

import jcgraph
from jcgraph.graph.loading import graph_files
from tests.conftest import REPO

VALID = REPO / "tests" / "fixtures" / "shapes" / "valid"
TEMPLATE = (VALID / "agreement.ttl").read_text(encoding="utf-8")
SLUG = "test-mar-kaz-2025-police"
KILL_RUNS = 24  # 8 anywhere in the process lifetime, 16 during the write
PADDING_BYTES = 8 * 1024 * 1024

pytestmark = pytest.mark.slow


def data_digests(root: Path) -> dict[str, str]:
    """Every visible file under data/ with the SHA-256 of its bytes (hidden temporary files left out)."""
    out = {}
    for path in sorted((root / "data").rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            out[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def agreement_file(folder: Path, number: int) -> Path:
    """A valid new agreement (with its signing, signatures, claim and source) numbered ``number``."""
    text = TEMPLATE.replace(SLUG, f"test-crash-{number}-police").replace("(test, 2025)", f"(test {number}, 2025)")
    path = folder / f"agreement-{number}.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def agreement_iri(number: int) -> URIRef:
    return URIRef(f"https://w3id.org/jcgraph/id/agreement/test-crash-{number}-police-cooperation")


def add_command(root: Path, delta: Path, into: Path | None = None) -> list[str]:
    command = [sys.executable, "-m", "jcgraph", "add", "--root", str(root), str(delta)]
    return command + (["--into", str(into)] if into else [])


@pytest.fixture
def padded_root(graph_copy) -> tuple[Path, Path]:
    """The graph copy with a large target file (a long comment, then the existing triples of a state)."""
    target = graph_copy / "data" / "relations" / "crash-target.ttl"
    line = "# " + "padding " * 12 + "\n"
    body = (VALID / "state.ttl").read_text(encoding="utf-8")
    target.write_text(
        "# Padded with comments so that rewriting it takes a while.\n" + line * (PADDING_BYTES // len(line)) + body,
        encoding="utf-8",
    )
    return graph_copy, target


def temporaries(target: Path) -> list[Path]:
    return list(target.parent.glob(f".{target.name}.*.tmp"))


def test_sigkill_during_add_leaves_old_or_new_content(padded_root, tmp_path):
    root, target = padded_root
    delta = agreement_file(tmp_path, 0)
    command = add_command(root, delta, into=target)
    pristine = tmp_path / "pristine-target.ttl"
    shutil.copy2(target, pristine)
    old = data_digests(root)

    # one complete add: the new content, and how long the process and its write take
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    write_start = write_end = None
    while process.poll() is None:
        now = time.monotonic() - start
        if temporaries(target):
            write_start = write_start or now
        elif write_start and not write_end:
            write_end = now
        time.sleep(0.0005)
    lifetime = time.monotonic() - start
    assert process.returncode == 0, process.stderr.read().decode()
    process.stderr.close()
    new = data_digests(root)
    assert new != old and set(new) == set(old)
    write_time = max((write_end or lifetime) - (write_start or lifetime), 0.005)

    rng = random.Random(20250307)
    outcomes = {"old": 0, "new": 0, "left a temporary file": 0}
    for run in range(KILL_RUNS):
        shutil.copy2(pristine, target)
        for stale in temporaries(target):
            stale.unlink()
        assert data_digests(root) == old
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        if run < KILL_RUNS // 3:  # anywhere in the lifetime, a little past its end too
            time.sleep(rng.uniform(0, lifetime * 1.1))
        else:  # during the write: from the moment its temporary file exists
            while process.poll() is None and not temporaries(target) and time.monotonic() - started < 60:
                time.sleep(0.0002)
            time.sleep(rng.uniform(0, write_time * 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        now = data_digests(root)
        assert now in (old, new), f"run {run}: data/ is neither the old nor the new content"
        outcomes["old" if now == old else "new"] += 1
        if temporaries(target):
            outcomes["left a temporary file"] += 1
            # what a killed write leaves is hidden, and never part of the graph
            assert not [p for p in graph_files(root) if p.name.startswith(".")]
    print(f"\n{KILL_RUNS} kills (lifetime {lifetime:.2f} s, write {write_time * 1000:.0f} ms): {outcomes}")

    # a later add cleans up after the killed ones and lands; the graph still validates
    shutil.copy2(pristine, target)
    done = subprocess.run(command, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert data_digests(root) == new
    assert not temporaries(target)
    done = subprocess.run(
        [sys.executable, "-m", "jcgraph", "validate", "--root", str(root)], capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stdout.decode()[-2000:]


def test_hidden_files_in_data_are_never_loaded(graph_copy, repo_root):
    relations = graph_copy / "data" / "relations"
    (relations / ".mar-kaz.ttl.a1b2c3.tmp").write_text("@prefix broken")  # a killed write's left-over
    (relations / ".half-written.ttl").write_text("<https://w3id.org/jcgraph/id/state/MAR> <x")
    (relations / ".#mar-kaz.ttl").symlink_to("/nonexistent/editor-lock")  # an editor's lock file
    (graph_copy / "data" / ".git").mkdir()
    (graph_copy / "data" / ".git" / "stray.ttl").write_text("not turtle")
    files = graph_files(graph_copy)
    assert files and not [p for p in files if p.name.startswith(".") or ".git" in p.parts]
    assert len(jcgraph.load(graph_copy).asserted) == len(jcgraph.load(repo_root).asserted)


def run_concurrently(commands: list[list[str]]) -> None:
    processes = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in commands]
    for process in processes:
        _, err = process.communicate(timeout=600)
        assert process.returncode == 0, err.decode()


@pytest.mark.parametrize("count", [2, 8])
def test_concurrent_adds_all_land(graph_copy, tmp_path, count):
    """``count`` adds at once, half into one shared file, half into files of their own: none is lost."""
    shared = graph_copy / "data" / "relations" / "concurrent.ttl"
    deltas = [agreement_file(tmp_path, number) for number in range(1, count + 1)]
    commands = [add_command(graph_copy, delta, into=shared if i % 2 == 0 else None) for i, delta in enumerate(deltas)]
    run_concurrently(commands)
    kg = jcgraph.load(graph_copy)
    for number, delta in enumerate(deltas, 1):
        assert (agreement_iri(number), None, None) in kg.asserted, f"agreement {number} was lost"
        missing = [t for t in Graph().parse(delta) if t not in kg.asserted]
        assert not missing, f"{len(missing)} triples of agreement {number} were lost"
    in_shared = Graph().parse(shared)
    assert len({s for s in in_shared.subjects() if str(s).endswith("-police-cooperation")}) == (count + 1) // 2
    assert not [p for p in (graph_copy / "data").rglob(".*.tmp")]
    done = subprocess.run(
        [sys.executable, "-m", "jcgraph", "validate", "--root", str(graph_copy)],
        capture_output=True,
        timeout=120,
        env={**os.environ},
    )
    assert done.returncode == 0, done.stdout.decode()[-2000:]
