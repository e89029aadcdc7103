"""jcgraph's errors and the exit codes the command line maps them to.

Exit codes (one contract for every command):

- 0: success; the graph conforms
- 1: validation results at or above the fail level, or a check that found something
- 2: usage or input error: bad option, unreadable file, syntax error, endpoint unreachable
- 3: internal error: a bug in jcgraph
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FOUND = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3


def untrusted(text: str | bytes, size: int = 200) -> str:
    """Text a server sent, fit for a one-line message.

    Its first line, control characters (terminal escapes) replaced by ``?``, at most ``size`` characters
    (then ``…``).
    """
    if isinstance(text, bytes):
        text = text[: size * 4 + 4096].decode("utf-8", errors="replace")
    text = _html_as_text(str(text))
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    line = "".join(c if c.isprintable() else "?" for c in (lines[0] if lines else ""))
    return line if len(line) <= size else line[:size].rstrip() + "…"


def _html_as_text(text: str) -> str:
    """An HTML error page as one line of its visible text; any other text as it is.

    (Virtuoso puts the SQL error in the page's body, not on its first line.)
    """
    head = text.lstrip()[:15].lower()
    if not (head.startswith("<!doctype html") or head.startswith("<html")):
        return text
    import html
    import re

    body = re.sub(r"(?is)<(head|script|style)\b.*?</\1\s*>", " ", text)
    visible = html.unescape(re.sub(r"(?s)<[^>]*>", " ", body))
    return " ".join(visible.split())


class JcgraphError(Exception):
    """Base of every error jcgraph reports to a person; carries its exit code."""

    exit_code = EXIT_INTERNAL

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = str(self.path)
            if self.line is not None:
                where += f", line {self.line}"
                if self.column is not None:
                    where += f", column {self.column}"
            where += ": "
        return where + self.message


class InputError(JcgraphError):
    """The user's input cannot be used: a missing or unreadable file, a syntax error, a bad option."""

    exit_code = EXIT_INPUT


class RDFSyntaxError(InputError):
    """An RDF file does not parse."""


class QueryError(InputError):
    """A SPARQL query is malformed, not allowed here, or its parameters are invalid."""


class EndpointError(InputError):
    """A remote SPARQL endpoint or graph store cannot be reached or answered with an error."""


class LimitExceeded(InputError):
    """An input, a query time or a result size is over its configured limit."""


class CheckFailed(JcgraphError):
    """A check the command ran found something wrong (exit 1): e.g. a store holding another count than pushed."""

    exit_code = EXIT_FOUND
