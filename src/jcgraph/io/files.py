"""Files: which paths are part of the graph, safe writing (atomic replacement), a usable cache folder.

- :func:`read_by_loading` is the one rule for which files under a graph root are read as the graph
  (loading applies it; ``add`` never writes a file it would skip, see :func:`unwritable_data_path`);
- :func:`atomic_write` replaces a file so that a crash or kill never leaves a half-written one;
- :func:`cache_unusable` says why the cache folder cannot be used, so commands carry on without it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePath

from jcgraph.errors import InputError

#: The suffix of the graph's files under ontology/ and data/.
GRAPH_SUFFIX = ".ttl"
#: Most file systems allow 255 bytes per file or folder name; atomic_write's temporary file adds 14
#: (``.NAME.XXXXXXXX.tmp``). jcgraph writes names of at most this many bytes, well under both.
MAX_NAME_BYTES = 200
#: Below this much free space in the cache folder, commands run without the cache (an on-disk store
#: takes about seven times the bytes of its input files; a full disk must not fail a query).
CACHE_MIN_FREE_BYTES = 64 * 1024 * 1024


def shown(path: PurePath | str) -> str:
    r"""``path`` as text that can always be printed: bytes that are not UTF-8 shown escaped (``caf\xe9.ttl``)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def hidden_part(relative: PurePath) -> str | None:
    """The first folder or file name of ``relative`` starting with ``.`` (hidden), or None."""
    return next((part for part in relative.parts if part.startswith(".")), None)


def read_by_loading(relative: PurePath) -> bool:
    """Whether loading reads the file at ``relative`` (a path relative to the graph root) as part of the graph.

    The one rule, applied by :func:`jcgraph.graph.loading.graph_files` and by ``add`` before it writes:
    ``.ttl`` files under ``ontology/`` (its ``shapes/`` excepted) and ``data/``, none of whose folders
    or name is hidden (starts with ``.``: an interrupted write's ``.name.ttl.XXXX.tmp``, an editor's
    ``.#name.ttl``, a ``.git`` folder).

    :raises InputError: a name in the path is not valid UTF-8 (it could not be named in the graph)
    """
    parts = relative.parts
    if not parts or parts[0] not in ("ontology", "data") or relative.suffix != GRAPH_SUFFIX:
        return False
    if hidden_part(relative) is not None or (parts[0] == "ontology" and "shapes" in parts):
        return False
    if not _is_utf8(str(relative)):
        raise InputError(
            "the file name is not valid UTF-8, so the file cannot be part of the graph (its named graph "
            "would have no IRI); rename it with a UTF-8 or plain ASCII name, e.g. with `mv`.",
            path=shown(relative),
        )
    return True


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a name with bytes that are not UTF-8 decodes to lone surrogates
        return False
    return True


def unwritable_data_path(root: Path, path: Path) -> str | None:
    """Why ``add`` must not write the data file ``path`` (under the graph ``root``), or None when it may.

    It may write only a file that loading reads (:func:`read_by_loading`) under ``data/``, with
    names a file system takes (:data:`MAX_NAME_BYTES` each): anything else would report success and
    lose the triples, or fail half-way.
    """
    root = Path(root).resolve()
    try:
        relative = Path(path).resolve().relative_to(root)
    except ValueError:
        return "it is outside the graph's data/ folder"
    if relative.parts[:1] != ("data",) or len(relative.parts) < 2:
        return "it is outside the graph's data/ folder"
    try:
        read = read_by_loading(relative)
    except InputError:
        return "its name is not valid UTF-8, so it could not be read as part of the graph"
    if not read:
        hidden = hidden_part(relative)
        if hidden is not None:
            return (
                f"its name or a folder on its way ({hidden!r}) starts with '.', and hidden files are never "
                "read as part of the graph, so the triples would be lost"
            )
        return f"it does not end in {GRAPH_SUFFIX}, and only Turtle files are read as part of the graph"
    long = next((part for part in relative.parts if len(os.fsencode(part)) > MAX_NAME_BYTES), None)
    if long is not None:
        return (
            f"a name in it is {len(os.fsencode(long))} bytes long, over the {MAX_NAME_BYTES} bytes jcgraph "
            "writes (file systems take at most 255)"
        )
    return None


def atomic_write(path: Path | str, data: bytes | str) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, fsynced, then renamed.

    Readers see either the old content or the new, never a mix, even after ``kill -9``. The temporary
    file is hidden (``.NAME.PID.XXXX.tmp``, never loaded as data); one that a killed process left (its
    PID no longer running) is removed by the next write of the same file.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    created = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    except BaseException:
        for folder in created:  # innermost first: leave no empty folder behind
            try:
                folder.rmdir()
            except OSError:
                break
        raise
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def remove_stale_temporaries(path: Path | str) -> list[Path]:
    """Remove the temporary files of :func:`atomic_write` beside ``path`` whose writer is gone.

    Only files named with the PID of a process that no longer runs (on POSIX): a write in progress in
    another process is never touched.

    :returns: the files removed
    """
    path = Path(path)
    if os.name != "posix" or not path.parent.is_dir():
        return []
    removed = []
    prefix = f".{path.name}."
    try:
        names = [entry.name for entry in os.scandir(path.parent)]
    except OSError:
        return []
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid = name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            stale = path.parent / name
            try:
                stale.unlink()
                removed.append(stale)
            except OSError:
                pass
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or not a PID at all): leave its file alone
    return True


def emit(text: str | bytes, output: str | None = None) -> None:
    """Write a command's result to ``output`` (a file, atomically) or to stdout when None or ``-``."""
    if output in (None, "-"):
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write(output, text)


def cache_unusable(directory: Path | None) -> str | None:
    """Why the cache folder ``directory`` cannot be used (one short reason), or None when it can.

    It can when it exists or can be made, a file can be written in it, and it has at least
    :data:`CACHE_MIN_FREE_BYTES` free. None is always usable (the cache is off).
    """
    if directory is None:
        return None
    probe = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=directory, prefix=".probe-", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(b"\0" * 4096)
        stats = os.statvfs(directory)
    except OSError as exc:
        return exc.strerror or str(exc)
    finally:
        if probe is not None:
            try:
                os.unlink(probe)
            except OSError:
                pass
    free = stats.f_bavail * stats.f_frsize
    if free < CACHE_MIN_FREE_BYTES:
        return f"only {free // 1024:,} KB free, under the {CACHE_MIN_FREE_BYTES // (1024 * 1024)} MB it needs"
    return None


@contextmanager
def without_unusable_cache(command: str, directory: Path | None):
    """Run a command with the cache folder, or, when it cannot be used, without it and a one-line warning.

    Every cache is then off for the command (``JCGRAPH_CACHE_DIR`` empty while it runs), so a full or
    read-only cache folder costs time, never a wrong answer or a failed command.

    :param command: the command's name, for the warning
    :param directory: the cache folder (``jcgraph.backends.memory.infer.cache_dir()``), None when off
    """
    reason = cache_unusable(directory)
    if reason is None:
        yield
        return
    print(
        f"jcgraph {command}: warning: the cache folder {shown(directory)} cannot be used ({reason}); "
        "carrying on without it, so costly steps are redone next time. Free some space, or set "
        "JCGRAPH_CACHE_DIR to a writable folder (empty to turn the cache off).",
        file=sys.stderr,
    )
    saved = os.environ.get("JCGRAPH_CACHE_DIR")
    os.environ["JCGRAPH_CACHE_DIR"] = ""
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("JCGRAPH_CACHE_DIR", None)
        else:
            os.environ["JCGRAPH_CACHE_DIR"] = saved
