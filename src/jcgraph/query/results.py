"""Query results (:class:`QueryResult`) and their formats; the model lives in :mod:`jcgraph.io.results`.

Kept here because this is where the documented API has always imported it from.
"""

from jcgraph.io.results import QueryResult, format_for_file, format_name, normalise, nt_term, term_from_json

__all__ = ["QueryResult", "format_for_file", "format_name", "normalise", "nt_term", "term_from_json"]
