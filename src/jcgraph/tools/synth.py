"""Synthetic graphs of any size with the shape of the shipped data, for benchmarks and scale tests.

:func:`generate` writes Turtle text directly (never an rdflib graph), so a million triples take
seconds and little memory. Everything comes from one seeded :class:`random.Random`: the same
arguments give byte-identical files. States carry real ISO 3166-1 codes (:mod:`jcgraph.tools.iso3166`);
people, sources and publishers are invented and live under ``example`` URLs.

On request, ``violations`` known defects are planted (an agreement without source, a signing dated
after its source, a misspelt ``jc:`` property, ...) and listed in ``planted-violations.json`` so a
validator's findings can be checked against them.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from jcgraph.namespaces import PREFIXES
from jcgraph.tools.iso3166 import STATES
from jcgraph.validation.quality import normalise

#: Prefixes written at the top of every generated file (the subset of jcgraph's map the data uses).
_PREFIXES = {
    name: PREFIXES[name]
    for name in (
        "agr ca cd claim dct decl event foaf holding inst jc org person place post pub rdf rdfs schema sig skos src "
        "state xsd"
    ).split()
}

CRIME_DOMAINS = (
    "terrorism",
    "organised-crime",
    "transnational-organised-crime",
    "drug-trafficking",
    "trafficking-in-persons",
    "cybercrime",
    "economic-and-financial-crime",
    "corruption",
    "money-laundering",
)
#: Cooperation areas an agreement governs, with the English and French words used in labels.
SUBJECTS = {
    "extradition": ("extradition", "d'extradition"),
    "mutual-legal-assistance": (
        "mutual legal assistance in criminal matters",
        "d'entraide judiciaire en matière pénale",
    ),
    "transfer-of-sentenced-persons": ("transfer of sentenced persons", "sur le transfèrement des personnes condamnées"),
    "capacity-building": ("capacity building and training", "sur la formation et le renforcement des capacités"),
    "information-exchange": ("exchange of information", "sur l'échange d'informations"),
    "justice-reform": ("justice reform", "sur la réforme de la justice"),
}
FORMS = (("Convention", 55), ("MemorandumOfUnderstanding", 30), ("AdditionalProtocol", 15))
_FORM_WORDS = {
    "Convention": ("convention", "Convention"),
    "MemorandumOfUnderstanding": ("memorandum of understanding", "Mémorandum d'entente"),
    "AdditionalProtocol": ("additional protocol", "Protocole additionnel"),
}
_FIRST = (
    "Amina",
    "Omar",
    "Leila",
    "Karim",
    "Sofia",
    "Ivan",
    "Mei",
    "Hiroshi",
    "Ana",
    "Pedro",
    "Fatou",
    "Kwame",
    "Nadia",
    "Youssef",
    "Elena",
    "Lars",
    "Ingrid",
    "Rahul",
    "Priya",
    "Tomasz",
    "Olga",
    "Diego",
    "Lucia",
    "Jean",
    "Marie",
    "Ahmed",
    "Zainab",
    "Samuel",
    "Grace",
    "Chen",
    "Aigerim",
    "Nurlan",
    "Wanjiru",
    "Otieno",
    "Salma",
    "Mehmet",
    "Ayse",
    "Carlos",
    "Isabel",
    "Andrei",
    "Irina",
    "Moussa",
    "Aissatou",
    "Kofi",
    "Abena",
    "Raj",
)
_LAST = (
    "Alaoui",
    "Bennani",
    "Kamau",
    "Otieno",
    "Petrov",
    "Ivanova",
    "Tanaka",
    "Sato",
    "Silva",
    "Santos",
    "Diallo",
    "Mensah",
    "Haddad",
    "Nasser",
    "Novak",
    "Larsen",
    "Sharma",
    "Gupta",
    "Kowalski",
    "Garcia",
    "Lopez",
    "Martin",
    "Dubois",
    "Hassan",
    "Okafor",
    "Adeyemi",
    "Wang",
    "Li",
    "Nurmagambetov",
    "Seitkali",
    "Mwangi",
    "Njoroge",
    "Yilmaz",
    "Demir",
    "Fernandez",
    "Rossi",
    "Popescu",
    "Traore",
    "Keita",
    "Boateng",
    "Asante",
    "Iyer",
    "Mendes",
)
_OUTLETS = (
    "Courier",
    "Herald",
    "Tribune",
    "Dispatch",
    "Observer",
    "Gazette",
    "Chronicle",
    "Monitor",
    "Post",
    "Journal",
)
_LANGUAGES = ("en", "fr", "ar", "es", "ru")
_SITE = "https://{slug}.example/"

#: Kinds of violation :func:`generate` can plant, in the order they are handed out.
VIOLATION_KINDS = (
    "agreement-without-source",
    "signing-date-after-source",
    "misspelt-property",
    "bilateral-with-one-party",
    "label-without-language",
    "date-with-wrong-datatype",
    "unknown-crime-domain",
    "invalid-iso-code",
)


@dataclass
class Summary:
    """What :func:`generate` wrote."""

    directory: Path
    triples: int
    files: list[Path]
    agreements: int
    planted: list[dict] = field(default_factory=list)


def _lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def _typed(value: str, datatype: str) -> str:
    return f'"{value}"^^xsd:{datatype}'


class _Turtle:
    """A Turtle file written block by block, counting the triples it writes."""

    def __init__(self, path: Path, comment: str) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.out = path.open("w", encoding="utf-8", newline="\n")
        width = max(map(len, _PREFIXES)) + 2
        for prefix, iri in _PREFIXES.items():
            self.out.write(f"@prefix {prefix + ':':<{width}}<{iri}> .\n")
        self.out.write(f"\n# {comment}\n")
        self.triples = 0

    def block(self, subject: str, pairs: list[tuple[str, list[str]]]) -> None:
        """Write ``subject`` with its predicate/objects pairs (pairs with no object are left out)."""
        lines = []
        for predicate, objects in pairs:
            if objects:
                lines.append(f"    {predicate} {' , '.join(objects)}")
                self.triples += len(objects)
        self.out.write(f"\n{subject}\n" + " ;\n".join(lines) + " .\n")

    def close(self) -> None:
        self.out.close()


@dataclass
class _Holding:
    iri: str
    person: str
    start: int  # year


@dataclass
class _Post:
    iri: str
    state: int
    holdings: list[_Holding] = field(default_factory=list)

    def holder_in(self, year: int) -> _Holding:
        """The holding in force in ``year`` (the first one before any holding started)."""
        current = self.holdings[0]
        for holding in self.holdings:
            if holding.start <= year:
                current = holding
        return current


def _date_str(day: dt.date, precision: str) -> tuple[str, str]:
    """A date written at ``precision`` (``date``, ``gYearMonth`` or ``gYear``): (lexical form, datatype)."""
    if precision == "date":
        return day.isoformat(), "date"
    if precision == "gYearMonth":
        return f"{day.year:04d}-{day.month:02d}", "gYearMonth"
    return f"{day.year:04d}", "gYear"


def _after_period(day: dt.date, precision: str, rng: random.Random) -> dt.date:
    """A publication day after the whole period that ``day`` at ``precision`` names.

    So the event is never later than its source, whichever way a validator compares mixed precisions.
    """
    if precision == "date":
        return day + dt.timedelta(days=rng.randint(0, 6))
    if precision == "gYearMonth":
        first_next = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return first_next + dt.timedelta(days=rng.randint(0, 9))
    return dt.date(day.year + 1, 1, 1) + dt.timedelta(days=rng.randint(0, 20))


class _Generator:
    def __init__(self, agreements: int, seed: int, violations: int, out: Path) -> None:
        self.n = agreements
        self.rng = random.Random(seed)
        self.out = out
        self.data = out / "data"
        self.planted: list[dict] = []
        self.files: list[_Turtle] = []
        # Scale the fixed part with the graph so that small graphs are still mostly agreements.
        self.n_states = min(len(STATES), max(8, agreements // 10))
        self.states = list(STATES[: self.n_states])
        self.holders_per_post = max(1, min(6, agreements // 3000 + 1))
        weights = [1.0 / (rank + 1) ** 0.6 for rank in range(self.n_states)]
        order = list(range(self.n_states))
        self.rng.shuffle(order)
        self.state_weights = [weights[order[i]] for i in range(self.n_states)]
        self.violation_plan = self._plan_violations(violations)
        self.source_count = 0

    # -- helpers ---------------------------------------------------------------------------
    def _file(self, relative: str, comment: str) -> _Turtle:
        turtle = _Turtle(self.data / relative, comment)
        self.files.append(turtle)
        return turtle

    def _code(self, index: int) -> str:
        return self.states[index][1].lower()

    def _state(self, index: int) -> str:
        return f"state:{self.states[index][1]}"

    def _pair(self) -> tuple[int, int]:
        a, b = self.rng.choices(range(self.n_states), weights=self.state_weights, k=2)
        while b == a:
            b = self.rng.randrange(self.n_states)
        return a, b

    def _plan_violations(self, count: int) -> dict[int, str]:
        """Which signing group gets which planted defect (the ISO one goes to a state instead)."""
        groups = max(1, self.n // 2)
        planner = random.Random(self.rng.random())
        victims = planner.sample(range(groups), min(count, groups))
        return {group: VIOLATION_KINDS[i % len(VIOLATION_KINDS)] for i, group in enumerate(victims)}

    def _plant(self, kind: str, focus: str, path: str, file: _Turtle, note: str) -> None:
        expand = lambda curie: _PREFIXES[curie.split(":", 1)[0]] + curie.split(":", 1)[1]  # noqa: E731
        self.planted.append(
            {
                "kind": kind,
                "focus": expand(focus),
                "path": expand(path),
                "file": str(file.path.relative_to(self.out)),
                "note": note,
            }
        )

    def _source(self, turtle: _Turtle, about: str, day: dt.date, precision: str = "date") -> str:
        """Write a news article published on ``day`` (at ``precision``) and return its name."""
        self.source_count += 1
        name = f"src:article-{self.source_count:07d}"
        outlet = self.rng.randrange(len(self.publishers))
        value, datatype = _date_str(day, precision)
        slug = self.publishers[outlet][0]
        turtle.block(
            name,
            [
                ("a", ["jc:NewsArticle"]),
                (
                    "rdfs:label",
                    [
                        _lit(f"{self.publishers[outlet][1]}: {about}", "en"),
                        _lit(f"Article de {self.publishers[outlet][1]} ({value})", "fr"),
                    ],
                ),
                ("schema:url", [f"<{_SITE.format(slug=slug)}articles/{self.source_count}>"]),
                ("dct:publisher", [f"pub:{slug}"]),
                ("dct:issued", [_typed(value, datatype)]),
                ("dct:language", [_lit(self.rng.choice(_LANGUAGES))]),
            ],
        )
        return name

    # -- fixed part: states, publishers, places, institutions, posts, people ------------------
    def write_states(self) -> None:
        turtle = self._file("states.ttl", "States, keyed by their ISO 3166-1 alpha-3 code (synthetic graph).")
        planted_iso = "invalid-iso-code" in self.violation_plan.values()
        for i, (alpha2, alpha3, english, french) in enumerate(self.states):
            code2 = alpha2
            if planted_iso and i == self.n_states // 2:
                code2 = alpha2.lower() + "x"
                self._plant(
                    "invalid-iso-code",
                    f"state:{alpha3}",
                    "jc:iso3166Alpha2",
                    turtle,
                    "alpha-2 code that is not two capital letters",
                )
            labels = [_lit(english, "en"), _lit(french, "fr")]
            turtle.block(
                f"state:{alpha3}",
                [
                    ("a", ["jc:State"]),
                    ("rdfs:label", labels),
                    ("skos:altLabel", [_lit(f"{english} ({alpha3})", "en")] if i % 3 == 0 else []),
                    ("jc:iso3166Alpha2", [_lit(code2)]),
                    ("jc:iso3166Alpha3", [_lit(alpha3)]),
                ],
            )

    def write_publishers(self) -> None:
        turtle = self._file("publishers.ttl", "Invented news outlets that publish the synthetic sources.")
        self.publishers: list[tuple[str, str]] = []
        count = max(5, min(60, self.n // 100))
        for i in range(count):
            state = i % self.n_states
            outlet = _OUTLETS[i % len(_OUTLETS)]
            name = f"{self.states[state][2]} {outlet}"
            slug = f"{self._code(state)}-{outlet.lower()}-{i}"
            self.publishers.append((slug, name))
            turtle.block(
                f"pub:{slug}",
                [
                    ("a", ["jc:Publisher"]),
                    ("rdfs:label", [_lit(name, "en"), _lit(name, "fr")]),
                    ("schema:url", [f"<{_SITE.format(slug=slug)}>"]),
                ],
            )

    def write_places(self) -> None:
        turtle = self._file("places.ttl", "Places as reported: capitals and ministry headquarters (synthetic).")
        for i, (_, _, english, french) in enumerate(self.states):
            code = self._code(i)
            turtle.block(
                f"place:{code}-capital",
                [
                    ("a", ["schema:City"]),
                    ("rdfs:label", [_lit(f"Capital city ({english})", "en"), _lit(f"Capitale ({french})", "fr")]),
                ],
            )
            turtle.block(
                f"place:{code}-ministry-of-justice-headquarters",
                [
                    ("a", ["schema:Place"]),
                    (
                        "rdfs:label",
                        [
                            _lit(f"Headquarters of the Ministry of Justice ({english})", "en"),
                            _lit(f"Siège du ministère de la Justice ({french})", "fr"),
                        ],
                    ),
                    ("schema:containedInPlace", [f"place:{code}-capital"]),
                ],
            )

    def write_institutions_and_people(self) -> None:
        inst = self._file("institutions.ttl", "Institutions and their posts (synthetic).")
        people = self._file("people.ttl", "Persons and the posts they held (synthetic).")
        self.sources_file = self._file("sources.ttl", "Source documents (invented articles on example sites).")
        self.posts: dict[tuple[int, str], _Post] = {}
        self.institutions: dict[tuple[int, str], str] = {}
        person_count = 0
        names_used: set[str] = set()  # a repeated name gets a note saying the two differ (the duplicate gate)
        kinds = (
            (
                "ministry-of-justice",
                "MinistryOfJustice",
                "Ministry of Justice",
                "ministère de la Justice",
                "minister-of-justice",
                "Minister of Justice",
                "ministre de la Justice",
            ),
            (
                "public-prosecution-service",
                "PublicProsecutionService",
                "Public Prosecution Service",
                "ministère public",
                "prosecutor-general",
                "Prosecutor General",
                "procureur général",
            ),
            ("legislature", "Legislature", "Parliament", "Parlement", None, None, None),
        )
        for i, (_, _, english, french) in enumerate(self.states):
            code = self._code(i)
            embassy_to = self._pair()[1] if self.n_states > 1 else i
            if embassy_to == i:
                embassy_to = (i + 1) % self.n_states
            entries = list(kinds) + [
                (
                    f"embassy-{self._code(embassy_to)}",
                    "Embassy",
                    f"Embassy to {self.states[embassy_to][2]}",
                    f"Ambassade ({self.states[embassy_to][3]})",
                    f"ambassador-to-{self._code(embassy_to)}",
                    f"Ambassador to {self.states[embassy_to][2]}",
                    f"ambassadeur ({self.states[embassy_to][3]})",
                ),
            ]
            for slug, cls, en_name, fr_name, post_slug, post_en, post_fr in entries:
                iri = f"inst:{code}-{slug}"
                self.institutions[(i, cls)] = iri
                source = self._source(self.sources_file, f"{en_name} of {english}", dt.date(1990, 1, 10))
                inst.block(
                    iri,
                    [
                        ("a", [f"jc:{cls}"]),
                        ("rdfs:label", [_lit(f"{en_name} ({english})", "en"), _lit(f"{fr_name} ({french})", "fr")]),
                        ("jc:ofState", [self._state(i)]),
                        ("dct:source", [source]),
                    ],
                )
                if not post_slug:
                    continue
                post = _Post(iri=f"post:{code}-{post_slug}", state=i)
                self.posts[(i, cls)] = post
                accredited = [self._state(embassy_to)] if cls == "Embassy" else []
                if cls == "Embassy" and self.rng.random() < 0.3:
                    second = (embassy_to + 1) % self.n_states
                    if second != i:
                        accredited.append(self._state(second))
                inst.block(
                    post.iri,
                    [
                        ("a", ["jc:Post"]),
                        ("rdfs:label", [_lit(f"{post_en} ({english})", "en"), _lit(f"{post_fr} ({french})", "fr")]),
                        ("org:postIn", [iri]),
                        ("jc:accreditedTo", accredited),
                        ("dct:source", [source]),
                    ],
                )
                starts = sorted(self.rng.sample(range(1991, 2024), self.holders_per_post))
                starts[0] = 1990
                previous = None
                for start in starts:
                    person_count += 1
                    first, last = self.rng.choice(_FIRST), self.rng.choice(_LAST)
                    person = f"person:{first.lower()}-{last.lower()}-{person_count}"
                    month = self.rng.randint(1, 11)
                    appointed = self._source(
                        self.sources_file,
                        f"{first} {last} appointed {post_en} of {english}",
                        dt.date(start, month + 1, self.rng.randint(1, 28)),
                    )
                    alt = []
                    if self.rng.random() < 0.4:
                        alt.append(_lit(f"{first[0]}. {last}", self.rng.choice(("en", "fr"))))
                    if self.rng.random() < 0.2:
                        alt.append(_lit(f"{first} {last[:-1]}{last[-1] * 2}", "fr"))
                    names = {f"{first} {last}", f"{first[0]}. {last}", f"{first} {last[:-1]}{last[-1] * 2}"}
                    keys = {normalise(n) for n in names}
                    note = [_lit(f"A synthetic person, not the same as others named {first} {last}.", "en")]
                    repeated = bool(keys & names_used)
                    names_used |= keys
                    people.block(
                        person,
                        [
                            ("a", ["foaf:Person"]),
                            ("foaf:name", [_lit(f"{first} {last}")]),
                            ("rdfs:label", [_lit(f"{first} {last}", "en"), _lit(f"{first} {last}", "fr")]),
                            ("skos:altLabel", alt),
                            ("skos:scopeNote", note if repeated else []),
                            ("dct:source", [appointed]),
                        ],
                    )
                    holding = _Holding(iri=f"holding:{person.split(':')[1]}-{post_slug}", person=person, start=start)
                    people.block(
                        holding.iri,
                        [
                            ("a", ["jc:PostHolding"]),
                            ("jc:holder", [person]),
                            ("jc:heldPost", [post.iri]),
                            ("schema:startDate", [_typed(f"{start:04d}-{month:02d}", "gYearMonth")]),
                            ("jc:succeeds", [previous] if previous else []),
                            ("dct:source", [appointed]),
                        ],
                    )
                    previous = holding.iri
                    post.holdings.append(holding)

    # -- agreements and their events ------------------------------------------------------------
    def write_agreements(self) -> None:
        chunk_size = 1000
        written = 0
        group = 0
        turtle = None
        previous_by_pair: dict[tuple[int, int], str] = {}
        while written < self.n:
            part = written // chunk_size
            if turtle is None or turtle.part != part:
                if turtle is not None:
                    turtle.close()
                turtle = self._file(
                    f"relations/part-{part:04d}.ttl", "Agreements, their signings, meetings and claims (synthetic)."
                )
                turtle.part = part  # type: ignore[attr-defined]
            size = min(self.rng.choice((1, 1, 1, 2, 3)), self.n - written)
            self._write_group(turtle, group, size, written, previous_by_pair)
            written += size
            group += 1
        if turtle is not None:
            turtle.close()

    def _write_group(
        self, turtle: _Turtle, group: int, size: int, first_index: int, previous_by_pair: dict[tuple[int, int], str]
    ) -> None:
        rng = self.rng
        planted = self.violation_plan.get(group)
        a, b = self._pair()
        ca_, cb = self._code(a), self._code(b)
        english_a, english_b = self.states[a][2], self.states[b][2]
        french_a, french_b = self.states[a][3], self.states[b][3]
        form = rng.choices([f for f, _ in FORMS], weights=[w for _, w in FORMS])[0]
        day = dt.date(1995, 1, 1) + dt.timedelta(days=rng.randrange(30 * 365))
        precision = rng.choices(("date", "gYearMonth", "gYear"), weights=(70, 20, 10))[0]
        event = f"event:{ca_}-{cb}-{day.year}-signing-{group}"
        en_count, fr_count = ("an agreement", "un accord") if size == 1 else (f"{size} agreements", f"{size} accords")
        about = f"{english_a} and {english_b} sign {en_count}"
        sources = [self._source(turtle, about, _after_period(day, precision, rng))]
        if rng.random() < 0.35:
            sources.append(self._source(turtle, about, _after_period(day, precision, rng) + dt.timedelta(days=3)))
        agreements = []
        subjects_used = rng.sample(sorted(SUBJECTS), size)
        institutional = form == "MemorandumOfUnderstanding"
        cls = "PublicProsecutionService" if rng.random() < 0.6 else "MinistryOfJustice"
        for k in range(size):
            index = first_index + k
            subject = subjects_used[k]
            iri = f"agr:{ca_}-{cb}-{day.year}-{subject}-{index}"
            agreements.append(iri)
            en_form, fr_form = _FORM_WORDS[form]
            en_subject, fr_subject = SUBJECTS[subject]
            subjects = [f"ca:{subject}"]
            if rng.random() < 0.5:
                extra = rng.choice(sorted(SUBJECTS))
                if extra != subject:
                    subjects.append(f"ca:{extra}")
            domains = [f"cd:{d}" for d in rng.sample(CRIME_DOMAINS, rng.randint(1, 3))]
            if institutional:
                parties = ("jc:institutionParty", [self.institutions[(a, cls)], self.institutions[(b, cls)]])
            else:
                parties = ("jc:stateParty", [self._state(a), self._state(b)])
            types = [f"jc:{form}", "jc:BilateralAgreement"]
            labels = [
                _lit(f"{english_a}–{english_b} {en_form} on {en_subject} ({day.year})", "en"),
                _lit(f"{fr_form} {fr_subject} {french_a}–{french_b} ({day.year})", "fr"),
            ]
            purpose_property = "jc:statedPurpose"
            agreement_sources = list(sources)
            if planted and k == 0:
                if planted == "agreement-without-source":
                    agreement_sources = []
                    self._plant(planted, iri, "dct:source", turtle, "agreement with no source")
                elif planted == "misspelt-property":
                    purpose_property = "jc:statedPurpse"
                    self._plant(planted, iri, purpose_property, turtle, "jc:statedPurpose misspelt")
                elif planted == "bilateral-with-one-party":
                    parties = (parties[0], parties[1][:1])
                    self._plant(planted, iri, parties[0], turtle, "bilateral agreement with one party")
                elif planted == "label-without-language":
                    labels = [_lit(f"{english_a}–{english_b} {en_form} ({day.year})")]
                    self._plant(planted, iri, "rdfs:label", turtle, "label without a language tag")
                elif planted == "unknown-crime-domain":
                    domains = ["cd:piracy"]
                    self._plant(planted, iri, "jc:crimeDomain", turtle, "crime domain outside the scheme")
            amends = []
            if form == "AdditionalProtocol" and (a, b) in previous_by_pair:
                amends = [previous_by_pair[(a, b)]]
            turtle.block(
                iri,
                [
                    ("a", types),
                    ("rdfs:label", labels),
                    parties,
                    ("jc:subject", subjects),
                    ("jc:crimeDomain", domains),
                    (
                        purpose_property,
                        [
                            _lit(f"Cooperation between {english_a} and {english_b} on {en_subject}.", "en"),
                            _lit(f"Coopération entre {french_a} et {french_b} : {en_subject}.", "fr"),
                        ]
                        if rng.random() < 0.8 or purpose_property != "jc:statedPurpose"
                        else [],
                    ),
                    (
                        "jc:centralAuthority",
                        [self.institutions[(a, "MinistryOfJustice")], self.institutions[(b, "MinistryOfJustice")]]
                        if form == "Convention"
                        else [],
                    ),
                    ("jc:amends", amends),
                    ("dct:source", agreement_sources),
                ],
            )
            previous_by_pair[(a, b)] = iri
        # The signing: who signed, for whom, in which post.
        date_value, datatype = _date_str(day, precision)
        if planted == "signing-date-after-source":
            late = _after_period(day, precision, rng) + dt.timedelta(days=400)
            date_value, datatype = late.isoformat(), "date"
            self._plant(planted, event, "jc:date", turtle, "signing dated after its source was published")
        elif planted == "date-with-wrong-datatype":
            datatype = "string"
            self._plant(planted, event, "jc:date", turtle, "date typed xsd:string")
        signatures = []
        for side, code in ((a, ca_), (b, cb)):
            post_class = (
                cls if institutional else ("MinistryOfJustice" if rng.random() < 0.7 else "PublicProsecutionService")
            )
            post = self.posts[(side, post_class)]
            holding = post.holder_in(day.year)
            name = f"sig:{ca_}-{cb}-{day.year}-signing-{group}-{code}"
            signatures.append(name)
            turtle.block(
                name,
                [
                    ("a", ["jc:Signature"]),
                    ("jc:signer", [holding.person]),
                    ("jc:onBehalfOf", [self.institutions[(side, cls)] if institutional else self._state(side)]),
                    ("jc:inCapacityOf", [post.iri]),
                    ("dct:source", sources[:1]),
                ],
            )
        place = rng.choice((f"place:{ca_}-ministry-of-justice-headquarters", f"place:{ca_}-capital"))
        turtle.block(
            event,
            [
                ("a", ["jc:Signing"]),
                (
                    "rdfs:label",
                    [
                        _lit(f"Signing of {en_count} between {english_a} and {english_b}, {date_value}", "en"),
                        _lit(f"Signature de {fr_count} {french_a}–{french_b}, {date_value}", "fr"),
                    ],
                ),
                ("jc:ofAgreement", agreements),
                ("jc:date", [_typed(date_value, datatype)]),
                ("jc:place", [place]),
                ("jc:hasSignature", signatures),
                ("jc:crimeDomain", [f"cd:{rng.choice(CRIME_DOMAINS)}"]),
                ("jc:topic", [f"ca:{subjects_used[0]}"]),
                ("dct:source", sources),
            ],
        )
        # Another source that gives the date less precisely: kept as a claim, not asserted.
        if len(sources) > 1 and precision == "date" and not planted:
            turtle.block(
                f"claim:{ca_}-{cb}-{day.year}-signing-{group}-date",
                [
                    ("a", ["jc:Claim"]),
                    ("rdf:subject", [event]),
                    ("rdf:predicate", ["jc:date"]),
                    ("rdf:object", [_typed(f"{day.year:04d}-{day.month:02d}", "gYearMonth")]),
                    ("jc:asserted", ["false"]),
                    ("dct:source", sources[1:]),
                ],
            )
        if form == "Convention" and rng.random() < 0.3:
            approved = day + dt.timedelta(days=rng.randint(60, 700))
            approval_source = self._source(turtle, f"{english_b} approves an agreement with {english_a}", approved)
            turtle.block(
                f"event:{cb}-approval-{group}",
                [
                    ("a", ["jc:Approval"]),
                    (
                        "rdfs:label",
                        [
                            _lit(f"{english_b} approves an agreement with {english_a}", "en"),
                            _lit(f"Approbation par {french_b} de l'accord avec {french_a}", "fr"),
                        ],
                    ),
                    ("jc:ofAgreement", agreements[:1]),
                    ("jc:agent", [self.institutions[(b, "Legislature")]]),
                    ("jc:date", [_typed(approved.isoformat(), "date")]),
                    ("dct:source", [approval_source]),
                ],
            )
        if rng.random() < 0.35:
            self._write_meeting(turtle, group, a, b, day, agreements[0])

    def _write_meeting(self, turtle: _Turtle, group: int, a: int, b: int, signed: dt.date, agreement: str) -> None:
        rng = self.rng
        ca_, cb = self._code(a), self._code(b)
        day = signed + dt.timedelta(days=rng.randint(30, 1500))
        source = self._source(turtle, f"Talks between {self.states[a][2]} and {self.states[b][2]}", day)
        host = self.posts[(b, "PublicProsecutionService")].holder_in(day.year)
        guest_post = self.posts.get((a, "Embassy")) or self.posts[(a, "MinistryOfJustice")]
        guest = guest_post.holder_in(day.year)
        event = f"event:{ca_}-{cb}-{day.year}-talks-{group}"
        topics = [f"ca:{t}" for t in rng.sample(sorted(SUBJECTS), 2)]
        domains = [f"cd:{d}" for d in rng.sample(CRIME_DOMAINS, 2)]
        turtle.block(
            event,
            [
                ("a", ["jc:Meeting"]),
                (
                    "rdfs:label",
                    [
                        _lit(f"Talks between {self.states[b][2]} and {self.states[a][2]}, {day.isoformat()}", "en"),
                        _lit(f"Entretiens {self.states[b][3]}–{self.states[a][3]}, {day.isoformat()}", "fr"),
                    ],
                ),
                ("jc:implements", [agreement]),
                ("jc:date", [_typed(day.isoformat(), "date")]),
                ("jc:place", [f"place:{cb}-capital"]),
                ("jc:participant", [host.person, guest.person]),
                ("jc:topic", topics),
                ("jc:crimeDomain", domains),
                ("dct:source", [source]),
            ],
        )
        if rng.random() < 0.5:
            kind = rng.choice(("Request", "Commitment"))
            turtle.block(
                f"decl:{cb}-{day.year}-{kind.lower()}-{group}",
                [
                    ("a", [f"jc:{kind}"]),
                    (
                        "rdfs:label",
                        [
                            _lit(f"{kind} made by {self.states[b][2]} to {self.states[a][2]}", "en"),
                            _lit(f"Déclaration de {self.states[b][3]} à {self.states[a][3]}", "fr"),
                        ],
                    ),
                    ("jc:madeDuring", [event]),
                    ("jc:declaredBy", [host.person]),
                    ("jc:inCapacityOf", [self.posts[(b, "PublicProsecutionService")].iri]),
                    ("jc:onBehalfOf", [self._state(b)]),
                    ("jc:addressedTo", [self._state(a)]),
                    ("jc:topic", topics[:1]),
                    ("dct:source", [source]),
                ],
            )

    def run(self) -> Summary:
        self.write_states()
        self.write_publishers()
        self.write_places()
        self.write_institutions_and_people()
        self.write_agreements()
        for turtle in self.files:
            turtle.close()
        return Summary(
            directory=self.out,
            triples=sum(t.triples for t in self.files),
            files=[t.path for t in self.files],
            agreements=self.n,
            planted=self.planted,
        )


def generate(
    out: str | Path, agreements: int, seed: int = 0, violations: int = 0, ontology_from: str | Path | None = None
) -> Summary:
    """Write a synthetic graph under ``out`` (``data/``, a copy of ``ontology/``, and ``queries/`` if any).

    :param out: the folder to write; ``out/data`` is replaced if it exists
    :param agreements: how many agreements (about 45 triples each, all included)
    :param seed: the random seed; the same arguments give byte-identical files
    :param violations: how many known violations to plant (listed in ``planted-violations.json``)
    :param ontology_from: the graph folder whose ``ontology/`` (and ``queries/``) is copied; default: found
        as :func:`jcgraph.graph.loading.find_root` does
    :returns: what was written, with the triple count

    >>> import tempfile; s = generate(tempfile.mkdtemp(), 20, seed=1)
    >>> s.triples > 20 * 30
    True
    """
    from jcgraph.errors import InputError
    from jcgraph.graph.loading import find_root

    if agreements < 1:
        raise InputError("--agreements must be at least 1.")
    if violations < 0:
        raise InputError("--violations must not be negative.")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError("the output exists and is not a folder; give a folder for the synthetic graph.", path=str(out))
    source_root = find_root(ontology_from)
    marker = out / ".jcgraph-synth"
    if (out / "data").exists() or (out / "ontology").exists():
        if not marker.is_file():  # never wipe a real graph's data/
            raise InputError(
                "the folder already holds a data/ that jcgraph synth did not write; choose an empty or new folder.",
                path=str(out),
            )
        shutil.rmtree(out / "data", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("ontology", "queries"):
        if (source_root / name).is_dir() and (source_root / name).resolve() != (out / name).resolve():
            if (out / name).exists():
                shutil.rmtree(out / name)
            shutil.copytree(source_root / name, out / name)
    marker.write_text("written by jcgraph synth; data/ may be replaced\n", encoding="utf-8")
    summary = _Generator(agreements, seed, violations, out).run()
    planted_file = out / "planted-violations.json"
    if violations:
        planted_file.write_text(json.dumps(summary.planted, indent=2) + "\n", encoding="utf-8")
    else:
        planted_file.unlink(missing_ok=True)
    return summary
