"""The language of a query's labels: the catalogue's English label patterns, asked in another language.

The catalogue writes each label as ``OPTIONAL { ?x rdfs:label ?xLabel FILTER (LANGMATCHES(LANG(?xLabel),
"en")) }``: that form is the documented placeholder. :func:`with_language` asks it in the chosen
language first and falls back to the other one (a second OPTIONAL binds only where the first left the
variable unbound), so each name appears once, in one language. The language is one of
:data:`LANGUAGES`, never user text, so the rewrite cannot change what the query does beyond that. The
rewrite works on the query text, so it is the same locally and on an endpoint.
"""

from __future__ import annotations

import re

from jcgraph.errors import QueryError

LANGUAGES = ("en", "fr")
_LABEL = re.compile(
    r'OPTIONAL\s*\{(?P<body>[^{}]*?)FILTER\s*\(\s*LANGMATCHES\s*\(\s*LANG\s*\(\s*(?P<var>\?\w+)\s*\)\s*,\s*"en"\s*\)\s*\)\s*\}',
    re.IGNORECASE,
)


def with_language(text: str, lang: str) -> str:
    """``text`` with each catalogue label pattern asking ``lang`` first, then the other language.

    >>> q = 'OPTIONAL { ?s rdfs:label ?l FILTER (LANGMATCHES(LANG(?l), "en")) }'
    >>> with_language(q, "fr").count("OPTIONAL")
    2
    """
    if lang not in LANGUAGES:
        raise QueryError(f"--lang must be one of {', '.join(LANGUAGES)}, not {lang!r}.")
    fallback = next(other for other in LANGUAGES if other != lang)

    def rewrite(match: re.Match) -> str:
        body, var = match["body"], match["var"]
        first = f'OPTIONAL {{{body}FILTER (LANGMATCHES(LANG({var}), "{lang}")) }}'
        return first + f' OPTIONAL {{{body}FILTER (LANGMATCHES(LANG({var}), "{fallback}")) }}'

    return _LABEL.sub(rewrite, text)
