"""Write ontology/concepts/regions.ttl: the UN M49 regions as a SKOS scheme (m49:).

Run from the repository root, with the ``regions`` extra installed (``pip install -e '.[regions]'``):
``python tools/generate_regions.py``. The output is deterministic.

Where each fact comes from:

- which sub-regions exist, and which region each belongs to: country_converter's country table
  (its ``UNregion`` column gives each country's M49 sub-region by name, its ``continent`` column
  the M49 region), so a sub-region's region is the one its countries are in;
- the numeric M49 codes and the French names: the CLDR territory names that babel ships, which
  are keyed by M49 code;
- the two groupings between region and sub-region that neither library carries (Sub-Saharan Africa,
  Latin America and the Caribbean) and the English names of the UN standard where CLDR uses a
  shorter one: the small tables below, from the M49 standard itself.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "ontology" / "concepts" / "regions.ttl"
SCHEME = "https://w3id.org/jcgraph/concept/region"
M49_PAGE = "https://unstats.un.org/unsd/methodology/m49/"

#: country_converter's ``continent`` values -> M49 region codes
REGION_OF_CONTINENT = {"Africa": "002", "America": "019", "Asia": "142", "Europe": "150", "Oceania": "009"}
#: M49 intermediate groupings that sit between a region and some of its sub-regions
INTERMEDIATE = {"202": ("002", ("011", "014", "017", "018")), "419": ("019", ("005", "013", "029"))}
#: M49 English names where country_converter or CLDR spell them otherwise
ENGLISH = {"001": "World", "419": "Latin America and the Caribbean"}
#: French names where CLDR gives a shorter grouping than the M49 one
FRENCH = {"419": "Amérique latine et Caraïbes", "053": "Australie et Nouvelle-Zélande", "057": "Micronésie"}
#: country_converter sub-region names that CLDR spells otherwise -> M49 code
NAME_TO_CODE = {"South-eastern Asia": "035", "Australia and New Zealand": "053", "Micronesia": "057"}


SCHEME_HEADER = """\
<{scheme}>
    a skos:ConceptScheme ;
    skos:prefLabel "UN M49 regions"@en , "Régions M49 des Nations unies"@fr ;
    skos:definition "The geographic regions and sub-regions of the United Nations M49 standard, by numeric code."@en ;
    skos:definition \
"Les régions et sous-régions géographiques de la norme M49 des Nations unies, par code numérique."@fr ;
    dct:source <{source}> ;
    dct:description "Hierarchy from country_converter {cc}; codes and French names from babel {babel} (CLDR)."@en ,
        "Hiérarchie tirée de country_converter {cc} ; codes et noms français tirés de babel {babel} (CLDR)."@fr ;
    rdfs:seeAlso <https://github.com/IndEcol/country_converter> , <https://github.com/python-babel/babel> ;"""


def country_table() -> list[dict[str, str]]:
    """country_converter's country data, read as text (its own loader depends on pandas' NA rules)."""
    import country_converter

    path = Path(country_converter.__file__).resolve().parent / "country_data.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def concepts() -> dict[str, dict[str, str]]:
    """Every region by code: English and French names and the broader region's code."""
    from babel import Locale

    english, french = Locale("en").territories, Locale("fr").territories
    code_of = {name: code for code, name in english.items() if code.isdigit()} | NAME_TO_CODE
    continents: dict[str, Counter] = {}
    names: dict[str, str] = {}
    for row in country_table():
        sub, continent = row["UNregion"], row["continent"]
        if sub and continent in REGION_OF_CONTINENT:
            if sub not in code_of:
                raise SystemExit(f"sub-region {sub!r} has no M49 code in CLDR: add it to NAME_TO_CODE")
            continents.setdefault(code_of[sub], Counter())[REGION_OF_CONTINENT[continent]] += 1
            names[code_of[sub]] = sub
    result = {"001": {"broader": ""}}
    for code in REGION_OF_CONTINENT.values():
        result[code] = {"broader": "001"}
    for code, (region, _) in INTERMEDIATE.items():
        result[code] = {"broader": region}
    parent_of = {child: code for code, (_, children) in INTERMEDIATE.items() for child in children}
    for code, counts in continents.items():
        ((region, _),) = counts.most_common(1)
        result[code] = {"broader": parent_of.get(code, region), "en": names[code]}
        if code in parent_of and INTERMEDIATE[parent_of[code]][0] != region:
            raise SystemExit(f"{code} is in {region} by country_converter but under {parent_of[code]} by M49")
    for code, concept in result.items():
        concept.setdefault("en", ENGLISH.get(code) or english[code])
        concept["en"] = ENGLISH.get(code, concept["en"])
        concept["fr"] = FRENCH.get(code) or french[code]
        if english.get(code) and english[code].lower() != concept["en"].lower():
            concept["alt_en"] = english[code]
    return dict(sorted(result.items()))


def literal(text: str, lang: str) -> str:
    """A Turtle string with a language tag."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + f'"@{lang}'


def render() -> str:
    """The Turtle text of the scheme."""
    cc, babel = metadata.version("country_converter"), metadata.version("babel")
    regions = concepts()
    top = ["m49:001"]
    lines = [
        "@prefix dct:     <http://purl.org/dc/terms/> .",
        "@prefix m49:     <https://w3id.org/jcgraph/concept/region/> .",
        "@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .",
        "",
        "# UN M49 regions (Standard country or area codes for statistical use), for jc:inRegion.",
        "# Generated by tools/generate_regions.py; do not edit by hand. Sources: the sub-regions and",
        f"# the region of each from country_converter {cc} (its UNregion and continent columns),",
        f"# the numeric codes and French names from the CLDR data of babel {babel}, the two",
        "# intermediate groupings (202, 419) from the M49 standard.",
        "",
        *SCHEME_HEADER.format(scheme=SCHEME, source=M49_PAGE, cc=cc, babel=babel).splitlines(),
        f"    skos:hasTopConcept {', '.join(top)} .",
        "",
    ]
    for code, concept in regions.items():
        names = [literal(concept["en"], "en"), literal(concept["fr"], "fr")]
        lines += [
            f"m49:{code}",
            "    a skos:Concept ;",
            f"    skos:inScheme <{SCHEME}> ;",
            f'    skos:notation "{code}" ;',
            f"    skos:prefLabel {' , '.join(names)} ;",
        ]
        if "alt_en" in concept:
            lines.append(f"    skos:altLabel {literal(concept['alt_en'], 'en')} ;")
        if concept["broader"]:
            lines.append(f"    skos:broader m49:{concept['broader']} ;")
        else:
            lines.append(f"    skos:topConceptOf <{SCHEME}> ;")
        kind = "the whole world" if code == "001" else ("a region" if concept["broader"] == "001" else "a sub-region")
        lines += [
            f"    skos:definition {literal(definition_en(concept, regions, kind), 'en')} ,",
            f"        {literal(definition_fr(concept, regions, code), 'fr')} .",
            "",
        ]
    return "\n".join(lines)


def definition_en(concept: dict[str, str], regions: dict, kind: str) -> str:
    """A one-sentence English definition naming the region and where it sits."""
    if not concept["broader"]:
        return "The whole world, the root of the M49 hierarchy."
    return f"{concept['en']}, {kind} of the M49 standard within {regions[concept['broader']]['en']}."


def definition_fr(concept: dict[str, str], regions: dict, code: str) -> str:
    """A one-sentence French definition naming the region and where it sits."""
    if not concept["broader"]:
        return "Le monde entier, racine de la hiérarchie M49."
    kind = "région" if concept["broader"] == "001" else "sous-région"
    return f"{concept['fr']}, {kind} de la norme M49 au sein de : {regions[concept['broader']]['fr']}."


def main() -> None:
    """Write the scheme."""
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
