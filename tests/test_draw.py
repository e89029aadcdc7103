"""`jcgraph draw`: the cooperation network as SVG, deterministic, with the expected labels."""

from __future__ import annotations

import re
import shutil
import sys
import xml.etree.ElementTree as ET

import pytest
from rdflib import URIRef

from jcgraph.publish import draw_layout as lay
from jcgraph.publish.draw import draw, layout, network


def test_svg_shows_states_institutions_and_subjects(run_cli, tmp_path, kg):
    target = tmp_path / "network.svg"
    code, _, err = run_cli("draw", "-o", target)
    assert code == 0, err
    svg = target.read_text(encoding="utf-8")
    ET.fromstring(svg)  # well-formed XML
    for text in (
        "Morocco",
        "Kazakhstan",
        "Kenya",
        "Prosecution Service of",
        "Office of the Director of",
        "extradition",
        "mutual legal assistance in criminal matters",
        "transfer of sentenced persons",
        "capacity building and training",
        "2024-12-12",
        "2025-08-07",
    ):
        assert text in svg, text
    assert svg.count('class="state"') == len(network(kg).states) >= 3
    assert "stroke-dasharray" in svg  # the 2025 talks, a meeting implementing the memorandum


def test_drawing_is_deterministic(kg):
    assert draw(kg) == draw(kg)
    assert draw(kg, "KEN", "fr") == draw(kg, "Kenya", "fr")


def test_state_filter_and_french_labels(kg):
    svg = draw(kg, "KAZ", "fr")
    assert "Maroc" in svg and "Kazakhstan" in svg and "Kenya" not in svg
    assert "Réseau de coopération judiciaire" in svg and "extradition" in svg


def test_unknown_state_and_bad_extension(run_cli, tmp_path):
    code, _, err = run_cli("draw", "--state", "Atlantis", "-o", tmp_path / "x.svg")
    assert code == 2 and "MAR (Morocco)" in err
    code, _, err = run_cli("draw", "-o", tmp_path / "x.pdf")
    assert code == 2 and ".svg, .png" in err
    assert not list(tmp_path.iterdir())


def test_png_without_cairosvg_is_a_clear_error(run_cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "cairosvg", None)
    code, _, err = run_cli("draw", "-o", tmp_path / "x.png")
    assert code == 2 and "cairosvg" in err and "Traceback" not in err


# ---- layout, colours, size, DOT and GraphML --------------------------------------------------------


ENGINES = ["builtin", pytest.param("dot", marks=pytest.mark.skipif(not shutil.which("dot"), reason="no Graphviz"))]


def _assert_no_collisions(geometry):
    boxes = [("label", i, b) for i, b in enumerate(geometry.labels)]
    boxes += [("node", n, geometry.node_box(n)) for n in geometry.centres]
    for i, (kind_a, a, box_a) in enumerate(boxes):
        for kind_b, b, box_b in boxes[i + 1 :]:
            if kind_a == kind_b == "node":
                continue  # nodes are placed by the layout itself; labels must avoid them and each other
            assert not box_a.overlaps(box_b, pad=0), (kind_a, a, kind_b, b)
        assert -1 <= box_a.x - box_a.w / 2 and box_a.x + box_a.w / 2 <= geometry.width + 1


@pytest.mark.parametrize("engine", ENGINES)
def test_labels_never_collide_in_either_layout(kg, engine):
    for lang in ("en", "fr"):
        geometry = layout(kg, network(kg, lang=lang), lang, engine)
        assert geometry.engine == ("dot" if engine == "dot" else "jcgraph")
        _assert_no_collisions(geometry)


@pytest.mark.parametrize("engine", ENGINES)
def test_many_parallel_edges_do_not_collide(engine):
    a, b, c = (URIRef(f"urn:state:{x}") for x in "abc")
    institution = URIRef("urn:inst:1")
    sizes = {n: lay.node_size("state", "State") for n in (a, b, c)}
    sizes[institution] = lay.node_size("institution", "A rather long institution name of some state")
    edges = [(a, b)] * 9 + [(b, c)] * 5 + [(institution, c)] * 4
    texts = [f"Agreement number {k} on a long and winding subject · 2024-12-{k:02d}" for k in range(len(edges))]
    label_sizes = [lay.text_box(lay.wrap(t, lay.EDGE_WRAP), lay.EDGE_FONT) for t in texts]
    links = [(institution, a)]
    if engine == "dot":
        kinds = {n: "state" for n in (a, b, c)} | {institution: "institution"}
        geometry = lay.layout_dot([a, b, c, institution], kinds, sizes, edges, links, label_sizes)
    else:
        geometry = lay.layout_builtin([a, b, c], {institution: a}, sizes, edges, links, label_sizes)
    assert len(geometry.labels) == len(geometry.paths) == len(edges)
    _assert_no_collisions(geometry)


def lay_palette():
    from jcgraph.publish.draw import PALETTE

    return PALETTE


def _stroke_by_subject(kg, lang, state=None):
    net = network(kg, state, lang)
    return {edge.subject: net.colours()[edge.subject] for edge in net.edges if edge.subject is not None}


def test_colours_follow_the_concept_in_every_language_and_view(kg):
    english, french = _stroke_by_subject(kg, "en"), _stroke_by_subject(kg, "fr")
    assert english == french and len(english) >= 2
    assert len(set(english.values())) == min(len(english), len(lay_palette()))
    kaz = _stroke_by_subject(kg, "en", URIRef("https://w3id.org/jcgraph/id/state/KAZ"))
    assert kaz and all(english[s] == colour for s, colour in kaz.items())
    strokes = lambda svg: re.findall(r'class="edge" d="[^"]*" fill="none" stroke="(#[0-9A-Fa-f]{6})"', svg)  # noqa: E731
    assert strokes(draw(kg, lang="en", engine="builtin")) == strokes(draw(kg, lang="fr", engine="builtin"))


def test_size_scales_the_picture(run_cli, tmp_path):
    target = tmp_path / "small.svg"
    code, _, err = run_cli("draw", "-o", target, "--size", "800x500", "--layout", "builtin")
    assert code == 0, err
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    assert (root.get("width"), root.get("height")) == ("800", "500") and root.get("viewBox").startswith("0 0 ")
    for bad in ("800", "0x10", "axb", "30000x10"):
        code, _, err = run_cli("draw", "-o", tmp_path / "bad.svg", "--size", bad)
        assert code == 2 and "--size" in err and "Traceback" not in err


def test_without_dot_the_builtin_layout_is_used(kg, monkeypatch, run_cli, tmp_path):
    monkeypatch.setattr(lay.shutil, "which", lambda name: None)
    assert 'data-layout="jcgraph"' in draw(kg)
    code, _, err = run_cli("draw", "-o", tmp_path / "x.svg", "--layout", "dot")
    assert code == 2 and "graphviz" in err.lower()


def test_dot_export_is_valid_graphviz(run_cli, tmp_path):
    target = tmp_path / "network.gv"
    code, _, err = run_cli("draw", "-o", target)
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("graph jcgraph {") and '"https://w3id.org/jcgraph/id/state/MAR"' in text
    assert "style=dashed" in text and "jc_subject=" in text
    code, out, err = run_cli("draw", "-o", "-", "-f", "dot", "--lang", "fr")
    assert code == 0 and "Réseau de coopération judiciaire" in out
    if shutil.which("dot"):
        import subprocess

        done = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        ET.fromstring(done.stdout.split("\n", 1)[1] if done.stdout.startswith("<?xml") else done.stdout)


def test_graphml_export(kg, run_cli, tmp_path):
    target = tmp_path / "network.graphml"
    code, _, err = run_cli("draw", "-o", target)
    assert code == 0, err
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(target).getroot()
    graph = root.find("g:graph", ns)
    net = network(kg)
    assert len(graph.findall("g:node", ns)) == len(net.states) + len(net.institutions)
    assert len(graph.findall("g:edge", ns)) == len(net.edges) + len(net.institutions)
    ids = {n.get("id") for n in graph.findall("g:node", ns)}
    assert all(e.get("source") in ids and e.get("target") in ids for e in graph.findall("g:edge", ns))
    kinds = [d.text for d in graph.iter("{http://graphml.graphdrawing.org/xmlns}data") if d.get("key") == "ekind"]
    assert {"agreement", "meeting", "institution"} <= set(kinds)
