"""States named in a text: names (pycountry, English and French) and adjectives, to ISO 3166-1 alpha-3."""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry

from jcgraph.steward.find import normalise

#: Adjectives and other names pycountry does not give (en and fr, masculine/feminine/plural), by alpha-3.
ADJECTIVES = {
    "MAR": "moroccan marocain marocaine marocains marocaines maroc morocco",
    "KAZ": "kazakh kazakhs kazakhe kazakhes kazakhstani kazakhstanais kazakhstanaise",
    "IND": "indian indien indienne indiens inde",
    "BRA": "brazilian bresilien bresilienne bresil",
    "ESP": "spanish spaniard espagnol espagnole espagnols espagne",
    "FRA": "french francais francaise",
    "CPV": "cape verde cap vert capverdien capverdienne cap verdien cap verdienne cape verdean",
    "YEM": "yemeni yemenite yemen",
    "SAU": "saudi saoudien saoudienne arabie saoudite",
    "MRT": "mauritanian mauritanien mauritanienne",
    "PER": "peruvian peruvien peruvienne perou",
    "MKD": "macedonian north macedonia macedoine du nord",
    "UZB": "uzbek ouzbek ouzbeke ouzbekistan",
    "ARE": "uae emirati emirats arabes unis united arab emirates",
    "SRB": "serbian serbe",
    "BEL": "belgian belge",
    "KWT": "kuwaiti koweitien koweit",
    "SDN": "sudanese soudanais soudanaise",
    "KEN": "kenyan kenyan kenyane",
    "RUS": "russian russe russia",
    "CHN": "chinese chinois chinoise",
    "TUR": "turkey turkish turc turque turquie",
    "KOR": "south korea coree du sud korean",
    "IRN": "iran iranian iranien iranienne",
    "VNM": "vietnam viet nam vietnamese vietnamien",
    "KGZ": "kyrgyz kirghize kirghizstan",
    "TJK": "tajik tadjik",
    "TKM": "turkmen turkmene",
    "AZE": "azerbaijani azerbaidjanais",
    "USA": "american americain americaine united states etats unis",
    "GBR": "british britannique united kingdom royaume uni",
}
#: Words that are also ordinary words or too ambiguous to count as a state by themselves.
_AMBIGUOUS = {
    "french",
    "francais",
    "francaise",
    "turc",
    "chad",
    "georgia",
    "jordan",
    "niger",
    "guinea",
    "reunion",
    "an",
    "ne",
}
#: "the Kingdom" names Morocco only on a page about Morocco; the drafter marks it for review.
KINGDOM_WORDS = ("the kingdom", "le royaume")


@lru_cache(maxsize=1)
def state_names() -> dict[str, str]:
    """Normalised name or adjective → alpha-3, from pycountry (English, French) and :data:`ADJECTIVES`."""
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for value in (country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")):
            if value:
                names[normalise(value)] = country.alpha_3
                names[normalise(french.gettext(value))] = country.alpha_3
    for code, words in ADJECTIVES.items():
        for phrase in _phrases(words):
            names[phrase] = code
    for word in _AMBIGUOUS:
        names.pop(word, None)
    names.pop("maroc", None)
    names["maroc"] = "MAR"
    return names


def _phrases(words: str) -> list[str]:
    """Split an ADJECTIVES entry into its names: one word each, plus multi-word names kept whole."""
    known_multi = ("cape verde", "cap vert", "cap verdien", "cap verdienne", "cape verdean", "arabie saoudite",
                   "north macedonia", "macedoine du nord", "emirats arabes unis", "united arab emirates",
                   "united states", "etats unis", "united kingdom", "royaume uni", "south korea", "coree du sud",
                   "viet nam")  # fmt: skip
    phrases, rest = [], f" {words} "
    for phrase in sorted(known_multi, key=len, reverse=True):
        if f" {phrase} " in rest:
            phrases.append(phrase)
            rest = rest.replace(f" {phrase} ", " ")
    return phrases + rest.split()


def state_mentions(text: str) -> dict[str, int]:
    """alpha-3 → number of mentions of its names and adjectives in ``text``."""
    plain = f" {normalise(text)} "
    counts: dict[str, int] = {}
    names = state_names()
    for name in sorted(names, key=len, reverse=True):
        pattern = f" {name} "
        n = plain.count(pattern)
        if n:
            counts[names[name]] = counts.get(names[name], 0) + n
            plain = plain.replace(pattern, " # ")  # a longer name is not counted again by its parts
    return counts


def state_labels(alpha3: str) -> tuple[str, str, str] | None:
    """(alpha-2, English name, French name) of a state, from pycountry."""
    country = pycountry.countries.get(alpha_3=alpha3)
    if country is None:
        return None
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    name = getattr(country, "common_name", None) or country.name
    return country.alpha_2, name, french.gettext(country.name)
