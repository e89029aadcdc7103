"""Property-based tests (hypothesis).

(a) Random graphs in the ontology's shapes (states, agreements with any number of parties, signings
    with blank-node signatures and places, claims, sources; labels with quotes, newlines and any
    script; dates at the three precisions; numbers; lists and blank-node cycles) come back unchanged
    (isomorphic) from every export format.
(b) Random bytes, and random mutations of a real data file, given to ``validate`` and ``add`` give
    exit 0, 1 or 2, never 3 or a traceback, and change no byte of ``data/`` unless ``add`` exits 0.

The profile is deterministic (``derandomize``) so that CI runs see the same examples every time.
"""

from __future__ import annotations

import io
import shutil
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from jcgraph.io import rdf as rdfio
from jcgraph.namespaces import JC
from jcgraph.publish import export as ex
from tests.conftest import FROZEN_DATA, REPO, assemble_root, tree_digest

settings.register_profile(
    "jcgraph",
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile("jcgraph")

ID = "https://w3id.org/jcgraph/id/"
SCHEMA = "https://schema.org/"
SKOS_ALT = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")

# ---- (a) random graphs of the ontology's shapes ------------------------------------------------------

#: Text as people type it: any script, quotes, backslashes, newlines, tabs, markup-like characters.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from("\"'\\\n\t\r<>&{}@#^_:;,.()[]"),
    ),
    max_size=40,
)
# lower case, as jcgraph's reader (pyoxigraph) normalises language tags (they are case-insensitive in RDF)
LANGS = st.sampled_from(["en", "fr", "ar", "kk", "sw", "en-gb", "fr-ma", "zh-hant"])
SLUG = st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12).filter(
    lambda s: s[0].isalnum()
)


@st.composite
def dates(draw) -> Literal:
    """A date at one of the three precisions the ontology allows."""
    day = draw(st.dates())
    precision = draw(st.sampled_from(["date", "gYearMonth", "gYear"]))
    if precision == "date":
        return Literal(day.isoformat(), datatype=XSD.date)
    if precision == "gYearMonth":
        return Literal(f"{day.year:04d}-{day.month:02d}", datatype=XSD.gYearMonth)
    return Literal(f"{day.year:04d}", datatype=XSD.gYear)


@st.composite
def numbers(draw) -> Literal:
    """A number in its canonical form: integer, decimal or boolean."""
    kind = draw(st.sampled_from(["integer", "decimal", "boolean"]))
    if kind == "integer":
        return Literal(str(draw(st.integers(-(10**12), 10**12))), datatype=XSD.integer)
    if kind == "decimal":
        whole, frac = draw(st.integers(-9999, 9999)), draw(st.integers(0, 999))
        return Literal(f"{whole}.{frac}", datatype=XSD.decimal)
    return Literal(draw(st.sampled_from(["true", "false"])), datatype=XSD.boolean)


@st.composite
def labels(draw, node, graph: Graph, predicate=RDFS.label) -> None:
    """Labels in one to three languages, sometimes an untagged one, sometimes alternative labels."""
    for lang in draw(st.lists(LANGS, min_size=1, max_size=3, unique=True)):
        graph.add((node, predicate, Literal(draw(TEXT), lang=lang)))
    if draw(st.booleans()):
        graph.add((node, SKOS_ALT, Literal(draw(TEXT))))


@st.composite
def graphs(draw) -> Graph:
    """A graph of states, sources, agreements, signings, claims, with blank nodes, lists and cycles."""
    g = Graph()
    codes = draw(st.lists(st.text(string.ascii_uppercase, min_size=3, max_size=3), min_size=1, max_size=5, unique=True))
    states = [URIRef(f"{ID}state/{code}") for code in codes]
    for state, code in zip(states, codes, strict=True):
        g.add((state, RDF.type, JC.State))
        g.add((state, JC.iso3166Alpha3, Literal(code)))
        draw(labels(state, g))
    sources = []
    for slug in draw(st.lists(SLUG, min_size=1, max_size=3, unique=True)):
        source = URIRef(f"{ID}source/{slug}")
        sources.append(source)
        g.add((source, RDF.type, draw(st.sampled_from([JC.NewsArticle, JC.OfficialPage]))))
        g.add((source, URIRef(SCHEMA + "url"), URIRef(f"https://example.org/{slug}?q=1&r=é")))
        g.add((source, DCTERMS.issued, draw(dates())))
        draw(labels(source, g))
    for slug in draw(st.lists(SLUG, min_size=1, max_size=3, unique=True)):
        agreement = URIRef(f"{ID}agreement/{slug}")
        g.add((agreement, RDF.type, draw(st.sampled_from([JC.Convention, JC.MemorandumOfUnderstanding]))))
        if draw(st.booleans()):
            g.add((agreement, RDF.type, JC.BilateralAgreement))
        for party in draw(st.lists(st.sampled_from(states), min_size=1, max_size=len(states), unique=True)):
            g.add((agreement, JC.stateParty, party))
        g.add((agreement, DCTERMS.source, draw(st.sampled_from(sources))))
        draw(labels(agreement, g))
        signing = URIRef(f"{ID}event/{slug}-signing") if draw(st.booleans()) else BNode()
        g.add((signing, RDF.type, JC.Signing))
        g.add((signing, JC.ofAgreement, agreement))
        g.add((signing, JC.date, draw(dates())))
        place = BNode() if draw(st.booleans()) else URIRef(f"{ID}place/{draw(SLUG)}")
        g.add((signing, JC.place, place))
        g.add((place, RDF.type, URIRef(SCHEMA + "Place")))
        draw(labels(place, g))
        for state in draw(st.lists(st.sampled_from(states), max_size=3, unique=True)):
            signature = BNode()
            g.add((signing, JC.hasSignature, signature))
            g.add((signature, RDF.type, JC.Signature))
            g.add((signature, JC.onBehalfOf, state))
        if draw(st.booleans()):  # a claim about the signing date, by one source
            claim = BNode()
            g.add((claim, RDF.type, JC.Claim))
            g.add((claim, RDF.subject, signing))
            g.add((claim, RDF.predicate, JC.date))
            g.add((claim, RDF.object, draw(dates())))
            g.add((claim, JC.asserted, Literal(draw(st.booleans()))))
            g.add((claim, DCTERMS.source, draw(st.sampled_from(sources))))
    extras = draw(st.sets(st.sampled_from(["list", "cycle", "number", "empty-node", "long-text"])))
    if "list" in extras:  # an RDF collection, written ( ... ) in Turtle
        head = BNode()
        Collection(g, head, draw(st.lists(st.sampled_from(states) | dates() | numbers(), min_size=1, max_size=4)))
        g.add((states[0], RDFS.seeAlso, head))
    if "cycle" in extras:  # blank nodes pointing at each other, reachable from nowhere
        a, b = BNode(), BNode()
        g.add((a, RDFS.seeAlso, b))
        g.add((b, RDFS.seeAlso, a))
        g.add((a, RDFS.label, Literal(draw(TEXT))))
    if "number" in extras:
        g.add((states[0], URIRef(SCHEMA + "numberOfItems"), draw(numbers())))
    if "empty-node" in extras:  # a blank node with no properties of its own
        g.add((states[0], RDFS.seeAlso, BNode()))
    if "long-text" in extras:
        g.add((states[0], RDFS.comment, Literal(draw(TEXT) * 50 + "\n" * 3, lang="en")))
    return g


@pytest.fixture(scope="module")
def context():
    return ex.load_context(REPO)


def read_back(data: bytes, fmt: str) -> Graph:
    """Parse an export with jcgraph's own reader (pyoxigraph; rdflib for JSON-LD), graphs merged."""
    ext = ex.FORMATS[fmt][0]
    return rdfio.parse_bytes(data, Path("export" + ext), ext, Graph())


@pytest.mark.parametrize("fmt", list(ex.FORMATS))
@settings(max_examples=40)
@given(graph=graphs())
def test_random_graphs_round_trip_through_every_format(fmt, graph, context):
    data = ex.serialize(ex.quads_of(graph), fmt, context)
    back = read_back(data, fmt)
    assert isomorphic(back, graph), data.decode("utf-8")[:2000]
    assert ex.serialize(ex.quads_of(back), fmt, context) == data  # and the same bytes again


CONTROL = st.text(alphabet=st.characters(whitelist_categories=("Cc",)), min_size=1, max_size=5)


@pytest.mark.parametrize("fmt", list(ex.FORMATS))
@settings(max_examples=15)
@given(text=CONTROL)
def test_control_characters_round_trip_or_a_clear_refusal(fmt, text, context):
    """Control characters (legal in RDF literals) survive every format but RDF/XML, which refuses them clearly."""
    from jcgraph.errors import InputError

    graph = Graph()
    graph.add((URIRef(ID + "state/MAR"), RDFS.comment, Literal("a" + text + "b", lang="en")))
    try:
        data = ex.serialize(ex.quads_of(graph), fmt, context)
    except InputError as exc:
        assert fmt == "xml" and "XML 1.0" in str(exc)
        return
    assert isomorphic(read_back(data, fmt), graph)


# ---- (b) random and mutated input to validate and add -------------------------------------------------

VALID = (FROZEN_DATA / "relations" / "mar-kaz.ttl").read_text(encoding="utf-8")
LINES = VALID.splitlines(keepends=True)
NOISE = st.sampled_from(list(".;,:<>\"'@^#[]()_ \n\\{}") + ["a", "é", "\u2028", "\x00", "xsd:date", "<<", '"""'])


@st.composite
def mutations(draw) -> bytes:
    """The valid file with a few characters or lines deleted, inserted or duplicated."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["del-char", "ins-char", "dup-char", "del-line", "dup-line", "swap-lines"]))
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        j = draw(st.integers(0, max(len(line) - 1, 0)))
        if op == "del-char":
            lines[i] = line[:j] + line[j + 1 :]
        elif op == "ins-char":
            lines[i] = line[:j] + draw(NOISE) + line[j:]
        elif op == "dup-char":
            lines[i] = line[: j + 1] + line[j:]
        elif op == "del-line" and len(lines) > 1:
            del lines[i]
        elif op == "dup-line":
            lines.insert(i, line)
        elif op == "swap-lines":
            k = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[k] = lines[k], lines[i]
    return "".join(lines).encode("utf-8", errors="surrogatepass")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A graph copy shared by the examples (restored after an accepted add) and a place for inputs."""
    base = tmp_path_factory.mktemp("properties")
    root = base / "graph"
    assemble_root(root)
    pristine = base / "pristine-data"
    shutil.copytree(root / "data", pristine)
    return root, pristine, tree_digest(pristine)


def run_quietly(args: list[str]) -> tuple[int, str]:
    """Run the CLI in-process; return its exit code and stderr (captured without pytest fixtures)."""
    import contextlib

    from jcgraph.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, err.getvalue()


def check_validate_and_add(workspace, data: bytes, suffix: str = ".ttl") -> None:
    root, pristine, digest = workspace
    path = root.parent / f"input{suffix}"
    path.write_bytes(data)
    code, err = run_quietly(["validate", "--root", str(root), str(path)])
    assert code in (0, 1, 2), err
    assert "Traceback" not in err and "internal error" not in err, err
    assert tree_digest(root / "data") == digest
    code, err = run_quietly(["add", "--root", str(root), str(path)])
    assert code in (0, 1, 2), err
    assert "Traceback" not in err and "internal error" not in err, err
    if code == 0:
        shutil.rmtree(root / "data")
        shutil.copytree(pristine, root / "data")
    assert tree_digest(root / "data") == digest


@settings(max_examples=60)
@given(data=st.binary(max_size=600))
def test_random_bytes_never_crash_validate_or_add(workspace, data):
    check_validate_and_add(workspace, data)


@settings(max_examples=30)
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".nt", ".jsonld", ".rdf", ".trig"]))
def test_random_bytes_in_other_formats_never_crash(workspace, data, suffix):
    check_validate_and_add(workspace, data, suffix)


@settings(max_examples=35)
@given(data=mutations())
def test_mutated_turtle_never_crashes_validate_or_add(workspace, data):
    check_validate_and_add(workspace, data)


@settings(max_examples=200, deadline=None)
@given(
    term=st.one_of(
        TEXT.map(Literal),
        st.builds(lambda text, lang: Literal(text, lang=lang), TEXT, LANGS),
        TEXT.map(lambda text: Literal(text, datatype=XSD.string)),
        st.builds(lambda n: Literal(str(n), datatype=XSD.integer), st.integers()),
        st.sampled_from([Literal("2019-02", datatype=XSD.gYearMonth), Literal("not a date", datatype=XSD.date)]),
        SLUG.map(lambda slug: URIRef(f"https://w3id.org/jcgraph/id/state/{slug}")),
    )
)
def test_terms_read_from_the_store_equal_rdflibs_own(term):
    """The store's shortcut conversion (no rdflib checks on valid terms) builds exactly rdflib's terms."""
    from jcgraph.backends.oxigraph import store

    native = rdfio.from_rdflib(term)
    fast, slow = store.to_rdflib(native), rdfio.to_rdflib(native, strict=False)
    assert type(fast) is type(slow)
    assert fast == slow and hash(fast) == hash(slow) and fast.n3() == slow.n3()
    if isinstance(slow, Literal):
        assert (fast.language, fast.datatype, fast.value, fast.ill_typed) == (
            slow.language,
            slow.datatype,
            slow.value,
            slow.ill_typed,
        )
