"""How to cite a release, and which licence covers what: one text for the HTML page, void.ttl and CITATION.cff."""

from __future__ import annotations

import datetime as dt

from jcgraph.namespaces import ONTOLOGY_IRI

AUTHOR = "The jcgraph developers"
TITLE = "jcgraph: a knowledge graph of international judicial cooperation in criminal matters"
#: The ontology, the concept schemes, the shapes, the queries and the data.
DATA_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DATA_LICENCE_ID = "CC-BY-4.0"
#: The Python package (src/, tests/, bench/).
CODE_LICENCE = "https://www.apache.org/licenses/LICENSE-2.0"
CODE_LICENCE_ID = "Apache-2.0"


def citation(version: str, date: dt.date | None = None) -> str:
    """The recommended citation of release ``version`` (in the style of a dataset reference).

    >>> citation("0.2.0", dt.date(2026, 12, 1))
    'The jcgraph developers (2026). jcgraph: a knowledge graph of international judicial cooperation in \
criminal matters (version 0.2.0) [data set and OWL ontology]. https://w3id.org/jcgraph/ontology/0.2.0. \
Licence CC-BY-4.0.'
    """
    year = f" ({date.year})" if date else ""
    return (
        f"{AUTHOR}{year}. {TITLE} (version {version}) [data set and OWL ontology]. "
        f"{ONTOLOGY_IRI}/{version}. Licence {DATA_LICENCE_ID}."
    )


def bibtex(version: str, date: dt.date | None = None) -> str:
    """The same citation as a BibTeX ``@misc`` entry."""
    year = f"  year = {{{date.year}}},\n" if date else ""
    return (
        f"@misc{{jcgraph-{version},\n  author = {{{{{AUTHOR}}}}},\n  title = {{{TITLE}}},\n"
        f"  version = {{{version}}},\n{year}  url = {{{ONTOLOGY_IRI}/{version}}},\n"
        f"  note = {{Licence {DATA_LICENCE_ID}}}\n}}\n"
    )
