"""``jcgraph draft``: a page in, draft Turtle out, for a steward to review, edit, validate and add.

Rule- and gazetteer-based: states from :mod:`.drafting.gazetteer`, agreements from
:mod:`.drafting.agreements`, dates from :mod:`.drafting.dates`, and everything already in the graph
(persons, posts, places, institutions) through the same :class:`~jcgraph.steward.find.Matcher` as
``jcgraph find``. It never merges anything; what it is unsure of carries a ``jc:reviewNote``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SDO, SKOS, TIME, XSD

from jcgraph.namespaces import CA, CD, ID, JC, MAX_LOCAL_NAME_CHARS, bind_prefixes
from jcgraph.steward.drafting import agreements as agr_rules
from jcgraph.steward.drafting import dates as date_rules
from jcgraph.steward.drafting.gazetteer import KINGDOM_WORDS, state_labels, state_mentions
from jcgraph.steward.drafting.page import Page
from jcgraph.steward.find import Matcher, normalise

ANCHOR_STATES = ("MAR", "KAZ")  # the graph's two focus states come first in agreement IRIs
_OFFICIAL_HOSTS = ("gov", "gouv", "legilux", "parliament", "parlement", "nosdeputes", "coe.int", "un.org", "zakon")
_EVENT_WORDS = {
    "Signing": ("sign", "paraph", "conclu", "inked", "faite a", "fait a", "made at", "done at"),
    "Ratification": ("ratif",),
    "Approval": ("approuv", "approv", "adopt"),
    "EntryIntoForce": ("entree en vigueur", "entered into force", "entry into force", "en vigueur"),
}
_PLACE_AFTER = re.compile(r"\b(?:à|a|in|at|en)\s+([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)")
_LAW_WORD = re.compile(r"\b(?:loi|law|dahir|décret|decree)\b", re.IGNORECASE)
_LAW_NUMBER = re.compile(r"\b(?:n°|no\.|n\.|number)\s*(\d+[-.]\d*[-.]?[0-9A-Za-z]+)", re.IGNORECASE)
_PROSECUTION_WORDS = (
    "ministere public",
    "ministeres publics",
    "parquet",
    "prosecution service",
    "prosecutor general s office",
)
_SIGN_WORD = re.compile(r"sign|paraph|conclu|faite? à|made at|done at", re.IGNORECASE)
_POST_WORDS = ("ministre", "minister", "procureur", "prosecutor", "president", "ambassadeur", "ambassador",
               "secretaire", "secretary", "attorney", "chef", "head", "directeur", "director", "vice")  # fmt: skip
_NAME = re.compile(
    r"\b((?:[A-Z]\.\s?(?:[A-Z]\.?\s?)?|[A-Z][a-zà-ÿ'’-]+\s+)(?:(?:[A-Z]\.?\s*)?[A-Z][a-zà-ÿ'’-]+\s*){1,3})"
)
#: Words of capitalised phrases that are not persons' names ("Mutual Legal Assistance", "Prime Minister").
_NOT_NAME_WORDS = {"assistance", "matters", "agreement", "treaty", "convention", "extradition", "legal", "mutual",
                   "commercial", "civil", "criminal", "minister", "prime", "cabinet", "council", "ministry", "court",
                   "accord", "ministere", "conseil", "protocol", "protocole",
                   "memorandum", "republic", "kingdom"}  # fmt: skip
#: Capitalised words of titles and offices that precede or follow a name but are no part of it.
_TITLE_WORDS = {"home", "affairs", "external", "foreign", "justice", "interior", "minister", "state", "general", "gen",
                "union", "deputy", "cabinet", "ministre", "affaires", "etrangeres", "president", "prosecutor", "new",
                "delhi", "secretary", "attorney", "mr", "mrs", "dr"}  # fmt: skip
_NOT_NAMES = {"le", "la", "les", "the", "m", "mr", "mme", "sm", "sa", "roi", "king", "conseil", "council", "royaume"}


def slug(text: str) -> str:
    """A lower-case IRI local name from any text."""
    return re.sub(r"-+", "-", normalise(text).replace(" ", "-")).strip("-")[:80] or "unnamed"


def mint(path: str) -> URIRef:
    """The IRI ``id/<kind>/<local name>`` for a drafted node, its local name made to follow the IRI scheme.

    Characters other than ASCII letters, digits and hyphens become hyphens (a name in another script gives
    ``unnamed``); a local name over :data:`~jcgraph.namespaces.MAX_LOCAL_NAME_CHARS` is cut and ends with a
    digest of the whole, so two long names stay apart.

    >>> len(str(mint("event/" + "a" * 200)).rsplit("/", 1)[1]), str(mint("person/محمد")).rsplit("/", 1)[1]
    (120, 'unnamed-0cb4c9b2')
    """
    kind, _, local = path.partition("/")
    cleaned = re.sub(r"-+", "-", re.sub(r"[^A-Za-z0-9-]+", "-", local)).strip("-")
    digest = hashlib.sha256(local.encode("utf-8", "surrogatepass")).hexdigest()
    if not cleaned:
        cleaned = "unnamed-" + digest[:8]
    elif len(cleaned) > MAX_LOCAL_NAME_CHARS:
        cleaned = cleaned[: MAX_LOCAL_NAME_CHARS - 13].rstrip("-") + "-" + digest[:12]
    return ID[f"{kind}/{cleaned}"]


def _typed(value: str, datatype: str) -> Literal:
    return Literal(value, datatype=XSD[datatype])


@dataclass
class Draft:
    """The drafted triples and what the drafter noted for review."""

    graph: Graph
    source: URIRef
    notes: list[str] = field(default_factory=list)

    def turtle(self) -> str:
        header = "".join(f"# REVIEW: {note}\n" for note in self.notes)
        return (
            "# Draft written by `jcgraph draft`: review every node, edit, then `jcgraph validate` and `jcgraph add`.\n"
            + header
            + self.graph.serialize(format="turtle")
        )


class Drafter:
    """Turns one :class:`Page` into a :class:`Draft`, reusing the nodes of ``graph``."""

    def __init__(self, graph: Graph):
        self.context = graph
        self.matcher = Matcher(graph)

    # -- the page -----------------------------------------------------------------------------------------
    def draft(self, page: Page) -> Draft:
        g = bind_prefixes(Graph())
        source = self._source(g, page)
        draft = Draft(g, source)
        self.page, self.g, self.src, self.d = page, g, source, draft
        lang = page.lang or "en"
        self.lang = lang
        url_words = urlparse(page.url).path.replace("-", " ").replace("_", " ")
        states = self._states(f"{page.title}\n{url_words}\n{page.text}")
        mentions = agr_rules.find_agreements(page.text)
        signing_sentences = self._sentences_with("Signing")
        sign_date = self._first_date(signing_sentences, "Signing")
        year = self._year(sign_date)
        if year is None and self.page.published[:4].isdigit():
            year = self.page.published[:4]
            draft.notes.append("Signing year not given: the IRIs use the publication year.")
        participations = self._multilateral(page.text, states)
        listed = self._listed_partners(page.text, states)
        if participations and not listed:
            mentions = [m for m in mentions if m.subject != "information-exchange"]
            states = states[:1]
            mentions = []  # the page is about a multilateral instrument: bilateral readings would be noise
        binding = bool(self._sentences_with("Ratification"))
        inter_agency = any(w in normalise(page.text) for w in _PROSECUTION_WORDS)
        for mention in mentions:
            if mention.form == "Agreement" and binding:
                mention.form = "Convention"  # a ratified instrument binds: the project types it as a convention
                mention.form_guessed = True
            elif mention.form == "Agreement" and inter_agency:
                mention.form = "MemorandumOfUnderstanding"  # between prosecution services: an inter-agency memorandum
                mention.form_guessed = True
        agreements = [self._agreement(m, states, year) for m in mentions if not listed]
        list_mentions = agr_rules.find_agreements(getattr(self, "list_intro", "")) if listed else []
        for partner in listed:
            for mention in list_mentions:
                pair = [states[0], partner]
                node = self._agreement(mention, pair, None)
                self.g.add((node, JC.reviewNote, Literal("From a list of partners: check form and year.", lang="en")))
        domains = agr_rules.crime_domains(page.text)
        for node in agreements:
            for domain in domains:
                g.add((node, JC.crimeDomain, CD[domain]))
        self._laws(page.text, states, agreements)
        if agreements:
            for kind in _EVENT_WORDS:
                sentences = self._sentences_with(kind)
                if sentences or kind == "Signing" and agreements:
                    self._event(kind, sentences, agreements, states, year)
        return draft

    def _sentences_with(self, kind: str) -> list[str]:
        words = _EVENT_WORDS[kind]
        return [s for s in agr_rules.sentences(self.page.text) if any(w in normalise(s) for w in words)]

    def _source(self, g: Graph, page: Page) -> URIRef:
        host = urlparse(page.url).hostname or ""
        host = re.sub(r"^(www|m|fr|en|ar)\.", "", host)
        site = host.split(".")[0] if host else "unknown-site"
        path_slug = slug(urlparse(page.url).path.rstrip("/").split("/")[-1].rsplit(".", 1)[0]) if page.url else ""
        words = (path_slug or slug(page.title or page.path)).split("-")
        source = ID[f"source/{slug(site)}-{'-'.join(words[:8])}".rstrip("-")]
        official = any(word in host for word in _OFFICIAL_HOSTS)
        g.add((source, RDF.type, JC.OfficialPage if official else JC.NewsArticle))
        if page.url:
            g.add((source, SDO.url, URIRef(page.url)))
        else:
            g.add((source, JC.reviewNote, Literal("No URL known: give --url.", lang="en")))
        publisher = self._known_publisher(host)
        if publisher is None:
            publisher = mint(f"publisher/{slug(site_name(host) or site)}")
            g.add((publisher, RDF.type, JC.Publisher))
            g.add((publisher, RDFS.label, Literal(host or site)))
            g.add((publisher, JC.reviewNote, Literal("New publisher named after the site: give its name.", lang="en")))
        g.add((source, DCTERMS.publisher, publisher))
        if page.title:
            g.add((source, DCTERMS.title, Literal(page.title, lang=page.lang or None)))
        issued = date_rules.parse_published(page.published)
        if issued:
            g.add((source, DCTERMS.issued, _typed(*issued)))
        else:
            g.add((source, JC.notReported, DCTERMS.issued))
        retrieved = date_rules.parse_published(page.retrieved)
        if retrieved:
            g.add((source, JC.retrievedOn, _typed(*retrieved)))
        if page.lang:
            g.add((source, DCTERMS.language, Literal(page.lang)))
        return source

    def _listed_partners(self, text: str, states: list[str]) -> list[str]:
        """States listed one per line (a page's list of partners of its main state), else []."""
        if not states:
            return []
        listed, intro, last_text = [], "", ""
        for line in text.splitlines():
            item = line.strip(" \t●•*-–·")
            found = state_mentions(item) if item and len(item.split()) <= 4 else {}
            if len(found) == 1:
                code = next(iter(found))
                if code != states[0] and code not in listed:
                    intro = intro or last_text
                    listed.append(code)
            elif item:
                last_text = item
        self.list_intro = intro
        return listed if len(listed) >= 3 else []

    def _laws(self, text: str, states: list[str], agreements: list[URIRef]) -> None:
        """Laws and decrees cited with a number ("loi n° 62-13", "Law ... No. 99-VI"), dated when the line says."""
        seen = set()
        for line in text.splitlines():
            if not _LAW_WORD.search(line):
                continue
            number = _LAW_NUMBER.search(line)
            if not number or number.group(1) in seen:
                continue
            seen.add(number.group(1))
            in_line = state_mentions(line)
            code = next((c for c in states if c in in_line), states[0] if states else "xxx")
            node = mint(f"law/{code.lower()}-{slug(number.group(1))}")
            g = self.g
            g.add((node, RDF.type, JC.Law))
            g.add((node, SDO.legislationIdentifier, Literal(number.group(1))))
            g.add((node, RDFS.label, Literal(f"Law No. {number.group(1)}", lang="en")))
            g.add((node, RDFS.label, Literal(f"Loi n° {number.group(1)}", lang="fr")))
            g.add((node, DCTERMS.source, self.src))
            g.add((node, JC.reviewNote, Literal("Law read from its citation: check number, date, label.", lang="en")))
            # the law's own date is written just before its number or just after it, not further on
            dated = [
                d
                for d in date_rules.find_dates(line)
                if d.datatype == "date" and (d.end <= number.start() or d.start - number.end() <= 35)
            ]
            if dated:
                g.add((node, SDO.legislationDate, _typed(dated[0].value, "date")))
            for agreement in agreements:
                if "approb" in normalise(line) or "ratif" in normalise(line) or len(agreements) == 1:
                    g.add((agreement, JC.approvingLaw, node))

    def _known_publisher(self, host: str) -> URIRef | None:
        """A publisher of the graph whose schema:url has this host."""
        if not host:
            return None
        for publisher in self.context.subjects(RDF.type, JC.Publisher):
            for url in self.context.objects(publisher, SDO.url):
                known = re.sub(r"^(www|m|fr|en|ar)\.", "", urlparse(str(url)).hostname or "")
                if known and (known == host or host.endswith("." + known)):
                    return publisher
        return None

    # -- multilateral agreements the graph knows ----------------------------------------------------------
    def _multilateral(self, text: str, states: list[str]) -> list[URIRef]:
        """Participations of the page's main state in multilateral agreements named by any of their names."""
        plain = f" {normalise(text)} "
        named = []
        for agreement in self.context.subjects(RDF.type, JC.MultilateralAgreement):
            for prop in (RDFS.label, SKOS.altLabel):
                if any(f" {normalise(str(v))} " in plain for v in self.context.objects(agreement, prop)):
                    named.append(agreement)
                    break
        # a protocol's name contains its convention's ("... to the Budapest Convention"): keep the protocol
        named = [a for a in named if not any((other, JC.supplements, a) in self.context for other in named)]
        participations = []
        for agreement in named:
            for code in states[:1]:
                local = str(agreement).rsplit("/", 1)[-1]
                node = mint(f"participation/{local}-{code}")
                self.g.add((node, RDF.type, JC.Participation))
                self.g.add((node, JC.participatingActor, self._state(code)))
                self.g.add((node, JC.inAgreement, agreement))
                self.g.add((node, DCTERMS.source, self.src))
                mention = self._first_date(self._sentences_with("Signing"), "Signing")
                if mention and mention.datatype in ("date", "gYearMonth", "gYear"):
                    self.g.add((node, JC.signatureDate, _typed(mention.value, mention.datatype)))
                    self.g.add((node, JC.reviewNote, Literal("Is this date the signature's? Check.", lang="en")))
                participations.append(node)
        return participations

    # -- states -------------------------------------------------------------------------------------------
    def _states(self, text: str) -> list[str]:
        counts = state_mentions(text)
        plain = normalise(text)
        if "MAR" not in counts and any(k in plain for k in KINGDOM_WORDS) and "maroc" in normalise(self.page.url):
            counts["MAR"] = 1
            self.d.notes.append("'the Kingdom' read as Morocco (from the URL): check.")
        ranked = sorted(counts, key=lambda c: (-counts[c], c))
        parties = ranked[:2]
        if len(ranked) > 2:
            self.d.notes.append(
                f"{len(ranked)} states named; the two most named taken as parties: {', '.join(parties)}."
            )
        parties.sort(key=lambda c: (ANCHOR_STATES.index(c) if c in ANCHOR_STATES else 9, c))
        for code in parties:
            self._state(code)
        return parties

    def _state(self, code: str) -> URIRef:
        node = mint(f"state/{code}")
        if (node, None, None) not in self.context:
            labels = state_labels(code)
            self.g.add((node, RDF.type, JC.State))
            self.g.add((node, JC.iso3166Alpha3, Literal(code)))
            if labels:
                self.g.add((node, JC.iso3166Alpha2, Literal(labels[0])))
                self.g.add((node, RDFS.label, Literal(labels[1], lang="en")))
                self.g.add((node, RDFS.label, Literal(labels[2], lang="fr")))
            self.g.add(
                (node, JC.reviewNote, Literal("New state node from pycountry: belongs in data/states.ttl.", lang="en"))
            )
        return node

    # -- agreements -----------------------------------------------------------------------------------------
    def _agreement(self, mention, states: list[str], year: str | None) -> URIRef:
        pair = "-".join(s.lower() for s in states) or "unknown-parties"
        node = mint(f"agreement/{pair}-{year or 'unknown-year'}-{mention.subject}")
        g = self.g
        g.add((node, RDF.type, JC[mention.form]))
        if len(states) == 2:
            g.add((node, RDF.type, JC.BilateralAgreement))
        for code in states:
            g.add((node, JC.stateParty, mint(f"state/{code}")))
        g.add((node, JC.subject, CA[mention.subject]))
        for subject in mention.extra:
            g.add((node, JC.subject, CA[subject]))
        form_en, form_fr = agr_rules.FORM_LABELS[mention.form]
        subject_en, subject_fr = agr_rules.SUBJECT_LABELS[mention.subject]
        names = [(state_labels(c) or (c, c, c)) for c in states]
        g.add((node, RDFS.label, Literal(f"{form_en} {subject_en} ({' – '.join(n[1] for n in names)})", lang="en")))
        g.add((node, RDFS.label, Literal(f"{form_fr} {subject_fr} ({' – '.join(n[2] for n in names)})", lang="fr")))
        g.add((node, DCTERMS.source, self.src))
        if mention.form_guessed:
            g.add(
                (node, JC.reviewNote, Literal("Form not written next to the subject: taken from the page.", lang="en"))
            )
        if not year:
            g.add((node, JC.reviewNote, Literal("Year of signing unknown: fix the IRI's year.", lang="en")))
        if mention.subject == "information-exchange":
            g.add((node, JC.reviewNote, Literal("Subject not named: information exchange is a guess.", lang="en")))
        return node

    # -- dates ------------------------------------------------------------------------------------------------
    def _first_date(self, sentences: list[str], kind: str | None = None):
        """The date of the first sentence that dates the event (its most precise date), else None.

        A sentence that gives only a weekday ends the search with None: the weekday is the event's, and a
        date further on belongs to something else ("signed on Wednesday ... replacing the 1997 texts").
        A bare year counts only next to an agreement's name.
        """
        rank = {"date": 0, "gMonthDay": 1, "gYearMonth": 2, "gYear": 3}
        for sentence in sentences:
            names_agreement = bool(agr_rules.find_agreements(sentence))
            candidates = []
            for found in date_rules.find_dates(sentence):
                if found.datatype == "gYear" and not names_agreement:
                    continue
                if kind and _nearest_event(sentence, found.start) not in (kind, None):
                    continue  # "approved ... the convention signed on 13 June": the date is the signing's
                candidates.append((rank[found.datatype], found.start, found))
            if candidates:
                return min(candidates, key=lambda c: (c[0], c[1]))[2]
            if any(_nearest_event(sentence, at) in (kind, None) for _, at in date_rules.find_weekdays(sentence)):
                return None
        return None

    def _year(self, mention) -> str | None:
        if mention is None:
            return None
        if mention.datatype != "gMonthDay":
            return mention.value[:4]
        return date_rules.year_for_day_month(mention.value, self.page.published)

    def _event(self, kind: str, sentences: list[str], agreements: list[URIRef], states: list[str], year) -> None:
        g = self.g
        first = str(agreements[0]).rsplit("/", 1)[-1]
        pair_year = "-".join(first.split("-")[:3])
        base = first if len(agreements) == 1 else pair_year
        event = mint(f"event/{base}-{kind.lower()}")
        g.add((event, RDF.type, JC[kind]))
        for node in agreements:
            g.add((event, JC.ofAgreement, node))
        g.add((event, DCTERMS.source, self.src))
        mention = self._first_date(sentences, kind)
        if mention is None:
            g.add((event, JC.notReported, JC.date))
            weekday = next(
                (
                    w
                    for s in sentences
                    for w, at in date_rules.find_weekdays(s)
                    if _nearest_event(s, at) in (kind, None)
                ),
                None,
            )
            if weekday:
                self._weekday(event, weekday)
        elif mention.datatype == "gMonthDay":
            g.add((event, JC.notReported, JC.date))
            self._claim(event, _typed(mention.value, "gMonthDay"), None)
            if mention.weekday:
                g.add((event, JC.reportedWeekday, TIME[mention.weekday]))
            guessed = date_rules.year_for_day_month(mention.value, self.page.published)
            if guessed:
                value = f"{guessed}{mention.value[1:]}"
                self._claim(event, _typed(value, "date"), "year of the page's publication date, or the year before")
        else:
            g.add((event, JC.date, _typed(mention.value, mention.datatype)))
            if mention.weekday:
                g.add((event, JC.reportedWeekday, TIME[mention.weekday]))
        if kind == "Signing":
            self._place(event, sentences)
            self._signatures(event, sentences, states)

    def _weekday(self, event: URIRef, weekday: str) -> None:
        self.g.add((event, JC.reportedWeekday, TIME[weekday]))
        derived = date_rules.weekday_before(weekday, self.page.published)
        if derived:
            self._claim(event, _typed(derived, "date"), "weekday before the page's publication date")

    def _claim(self, event: URIRef, value: Literal, method: str | None) -> None:
        g = self.g
        claim = mint(f"claim/{str(event).rsplit('/', 1)[-1]}-date-{slug(str(value))}")
        g.add((claim, RDF.type, JC.Claim))
        g.add((claim, RDF.subject, event))
        g.add((claim, RDF.predicate, JC.date))
        g.add((claim, RDF.object, value))
        g.add((claim, JC.asserted, Literal(False)))
        g.add((claim, DCTERMS.source, self.src))
        if method:
            g.add((claim, JC.derived, Literal(True)))
            g.add((claim, JC.derivationMethod, Literal(method, lang="en")))
            g.add((claim, JC.reviewNote, Literal("Derived date: keep only if the context supports it.", lang="en")))

    # -- places and people ----------------------------------------------------------------------------------
    def _place(self, event: URIRef, sentences: list[str]) -> None:
        for sentence in sentences:
            signed = _SIGN_WORD.search(sentence)
            for found in _PLACE_AFTER.finditer(sentence, signed.start() if signed else 0):
                name = found.group(1)
                if normalise(name) in _NOT_NAMES or state_mentions(name):
                    continue
                match = self.matcher.best(name, "place", cutoff=88)
                if match:
                    self.g.add((event, JC.place, match.iri))
                    return
                if _looks_like_city(name):
                    node = mint(f"place/{slug(name)}")
                    self.g.add((node, RDF.type, SDO.Place))
                    self.g.add((node, RDFS.label, Literal(name, lang=self.lang)))
                    self.g.add((node, DCTERMS.source, self.src))
                    self.g.add(
                        (
                            node,
                            JC.reviewNote,
                            Literal("New place: check it is a place, add containedInPlace.", lang="en"),
                        )
                    )
                    self.g.add((event, JC.place, node))
                    return
        self.g.add((event, JC.notReported, JC.place))

    def _signatures(self, event: URIRef, sentences: list[str], states: list[str]) -> None:
        people = []
        for sentence in sentences:
            for person, start in self._persons(sentence):
                if person not in [p for p, _ in people]:
                    people.append((person, sentence[max(0, start - 90) : start]))
        if not people:
            self.g.add((event, JC.notReported, JC.hasSignature))
            return
        for index, (person, before) in enumerate(people):
            signature = mint(f"signature/{str(event).rsplit('/', 1)[-1]}-{str(person).rsplit('/', 1)[-1]}")
            self.g.add((event, JC.hasSignature, signature))
            self.g.add((signature, RDF.type, JC.Signature))
            self.g.add((signature, JC.signer, person))
            self.g.add((signature, DCTERMS.source, self.src))
            words = before.split()[-7:]
            post = self.matcher.best(" ".join(words), "post", cutoff=87) if words else None
            if post is None:
                post = self._known_post(person, states)
            on_behalf = None
            if post:
                self.g.add((signature, JC.inCapacityOf, post.iri))
                code = str(post.iri).rsplit("/", 1)[-1][:3].upper()
                on_behalf = code if code in states else None
            if on_behalf is None:
                near = state_mentions(before[-60:])
                on_behalf = next((c for c in states if c in near), None)
            if on_behalf is None and len(people) == 2 and len(states) == 2:
                taken = {str(o).rsplit("/", 1)[-1] for o in self.g.objects(None, JC.onBehalfOf)}
                left = [c for c in states if c not in taken]
                on_behalf = left[0] if len(left) == 1 and index == 1 else None
            if on_behalf:
                self.g.add((signature, JC.onBehalfOf, mint(f"state/{on_behalf}")))
            else:
                self.g.add(
                    (signature, JC.reviewNote, Literal("On whose behalf not found: add jc:onBehalfOf.", lang="en"))
                )

    def _known_post(self, person: URIRef, states: list[str]):
        """The post the graph says this person held, when it belongs to one of the parties (for review)."""
        for holding in self.context.subjects(JC.holder, person):
            for post in self.context.objects(holding, JC.heldPost):
                if str(post).rsplit("/", 1)[-1][:3].upper() in states:
                    self.g.add(
                        (post, JC.reviewNote, Literal("Post from an earlier holding in the graph: check.", lang="en"))
                    )
                    return _Found(post)
        return None

    def _persons(self, sentence: str):
        """Persons in a sentence: known ones by any name, new ones as capitalised names after a post word."""
        for found in _NAME.finditer(sentence):
            name = found.group(1).strip()
            parts = name.split()
            while len(parts) > 2 and normalise(parts[0]) in _TITLE_WORDS:
                parts = parts[1:]
            if parts and normalise(parts[-1]) in _TITLE_WORDS:
                continue
            name = " ".join(parts)
            words = normalise(name).split()
            if (
                not words
                or words[0] in _NOT_NAMES
                or state_mentions(name)
                or self.matcher.best(name, "place", cutoff=90)
            ):
                continue
            match = self.matcher.best(name, "person", cutoff=90)
            if match:
                yield match.iri, found.start()
                continue
            before = normalise(sentence[max(0, found.start() - 60) : found.start()]).split()[-6:]
            after = sentence[found.end() : found.end() + 80]
            titled = any(w.startswith(p) for w in before for p in _POST_WORDS)
            subject_of_signing = (
                bool(_SIGN_WORD.search(after))
                and not _LAW_WORD.search(name)
                and not any(w in _NOT_NAME_WORDS for w in words)
            )
            if len(words) >= 2 and (titled or subject_of_signing):
                node = mint(f"person/{slug(name)}")
                self.g.add((node, RDF.type, FOAF.Person))
                self.g.add((node, RDFS.label, Literal(name, lang=self.lang)))
                self.g.add((node, DCTERMS.source, self.src))
                self.g.add((node, JC.reviewNote, Literal("New person: check with `jcgraph find` first.", lang="en")))
                yield node, found.start()


@dataclass
class _Found:
    iri: URIRef


def site_name(host: str) -> str:
    """The site's own name in a host: ``data.legilux.public.lu`` → ``legilux``; ``kt.kz`` → ``kt-kz``."""
    skip = ("www", "m", "fr", "en", "english", "ar", "data", "news")
    labels = [p for p in host.split(".") if p not in skip and not any(ch.isdigit() for ch in p)]
    core = [p for p in labels[:-1] if p not in ("public", "gov", "gouv", "co", "com", "org", "net")] or labels
    name = max(core, key=len) if core else ""
    return f"{name}-{labels[-1]}" if len(name) <= 3 and len(labels) > 1 else name


def _nearest_event(sentence: str, position: int) -> str | None:
    """The kind of event whose word comes last before ``position`` in ``sentence``."""
    before = normalise(sentence[:position])
    best, best_at = None, -1
    for kind, words in _EVENT_WORDS.items():
        for word in words:
            at = before.rfind(word)
            if at > best_at:
                best, best_at = kind, at
    return best


def _looks_like_city(name: str) -> bool:
    return len(name) > 2 and normalise(name) not in {"justice", "parlement", "parliament", "senat", "senate"}


def draft_page(page: Page, graph: Graph) -> Draft:
    """Draft Turtle for ``page``, reusing the nodes of ``graph``."""
    return Drafter(graph).draft(page)


_ = (BNode, ORG)  # kept for extensions that add blank-node statements and posts
