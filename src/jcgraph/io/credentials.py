"""Credentials for endpoints and stores: from the environment or a netrc file, never the command line."""

from __future__ import annotations

import netrc
import os
import urllib.parse

from jcgraph.errors import InputError


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
