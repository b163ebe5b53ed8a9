"""The who-is-who map and the shareable HTML page: gated like everything else, drawn and read correctly."""

from __future__ import annotations

import html as html_lib
import json
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
    assert 'subgraph "cluster_tomas" {\n    label="Tomás";\n' in dot and '\n    "ana" [label="Ana"];\n  }' in dot


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
    """A relationship with a faction starts or ends at the faction's own box, never at one member's node."""
    dot = invoke("map", "--upto", "4", "--format", "dot").stdout
    anchor = '"north-division#faction" [shape=point, style=invis, width=0, label=""];'
    assert 'subgraph "cluster_north-division" {\n    label="The North Division";\n    ' + anchor in dot
    assert (
        '"juan" -> "north-division#faction" [label="passes himself off as one of", lhead="cluster_north-division"]'
        in dot
    )
    assert (
        '"north-division#faction" -> "mostros" [label="foils the breakout of", ltail="cluster_north-division"]' in dot
    )
    assert '"juan" -> "calancho" [label="passes' not in dot and '"calancho" -> "mostros"' not in dot
    assert '"north-division" [' not in dot and '-> "north-division"' not in dot
    mermaid = invoke("map", "--upto", "4", "--format", "mermaid").stdout
    # Mermaid ids are one per pack id: any character but a letter or digit is written as _<hex>_.
    assert 'n_juan -->|"passes himself off as one of"| n_group_5f_north_2d_division' in mermaid
    assert 'n_group_5f_north_2d_division -->|"foils the breakout of"| n_mostros' in mermaid
    assert 'subgraph n_group_5f_north_2d_division["The North Division"]' in mermaid
    assert "n_north_2d_division" not in mermaid


def test_a_faction_anchor_is_never_a_pack_id(invoke: Invoke, tmp_path: Path) -> None:
    """A character whose id is the anchor's name stays itself; the anchor takes another name."""
    text = (
        MINI_TEXT.replace(
            "relationships:\n",
            "relationships:\n  - {id: ana-keepers, between: [ana, tomas], kind: member, at: 2, label: apprentice, "
            "sources: [guide-2]}\n",
        )
        .replace("id: inspector\n", "id: 'tomas#faction'\n")
        .replace("[inspector,", "['tomas#faction',")
    )
    (tmp_path / "pack.yaml").write_text(text, encoding="utf-8")
    result = invoke("map", "--upto", "4", "--pack", str(tmp_path), "--format", "dot")
    assert result.exit_code == 0, result.stderr
    assert '"tomas#faction#" [shape=point, style=invis' in result.stdout
    assert '"tomas#faction" [label="Inspector Vidal"];' in result.stdout
    assert (
        '"tomas#faction" -> "tomas#faction#" [label="looks into the fall of", lhead="cluster_tomas"]' in result.stdout
    )


@unless_in_ci(shutil.which("dot") is None, "Graphviz is not installed")
def test_svg_draws_a_faction_edge_from_the_box(invoke: Invoke) -> None:
    """In the drawing, the faction's edges are Graphviz edges of its hidden anchor, clipped at the box."""
    svg = invoke("map", "--upto", "4", "--format", "svg").stdout
    assert "<title>north&#45;division#faction&#45;&gt;mostros</title>" in svg
    assert "<title>juan&#45;&gt;north&#45;division#faction</title>" in svg
    assert "calancho&#45;&gt;mostros" not in svg


def test_a_label_does_not_repeat_its_own_end(invoke: Invoke) -> None:
    """A character named after the sentence's subject is said with a possessive, in English and in Spanish."""
    english = invoke("map", "--upto", "2", "--format", "plain").stdout
    assert "Calancho phones a warning to their family" in english and "Calancho's family" not in english
    spanish = invoke("map", "--upto", "2", "--format", "plain", "--lang", "es").stdout
    assert "Calancho llama por teléfono para advertir a su familia" in spanish
    assert "advertir a la familia de Calancho" not in spanish
    # The drawing keeps the node's own name: its edge label never held the repeated end.
    assert (
        '"calancho" -> "calancho-family" [label="phones a warning to"]'
        in invoke("map", "--upto", "2", "--format", "dot").stdout
    )


def test_the_page_shows_its_title_once(mini: Invoke) -> None:
    """The heading is the title; the drawing inside the page carries none of its own."""
    page = mini("map", "--upto", "4", "--format", "html").stdout
    assert page.count("who is who up to episode 4</h1>") == 1
    if shutil.which("dot"):
        drawing = page[page.index("<svg") : page.index("</svg>")]
        assert "who is who" not in drawing.replace(drawing[: drawing.index(">")], "")
    assert "who is who up to episode 4" in mini("map", "--upto", "4", "--format", "dot").stdout


# Injected into a copy of the page (which has no script of its own): scrolls the drawing to its far end
# and writes where the caption then stands.
MEASURE = """<script>
const box = document.querySelector("figure .drawing") || document.querySelector("figure");
box.scrollLeft = box.scrollWidth;
const caption = document.querySelector("figcaption").getBoundingClientRect();
const out = document.createElement("pre"); out.id = "layout";
out.textContent = JSON.stringify({left: caption.left, right: caption.right, width: window.innerWidth,
  scrolls: box.scrollWidth > box.clientWidth, page: document.documentElement.scrollWidth});
document.body.append(out);
</script></body>"""


@unless_in_ci(CHROMIUM is None or shutil.which("dot") is None, "no Chromium or no Graphviz for the browser test")
def test_the_caption_stays_with_the_drawing_at_phone_width(invoke: Invoke, tmp_path: Path) -> None:
    """At 390 px the wide drawing scrolls in its own box; scrolled to its end, the caption is still in view."""
    assert CHROMIUM is not None
    page = tmp_path / "map.html"
    html = invoke("map", "--upto", "6", "--format", "html").stdout
    page.write_text(html.replace("</body>", MEASURE), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=390,844", f"--user-data-dir={tmp_path}/c"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr
    layout = json.loads(html_lib.unescape(dom.stdout.split('<pre id="layout">')[1].split("</pre>")[0]))
    assert layout["scrolls"], layout  # the drawing is wider than a phone, so the test means something
    assert 0 <= layout["left"] < layout["right"] <= layout["width"], layout
    assert layout["page"] <= layout["width"], layout  # the page itself does not scroll sideways
