"""Credentials for endpoints and stores: from the environment or a netrc file, never the command line.

And the one redirect rule of every request jcgraph sends (:func:`redirect_problem`), so that they never
reach another host.
"""

from __future__ import annotations

import netrc
import os
import urllib.parse

from jcgraph.errors import InputError, untrusted
from jcgraph.limits import MAX_REDIRECTS


def credentials(url: str, env_prefix: str) -> tuple[str, str] | None:
    """User and password for ``url``, or None when there are none.

    From ``$<env_prefix>_USER`` / ``$<env_prefix>_PASSWORD``, else from the netrc file (``$NETRC``, else
    ``~/.netrc``) entry for the URL's host.

    :param url: the endpoint or store URL
    :param env_prefix: ``JCGRAPH_ENDPOINT`` for query endpoints, ``JCGRAPH_STORE`` for stores
    :raises InputError: the netrc file exists but cannot be read or parsed
    """
    user = os.environ.get(f"{env_prefix}_USER")
    if user:
        return user, os.environ.get(f"{env_prefix}_PASSWORD", "")
    path = os.environ.get("NETRC") or os.path.expanduser("~/.netrc")
    if not os.path.isfile(path):
        return None
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc(path).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise InputError(f"cannot read the netrc file: {exc}.", path=path) from None
    if entry:
        return entry[0] or "", entry[2] or ""
    return None


def redirect_problem(url: str, target: str, status: int, method: str, redirects: int) -> str | None:
    """Why the redirect from ``url`` to ``target`` (HTTP ``status``) is not followed, or None to follow it.

    Only 307 and 308 (which keep the method and the body) to the same scheme, host and port, at most
    :data:`MAX_REDIRECTS` times: a 301/302/303 would turn a POST into a GET and drop the query or the
    data, and another host must never receive the credentials or the data meant for this one.
    """

    def origin(address: str) -> tuple:
        try:
            parts = urllib.parse.urlsplit(address)
            return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
        except ValueError:  # a port that is not a number, a broken IPv6 address: never the same place
            return ("", address, None)

    shown = untrusted(target)
    if origin(target) != origin(url):
        return (
            f"redirects (HTTP {status}) to {shown}, on another host or port; jcgraph never follows a "
            "redirect to another host (credentials and data go only where you said): if that is the right "
            "server, give its URL instead"
        )
    if status not in (307, 308) and method not in ("GET", "HEAD"):
        return (
            f"redirects (HTTP {status}) to {shown}, which would turn the {method} into a GET and drop what "
            "was sent; give that URL instead"
        )
    if redirects >= MAX_REDIRECTS:
        return f"redirected more than {MAX_REDIRECTS} times (last to {shown}): a redirect loop? give the final URL"
    return None
