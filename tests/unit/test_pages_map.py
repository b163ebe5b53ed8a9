"""The who-is-who map and the shareable HTML page: gated like everything else, drawn and read correctly."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import html5lib
import pytest

from tests.helpers import MINI, Invoke, unless_in_ci

MINI_TEXT = (MINI / "pack.yaml").read_text(encoding="utf-8")


def test_a_relationship_shows_with_the_label_of_the_position(mini: Invoke) -> None:
    assert "No relationships are known" in mini("map").stdout
    early = mini("map", "--upto", "2").stdout
    assert "Ana works beside Tomás" in early and "daughter" not in early and "Inspector" not in early
    later = mini("map", "--upto", "3").stdout
    assert "Ana is the daughter of Tomás" in later and "works beside" not in later
    assert "Inspector Vidal looks into the fall of Tomás" in mini("map", "--upto", "4").stdout


def test_factions_are_groups_of_their_members(invoke: Invoke, tmp_path: Path) -> None:
    """A `member` relationship puts a character under the faction's heading, in text and in DOT."""
    text = MINI_TEXT.replace(
        "relationships:\n",
        "relationships:\n  - {id: ana-keepers, between: [ana, tomas], kind: member, at: 2, label: apprentice, "
        "sources: [guide-2]}\n",
    )
    (tmp_path / "pack.yaml").write_text(text, encoding="utf-8")
    result = invoke("map", "--upto", "2", "--pack", str(tmp_path), "--format", "plain")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Tomás\n  - Ana: apprentice" in out
    dot = invoke("map", "--upto", "2", "--pack", str(tmp_path), "--format", "dot").stdout
    assert 'subgraph "cluster_tomas" {\n    label="Tomás";\n    "ana" [label="Ana"];' in dot


def test_graph_text_is_escaped(invoke: Invoke, tmp_path: Path) -> None:
    """Quotes and markup in labels cannot break out of DOT strings or Mermaid labels."""
    text = MINI_TEXT.replace("label: works beside", "label: 'says \"hi\" <b>#1</b> \\ to'")
    (tmp_path / "pack.yaml").write_text(text, encoding="utf-8")
    dot = invoke("map", "--upto", "1", "--pack", str(tmp_path), "--format", "dot").stdout
    assert '[label="says \\"hi\\" <b>#1</b> \\\\ to"]' in dot
    mermaid = invoke("map", "--upto", "1", "--pack", str(tmp_path), "--format", "mermaid").stdout
    assert '-->|"says #34;hi#34; #60;b#62;#35;1#60;/b#62; \\ to"|' in mermaid


@unless_in_ci(shutil.which("dot") is None, "Graphviz is not installed")
def test_dot_output_renders_with_graphviz(mini: Invoke) -> None:
    assert shutil.which("dot") is not None, "Graphviz's dot is not on PATH (.ci/run installs it)"
    dot = mini("map", "--upto", "4", "--format", "dot").stdout
    drawn = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, timeout=60)
    assert drawn.returncode == 0 and "<svg" in drawn.stdout and "Inspector Vidal" in drawn.stdout
    assert "<svg" in mini("map", "--upto", "4", "--format", "svg").stdout


def test_svg_without_graphviz_says_so(mini: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = mini("map", "--upto", "4", "--format", "svg")
    assert result.exit_code == 2 and "Graphviz" in result.stderr and "apt install graphviz" in result.stderr


def test_shipped_map_after_episode_2_holds_nothing_later(invoke: Invoke) -> None:
    out = invoke("map", "--upto", "2", "--format", "plain", "--no-sources").stdout
    assert "Juan Olvera passes himself off as one of the North Division" in out
    for later in ("Colonel", "Estelle", "José Luis", "informs", "widower", "Javi", " 25"):
        assert later not in out, later


# ── The page to share ──

PAGES = [
    ["recap", "--upto", "3"],
    ["characters", "--upto", "3"],
    ["facts", "true-story", "--upto", "4"],
    ["map", "--upto", "4"],
    ["search", "keeper", "--upto", "2"],
]


@pytest.mark.parametrize("args", PAGES)
def test_html_pages_parse_strictly_and_stand_alone(mini: Invoke, args: list[str]) -> None:
    """Valid HTML5 (a strict parser finds no error), no script, no external resource, landmarks and headings."""
    page = mini(*args, "--format", "html").stdout
    html5lib.HTMLParser(strict=True).parse(page)
    assert "<script" not in page and "<link" not in page and "src=" not in page
    assert '<html lang="en">' in page and "<main>" in page and page.count("<h1>") == 1
    assert 'name="viewport"' in page and "Nothing past episode" in page


def test_html_escapes_pack_text(invoke: Invoke, tmp_path: Path) -> None:
    text = MINI_TEXT.replace(
        "text: Ana arrives at the lighthouse with a letter.", 'text: "<script>alert(1)</script> & co"'
    )
    text = text.replace('url: "https://example.org/news"', 'url: "javascript:alert(1)"')
    (tmp_path / "pack.yaml").write_text(text, encoding="utf-8")
    page = invoke("recap", "--upto", "2", "--pack", str(tmp_path), "--format", "html").stdout
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert 'href="javascript' not in page


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@unless_in_ci(CHROMIUM is None, "no Chromium for the browser test")
def test_the_map_page_loads_in_a_real_browser(mini: Invoke, tmp_path: Path) -> None:
    """Headless Chromium loads the page at phone width, renders it, and takes a screenshot."""
    assert CHROMIUM is not None, "no chromium on PATH (.ci/run installs it)"
    page = tmp_path / "map.html"
    page.write_text(mini("map", "--upto", "4", "--format", "html").stdout, encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=412,915", f"--user-data-dir={tmp_path}/c"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0 and "Inspector Vidal looks into the fall of" in dom.stdout
    shot = tmp_path / "map.png"
    result = subprocess.run(
        [CHROMIUM, *flags, f"--screenshot={shot}", page.as_uri()], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5000


def test_edges_to_a_faction_go_to_its_box(invoke: Invoke) -> None:
    """A relationship with a faction points at the faction's group, never at a stray node named by its id."""
    dot = invoke("map", "--upto", "4", "--format", "dot").stdout
    assert '"juan" -> "calancho" [label="passes himself off as one of", lhead="cluster_north-division"];' in dot
    assert '"north-division" [' not in dot and '-> "north-division"' not in dot
    mermaid = invoke("map", "--upto", "4", "--format", "mermaid").stdout
    # Mermaid ids are one per pack id: any character but a letter or digit is written as _<hex>_.
    assert 'n_juan -->|"passes himself off as one of"| n_group_5f_north_2d_division' in mermaid
    assert 'subgraph n_group_5f_north_2d_division["The North Division"]' in mermaid
    assert "n_north_2d_division" not in mermaid
