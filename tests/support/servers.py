"""A real SPARQL server for tests: oxigraph's, on 127.0.0.1, started and stopped by the tests."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def relay(handler, url: str, body: bytes) -> tuple[int, bytes, str]:
    """Send ``handler``'s request (method, Content-Type, Accept, ``body``) on to ``url``, for stub proxies.

    :returns: the upstream answer's status, body and Content-Type (HTTP errors included, as answers)
    """
    headers = {k: handler.headers[k] for k in ("Content-Type", "Accept") if handler.headers.get(k)}
    request = urllib.request.Request(url, data=body or None, method=handler.command, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "text/plain")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), "text/plain"


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` server binary installed with the test extras."""
    candidate = Path(sys.executable).with_name("oxigraph")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server is not installed: pip install -e '.[test]'")
    return found


class OxigraphServer:
    """A running oxigraph server; ``query_url``, ``update_url`` and ``store_url`` are its endpoints."""

    def __init__(self, location: Path, read_only: bool = False):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url = self.base + "/query"
        self.update_url = self.base + "/update"
        self.store_url = self.base + "/store"
        command = [
            oxigraph_binary(),
            "serve-read-only" if read_only else "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{self.port}",
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph exited early: {self.process.stderr.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(self.query_url + "?query=ASK%7B%7D", timeout=1):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("oxigraph did not start in time")

    def stop(self) -> None:
        """Stop the server and wait for it to exit."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()


@contextlib.contextmanager
def oxigraph_server(location: Path, read_only: bool = False):
    """Run an oxigraph server on a free loopback port for the duration of a ``with`` block."""
    server = OxigraphServer(location, read_only=read_only)
    try:
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------------
# Virtuoso (Debian's virtuoso-opensource), for the push and portability tests
# --------------------------------------------------------------------------------------------------

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 40000
MaxDirtyBuffers = 30000
CheckpointInterval = 0
DirsAllowed = .
{parameters}[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 0
"""


def virtuoso_binary() -> str | None:
    """``virtuoso-t`` when Debian's virtuoso-opensource is installed (``.ci/run`` installs it), else None."""
    return shutil.which("virtuoso-t")


class VirtuosoServer:
    """A throw-away Virtuoso on loopback ports, its database in ``location``; the dba account is dba/dba.

    ``query_url`` (anonymous, read), ``auth_url`` (``/sparql-auth``: query and update with Digest),
    ``store_url`` (``/sparql-graph-crud-auth``: Graph Store protocol with Digest), and, when
    ``anonymous_updates``, ``update_url`` (``/sparql`` after granting SPARQL_UPDATE to the anonymous user).
    """

    user = password = "dba"

    def __init__(self, location: Path, anonymous_updates: bool = False, parameters: dict[str, str] | None = None):
        location.mkdir(parents=True, exist_ok=True)
        self.location = location
        self.sql_port, self.port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url = self.base + "/sparql"
        self.update_url = self.base + "/sparql" if anonymous_updates else None
        self.auth_url = self.base + "/sparql-auth"
        self.store_url = self.base + "/sparql-graph-crud-auth"
        ini = location / "virtuoso.ini"
        extra = "".join(f"{name} = {value}\n" for name, value in (parameters or {}).items())
        ini.write_text(VIRTUOSO_INI.format(dir=location, sql_port=self.sql_port, http_port=self.port, parameters=extra))
        binary = virtuoso_binary()
        if not binary:
            raise RuntimeError("virtuoso-t is not installed: apt-get install virtuoso-opensource")
        self.process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=location,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_ready()
        if anonymous_updates:
            self.sql('GRANT SPARQL_UPDATE TO "SPARQL";')

    def _wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.location / "virtuoso.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"virtuoso exited early: {log}")
            try:
                with urllib.request.urlopen(self.query_url + "?query=ASK%7B%7D", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                time.sleep(0.25)
        self.stop()
        raise RuntimeError("virtuoso did not start in time")

    def sql(self, statement: str) -> str:
        """Run one SQL statement through isql (as dba)."""
        isql = shutil.which("isql-vt") or shutil.which("isql")
        done = subprocess.run(
            [isql, f"127.0.0.1:{self.sql_port}", self.user, self.password, f"exec={statement}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode:
            raise RuntimeError(f"isql failed: {done.stdout}{done.stderr}")
        return done.stdout

    def stop(self) -> None:
        """Stop the server and wait for it to exit."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def virtuoso_server(location: Path, anonymous_updates: bool = False, parameters: dict[str, str] | None = None):
    """Run Virtuoso on free loopback ports for the duration of a ``with`` block.

    :param parameters: more lines for virtuoso.ini's ``[Parameters]`` (e.g. a small TransactionAfterImageLimit)
    """
    server = VirtuosoServer(location, anonymous_updates=anonymous_updates, parameters=parameters)
    try:
        yield server
    finally:
        server.stop()
