"""`jcgraph draw`: the cooperation network as SVG, deterministic, with the expected labels."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

from jcgraph.publish.draw import draw


def test_svg_shows_states_institutions_and_subjects(run_cli, tmp_path):
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
    assert svg.count('class="state"') == 3
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
    assert code == 2 and ".svg or .png" in err
    assert not list(tmp_path.iterdir())


def test_png_without_cairosvg_is_a_clear_error(run_cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "cairosvg", None)
    code, _, err = run_cli("draw", "-o", tmp_path / "x.png")
    assert code == 2 and "cairosvg" in err and "Traceback" not in err
