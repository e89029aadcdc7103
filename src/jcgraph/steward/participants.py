"""Participant names of status tables mapped to one IRI each: the graph's own names, then a country-name library.

UN Treaty Collection tables name participants in UN style ("Bolivia (Plurinational State of)", "The former
Yugoslav Republic of Macedonia", "Swaziland"). ``country_converter``'s regular expressions know these
styles; ``pycountry`` confirms the ISO 3166-1 code it gives. Names the graph already holds (``rdfs:label``,
``skos:altLabel`` of a state or organisation) win, so a steward can fix a name by adding a label.
"""

from __future__ import annotations

import logging
import unicodedata
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from jcgraph.namespaces import ID

STATE = ID["state/"]
ORGANISATION = ID["organisation/"]

#: Participants that are not states; no country-name library knows them as countries.
ORGANISATIONS = {
    "european union": URIRef(f"{ORGANISATION}european-union"),
    "european community": URIRef(f"{ORGANISATION}european-union"),
}


def normalise(name: str) -> str:
    """Case, accents and spacing folded, so that "Cote d'Ivoire" and "Côte d'Ivoire" meet."""
    decomposed = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


@cache
def country_names():
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    import country_converter

    return country_converter.CountryConverter()


def library_versions() -> dict[str, str]:
    """The versions of the country-name libraries in use (for the source node of generated facts)."""
    from importlib.metadata import version

    return {name: version(name) for name in ("country_converter", "pycountry")}


def iso3_of(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code country_converter gives for ``name``, if pycountry knows it as a country."""
    import pycountry

    code = country_names().convert(name, to="ISO3", not_found=None)
    if not isinstance(code, str) or len(code) != 3 or not code.isupper():
        return None
    return code if pycountry.countries.get(alpha_3=code) else None


def graph_names(graph: Graph | None) -> dict[str, URIRef]:
    """Normalised labels and alternative labels of the graph's states and organisations."""
    names: dict[str, URIRef] = {}
    if graph is None:
        return names
    for predicate in (SKOS.altLabel, RDFS.label):  # preferred labels override variants
        for subject, label in graph.subject_objects(predicate):
            if isinstance(subject, URIRef) and str(subject).startswith((str(STATE), str(ORGANISATION))):
                names[normalise(str(label))] = subject
    return names


class ParticipantResolver:
    """Map participant names to actor IRIs; one resolver per import, so the graph is read once."""

    def __init__(self, graph: Graph | None = None):
        self.known = {**graph_names(graph), **ORGANISATIONS}

    def resolve(self, name: str) -> URIRef | None:
        """The IRI of ``name``: ``state:<ISO alpha-3>`` or ``io:<name>``; None when no source maps it."""
        key = normalise(name)
        if key in self.known:
            return self.known[key]
        code = iso3_of(name)
        return URIRef(f"{STATE}{code}") if code else None


def is_state(actor: URIRef) -> bool:
    """True for a ``state:`` IRI."""
    return str(actor).startswith(str(STATE))
