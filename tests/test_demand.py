"""Inference driven by the query: derive only what a query reads, and get the whole closure's answer.

:mod:`jcgraph.backends.oxigraph.demand` reads which predicates and classes a query's patterns can match; the store then
derives only the part of the OWL RL closure those depend on (:func:`jcgraph.backends.oxigraph.infer.plan`). Every
catalogue query and check, and hand-written queries that stress paths, EXISTS, variable classes and
super-properties, must give exactly the rows they give over the whole closure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jcgraph.backends.memory.infer import closure
from jcgraph.backends.oxigraph import demand
from jcgraph.backends.oxigraph import infer as fastinfer
from jcgraph.backends.oxigraph.store import open_store
from jcgraph.graph.loading import load, rule_files
from jcgraph.namespaces import JC
from jcgraph.tools.synth import generate

REPO = Path(__file__).resolve().parent.parent
CATALOGUE = sorted((REPO / "queries").glob("**/*.rq"))
HAND_WRITTEN = {
    "superclass": "SELECT ?x WHERE { ?x a prov:Entity }",
    "chain": "SELECT ?x ?y WHERE { ?x jc:sharesAgreementWith ?y }",
    "super-property": "SELECT ?x ?y WHERE { ?x dct:subject ?y }",
    "inverse and any class": "SELECT ?x ?c WHERE { ?x jc:partyStateOf ?y . ?x a ?c }",
    "not exists": "ASK { ?x jc:cooperatesWith ?y FILTER NOT EXISTS { ?y a jc:Institution } }",
    "exists": "SELECT ?x WHERE { ?x a jc:Agreement FILTER EXISTS { ?x jc:party ?p } }",
    "sequence path": "SELECT (COUNT(*) AS ?n) WHERE { ?x jc:party/jc:partyTo ?y }",
    "type in a path": "SELECT ?x WHERE { ?x a/rdfs:subClassOf* prov:Agent }",
    "optional and union": (
        "SELECT ?x ?l WHERE { { ?x a foaf:Person } UNION { ?x a org:Organization } OPTIONAL { ?x rdfs:label ?l } }"
    ),
    "variable predicate": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
    "construct": "CONSTRUCT { ?a jc:x ?b } WHERE { ?a jc:partyState ?b }",
}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("demand") / "g"
    generate(root, 40, seed=5, violations=6)
    for query in CATALOGUE:  # the synthetic graph has its own copy; use the checkout's
        target = root / query.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(query.read_bytes())
    return root


@pytest.fixture(scope="module")
def whole(synthetic):
    """The synthetic graph's store with the whole OWL RL closure."""
    store = open_store(synthetic, on_disk=False)
    store.ensure_inferred("owlrl")
    assert store.has_inferred("owlrl")
    return store


def answer(store, text: str):
    result = store.query(text, "owlrl")
    if type(result).__name__ == "QueryBoolean":
        return bool(result)
    if hasattr(result, "variables"):
        return sorted(tuple(str(v) if v is not None else "" for v in row) for row in result)
    return sorted(str(t) for t in result)


def inferred_size(store) -> int:
    graphs = fastinfer.inferred_graphs(store, "owlrl")
    return sum(1 for g in graphs for _ in store.store.quads_for_pattern(None, None, None, g))


CASES = [pytest.param(q.read_text(encoding="utf-8"), id=q.stem) for q in CATALOGUE] + [
    pytest.param(text, id=name) for name, text in HAND_WRITTEN.items()
]


@pytest.mark.parametrize("text", CASES)
def test_a_query_gets_the_whole_closures_answer(synthetic, whole, text):
    store = open_store(synthetic, on_disk=False)
    assert answer(store, text) == answer(whole, text)


def test_a_partial_closure_is_smaller_and_grows_with_the_next_query(synthetic, whole):
    store = open_store(synthetic, on_disk=False)
    store.select("SELECT ?b WHERE { ?a jc:cooperatesWith ?b }", "owlrl")
    assert not store.has_inferred("owlrl")
    first = store.count("none")  # counting with "none" never triggers inference
    assert 0 < inferred_size(store) < inferred_size(whole) / 5
    # a second query reading more gets its own answer right, and the first still holds
    text = "SELECT ?x WHERE { ?x a prov:Entity }"
    assert answer(store, text) == answer(whole, text)
    assert answer(store, HAND_WRITTEN["chain"]) == answer(whole, HAND_WRITTEN["chain"])
    assert store.count("none") == first
    # asking for everything (a count with inference) derives the whole closure
    assert store.count("owlrl") == whole.count("owlrl")
    assert store.has_inferred("owlrl")


def test_the_whole_closure_after_a_partial_one_equals_owlrl(repo_root):
    store = open_store(repo_root, on_disk=False)
    store.select("SELECT ?b WHERE { ?a jc:cooperatesWith ?b }", "owlrl")
    fast = fastinfer.closure(store, "owlrl")
    kg = load(repo_root)
    assert fastinfer.comparable(fast) == fastinfer.comparable(closure(kg.asserted, "owlrl", rule_files(kg.root)))


@pytest.mark.parametrize(
    ("text", "predicates", "classes"),
    [
        ("SELECT ?x WHERE { ?x a jc:State ; rdfs:label ?l }", {"rdfs:label"}, {"jc:State"}),
        ("SELECT ?x WHERE { ?x jc:party/^jc:partyTo* ?y }", {"jc:party", "jc:partyTo"}, set()),
        ("ASK { ?x jc:a ?y FILTER NOT EXISTS { ?y jc:b ?z } }", {"jc:a", "jc:b"}, set()),
        ("SELECT ?x WHERE { ?x a ?c }", set(), None),
        ("SELECT ?x WHERE { ?x a/rdfs:subClassOf* jc:Agreement }", {"rdfs:subClassOf"}, None),
        ("CONSTRUCT { ?x jc:made ?y } WHERE { ?x jc:read ?y }", {"jc:read"}, set()),
    ],
)
def test_what_a_query_reads(text, predicates, classes):
    from jcgraph.namespaces import PREFIXES

    def iri(name: str) -> str:
        prefix, local = name.split(":")
        return PREFIXES[prefix] + local

    found = demand.of_query(text)
    assert found is not None
    assert found.predicates == {iri(p) for p in predicates}
    assert found.classes == (None if classes is None else {iri(c) for c in classes})


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o }",
        "SELECT ?x WHERE { ?x !jc:party ?y }",
        "DESCRIBE state:MAR",
        "SELECT ?x WHERE { ?x jc:a ?y FILTER EXISTS { ?y ?p ?z } }",
        "SELECT ?x WHERE { VALUES ?p { jc:a } ?x ?p ?y }",
        "this is not SPARQL",
    ],
)
def test_queries_that_may_read_anything_get_the_whole_closure(text):
    assert demand.of_query(text) is None


def test_the_cooperation_rule_is_read_as_a_head_and_a_body(repo_root):
    (rule,) = [r for r in rule_files(repo_root) if r.name == "cooperates-with.rq"]
    head, body = demand.of_rule(rule.read_text(encoding="utf-8"))
    assert head.predicates == {str(JC.cooperatesWith)}
    assert str(JC.stateParty) in body.predicates


def test_the_ontologys_own_closure_is_only_about_the_vocabulary(repo_root):
    """Queries that read neither the vocabulary nor meta-classes skip owlrl's closure of the ontology."""
    from rdflib.namespace import RDF

    from jcgraph.backends.oxigraph.store import _schema_closure

    store = open_store(repo_root, on_disk=False)
    ontology = (repo_root / "ontology").resolve()
    files = [path for path in store.files if path.resolve().is_relative_to(ontology)]
    schema = {str(p) for p in fastinfer.SCHEMA_PREDICATES}
    meta = {str(c) for c in fastinfer.META_CLASSES}
    for triple in _schema_closure(files, "owlrl"):
        predicate = triple.predicate.value
        assert predicate in schema or (predicate == str(RDF.type) and triple.object.value in meta), triple


def test_inference_never_writes_into_the_shared_on_disk_store(tmp_path, monkeypatch, repo_root):
    """Asked for inference, an on-disk store reasons over an in-memory copy: the copy on disk is untouched."""
    monkeypatch.setenv("JCGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    text = (REPO / "queries" / "cq-12-cooperation-partners.rq").read_text(encoding="utf-8")
    expected = answer(open_store(repo_root, on_disk=False), text)
    store = open_store(repo_root, on_disk=True)
    directory = store.path
    assert directory is not None
    reader = open_store(repo_root, on_disk=True)  # another reader of the same files, as another process
    assert answer(store, text) == expected
    assert store.path is None  # it moved to memory
    assert reader.count("none") == store.count("none")
    again = open_store(repo_root, on_disk=True)
    assert again.path == directory
    assert not again.has_inferred("owlrl") and fastinfer.inferred_graphs(again, "owlrl") == []


@pytest.mark.parametrize(
    "args",
    [
        ("query", "cq-12", "--format", "csv"),
        ("query", "cq-01", "--inference", "owlrl", "--format", "csv"),
        ("validate", "--inference", "owlrl"),
    ],
)
def test_store_commands_with_inference_leave_stderr_clean(run_process, tmp_path, args):
    """A query runs on a worker thread (for --timeout): none of its pyoxigraph results may outlive it.

    rdflib's parser leaves cyclic garbage holding its callers' frames; parsed deep inside the worker, it
    kept the results alive until a collection on the main thread, and pyoxigraph printed
    "PyQuerySolutions is unsendable, but is being dropped on another thread".
    """
    done = run_process(*args, env={"JCGRAPH_BACKEND": "oxigraph", "JCGRAPH_CACHE_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr.decode() == ""


@pytest.mark.parametrize("path", sorted((Path(__file__).resolve().parents[1] / "ontology" / "rules").glob("*.rq")))
def test_a_rules_template_alone_tells_what_it_concludes(path):
    """plan() reads rule heads from the template alone (a WHERE clause is parsed only when the rule applies)."""
    text = path.read_text(encoding="utf-8")
    assert demand.rule_head(text) == demand.of_rule(text)[0]


def test_a_rule_head_survives_comments_and_odd_templates():
    text = (
        "# a comment that says CONSTRUCT { ?x jc:other ?y } in words it's only text\n"
        "PREFIX jc: <https://w3id.org/jcgraph/ontology#>\n"
        "CONSTRUCT { ?a jc:cooperatesWith ?b . ?a a jc:State } WHERE { ?a jc:stateParty ?b }"
    )
    assert demand.rule_head(text) == demand.of_rule(text)[0]
