"""``kill -9`` during ``jcgraph export -o FILE`` and ``jcgraph release -o DIR``.

As for ``add`` (test_crash_safety.py), the kill points are chosen from the outside: one complete run is
timed first; then some kills fall anywhere in a run's lifetime and the others after the first hidden
temporary file of the atomic write appears. After every kill, each output file must hold its old bytes
or its new bytes (or be absent if it had none), never a mix or a truncation; what a killed write leaves
is hidden (``.NAME.PID.XXXX.tmp``); and the next complete run removes it. A release killed midway may
hold old files and new ones side by side; its ``SHA256SUMS`` is written last, so a new one means a
finished release.
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

pytestmark = pytest.mark.slow
RNG_SEED = 20250415


def visible(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` whose path has no hidden part, with the SHA-256 of its bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            out[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*.tmp") if p.is_file()]


def jcgraph(*args) -> list[str]:
    return [sys.executable, "-m", "jcgraph", *map(str, args)]


def timed_run(command: list[str], folder: Path) -> float:
    """Run ``command`` to the end; return its lifetime."""
    start = time.monotonic()
    done = subprocess.run(command, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    return time.monotonic() - start


def kill_at(command: list[str], folder: Path, rng: random.Random, run: int, lifetime: float):
    """Start ``command``; SIGKILL it anywhere in its lifetime (even runs) or as it writes (odd runs)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    if run % 2 == 0:
        time.sleep(rng.uniform(0, lifetime * 1.05))
    else:  # a write lasts about a millisecond: kill within it, or a little after
        while process.poll() is None and not temporaries(folder) and time.monotonic() - started < 60:
            time.sleep(0.0001)
        time.sleep(rng.uniform(0, 0.002))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def dead_pid() -> int:
    """The PID of a process that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    return int(done.stdout)


def test_sigkill_during_export_leaves_old_or_new_bytes(repo_root, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "graph.ttl"
    old = b"# the previous export, still whole\n"
    target.write_bytes(old)
    command = jcgraph("export", "--root", repo_root, "-o", target)
    lifetime = timed_run(command, folder)
    new = target.read_bytes()
    assert new != old and new.startswith(b"@prefix")
    rng = random.Random(RNG_SEED)
    outcomes = {"old": 0, "new": 0, "hidden left-overs": 0}
    for run in range(6):
        target.write_bytes(old)
        kill_at(command, folder, rng, run, lifetime)
        now = target.read_bytes()
        assert now in (old, new), f"run {run}: {len(now)} bytes, neither the old file nor the new one"
        outcomes["old" if now == old else "new"] += 1
        assert set(visible(folder)) == {"graph.ttl"}, visible(folder)  # nothing else under a visible name
        outcomes["hidden left-overs"] += len(temporaries(folder))
    print(f"\nexport: 6 kills (lifetime {lifetime:.2f} s): {outcomes}")
    # what a killed export left (whether or not a kill above fell inside a write), and a write in progress
    stale = folder / f".graph.ttl.{dead_pid()}.k1ll3d.tmp"
    stale.write_bytes(new[: len(new) // 2])
    busy = folder / f".graph.ttl.{os.getpid()}.wr1t1ng.tmp"
    busy.write_bytes(b"")
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    assert target.read_bytes() == new
    assert temporaries(folder) == [busy], "the next export did not remove what the killed ones left"


def test_sigkill_during_release_leaves_each_file_old_or_new(repo_root, tmp_path):
    folder = tmp_path / "release"
    command = jcgraph("release", "--root", repo_root, "-o", folder, "--date", "2025-06-01", "--version", "1.0.0")
    lifetime = timed_run(command, tmp_path)
    new = visible(folder)
    pristine = tmp_path / "pristine"  # an older release: the same files, other bytes
    for name in new:
        (pristine / name).parent.mkdir(parents=True, exist_ok=True)
        (pristine / name).write_text(f"{name} of the previous release\n")
    old = visible(pristine)
    rng = random.Random(RNG_SEED + 1)
    mixed = left_overs = 0
    for run in range(3):
        shutil.rmtree(folder)
        if run < 2:
            shutil.copytree(pristine, folder)
        kill_at(command, tmp_path, rng, run, lifetime)
        now = visible(folder) if folder.exists() else {}
        assert set(now) <= set(new), f"run {run}: unexpected files {set(now) - set(new)}"
        for name, digest in now.items():
            assert digest in (old.get(name), new[name]), f"run {run}: {name} is neither its old nor its new bytes"
        if run < 2:
            assert set(now) == set(old), f"run {run}: files vanished: {set(old) - set(now)}"
        if now.get("SHA256SUMS") == new["SHA256SUMS"]:  # written last: once it is new, every file is
            assert now == new, f"run {run}: SHA256SUMS is new but some files are not"
        mixed += now not in (old, new, {})
        left_overs += len(temporaries(folder)) if folder.exists() else 0
    print(f"\nrelease: 3 kills (lifetime {lifetime:.2f} s), {mixed} left old and new files, {left_overs} tmp")
    folder.mkdir(exist_ok=True)
    stale = folder / "shapes" / f".core.ttl.{dead_pid()}.k1ll3d.tmp"
    stale.parent.mkdir(exist_ok=True)
    stale.write_text("half")
    stale = folder / f".SHA256SUMS.{dead_pid()}.k1ll3d.tmp"
    stale.write_text("half")
    done = subprocess.run(command, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert visible(folder) == new
    assert not temporaries(folder), "the next release did not remove what the killed ones left"
