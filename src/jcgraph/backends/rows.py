"""The row limit (``--max-rows``), checked the same way by every engine while it collects an answer."""

from __future__ import annotations

from jcgraph.errors import LimitExceeded


def check_rows(count: int, max_rows: int | None) -> None:
    """Stop collecting once ``count`` rows (or triples) exceed ``max_rows`` (None or 0: no limit).

    :raises LimitExceeded: over the limit
    """
    if max_rows and count > max_rows:
        raise LimitExceeded(
            f"the result has more than {max_rows} rows (or triples); narrow the query, add a "
            "LIMIT, or raise --max-rows (0 for no limit)."
        )
