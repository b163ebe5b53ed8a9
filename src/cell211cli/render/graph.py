"""The map as a graph: Graphviz DOT, Mermaid, and SVG through Graphviz's ``dot`` when it is installed.

Built from a map Document's ``data`` only (nodes, groups and relationships already gated), so nothing here
can add what the position does not reveal. Every label is escaped for its language.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any, TextIO

from cell211cli.document import Document
from cell211cli.errors import BadUsage
from cell211cli.i18n import _
from cell211cli.render.formats import Terminal

DOT_TIMEOUT_SECONDS = 30


def _dot_string(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, no line breaks."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _anchors(data: dict[str, Any]) -> dict[str, str]:
    """For each faction, the id of an invisible node inside its box: its edges start or end there (clipped
    at the box by ltail/lhead), so no member's node stands for the faction. Never a pack id."""
    taken = {node["id"] for node in data["nodes"]}
    anchors = {}
    for group in data["groups"]:
        anchor = group["id"] + "#faction"
        while anchor in taken:
            anchor += "#"
        taken.add(anchor)
        anchors[group["id"]] = anchor
    return anchors


def to_dot(document: Document, *, titled: bool = True) -> str:
    """The map in DOT; ``titled=False`` leaves the title out (a page that shows it as its heading)."""
    data = document.data
    names = {node["id"]: node["name"] for node in data["nodes"]}
    members = {member for group in data["groups"] for member in group["members"]}
    anchors = _anchors(data)
    lines = [
        f"digraph {_dot_string('cell211')} {{",
        *([f"  label={_dot_string(document.title)};"] if titled else []),
        '  graph [rankdir=TB, compound=true, fontname="sans-serif"];',
        '  node [shape=box, style=rounded, fontname="sans-serif"];',
        '  edge [fontname="sans-serif", fontsize=10];',
    ]
    for group in data["groups"]:
        lines.append(f"  subgraph {_dot_string('cluster_' + group['id'])} {{")
        lines.append(f"    label={_dot_string(group['name'])};")
        lines.append(f'    {_dot_string(anchors[group["id"]])} [shape=point, style=invis, width=0, label=""];')
        lines += [f"    {_dot_string(member)} [label={_dot_string(names[member])}];" for member in group["members"]]
        lines.append("  }")
    for node in data["nodes"]:
        if node["id"] not in members and node["id"] not in anchors:
            lines.append(f"  {_dot_string(node['id'])} [label={_dot_string(node['name'])}];")
    for link in data["relationships"]:
        if link["kind"] != "member":
            attributes = [f"label={_dot_string(link['label'])}"]
            ends = []
            for end, side in ((link["from"], "ltail"), (link["to"], "lhead")):
                if end in anchors:
                    attributes.append(f"{side}={_dot_string('cluster_' + end)}")
                    end = anchors[end]
                ends.append(_dot_string(end))
            lines.append(f"  {ends[0]} -> {ends[1]} [{', '.join(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_id(identifier: str) -> str:
    """A Mermaid node id for a pack id, one per id: letters and digits kept, anything else written as
    ``_<hex>_`` (``mar-ta`` and ``mar_ta`` stay two nodes)."""
    return "n_" + re.sub(r"[^A-Za-z0-9]", lambda match: f"_{ord(match[0]):x}_", identifier)


def _mermaid_text(text: str) -> str:
    """Mermaid label text inside double quotes: quotes and markup characters as entity codes."""
    return re.sub(r'["<>#&]', lambda m: f"#{ord(m[0])};", text.replace("\n", " "))


def to_mermaid(document: Document) -> str:
    data = document.data
    names = {node["id"]: node["name"] for node in data["nodes"]}
    members = {member for group in data["groups"] for member in group["members"]}
    grouped = {group["id"] for group in data["groups"]}
    lines = ["flowchart TB"]
    for group in data["groups"]:
        lines.append(f'  subgraph {_mermaid_id("group_" + group["id"])}["{_mermaid_text(group["name"])}"]')
        lines += [f'    {_mermaid_id(m)}["{_mermaid_text(names[m])}"]' for m in group["members"]]
        lines.append("  end")
    for person in data["nodes"]:
        if person["id"] not in members and person["id"] not in grouped:
            lines.append(f'  {_mermaid_id(person["id"])}["{_mermaid_text(person["name"])}"]')

    def node(identifier: str) -> str:  # a faction is its subgraph
        return _mermaid_id("group_" + identifier) if identifier in grouped else _mermaid_id(identifier)

    for link in data["relationships"]:
        if link["kind"] != "member":
            label = _mermaid_text(link["label"])
            lines.append(f'  {node(link["from"])} -->|"{label}"| {node(link["to"])}')
    return "\n".join(lines) + "\n"


def graphviz_available() -> bool:
    return shutil.which("dot") is not None


def to_svg(document: Document, *, titled: bool = True) -> str:
    """The map drawn by Graphviz, as an SVG document (``titled=False``: without the title, see to_dot)."""
    if not graphviz_available():
        # TRANSLATORS: `dot`, "apt install graphviz" and the --format options are typed as they are.
        message = _(
            "drawing SVG needs Graphviz's `dot`, which is not installed (Debian: apt install graphviz); "
            "--format dot or --format mermaid give the graph to draw elsewhere"
        )
        raise BadUsage(message)
    try:
        drawn = subprocess.run(
            ["dot", "-Tsvg"],
            input=to_dot(document, titled=titled),
            capture_output=True,
            text=True,
            timeout=DOT_TIMEOUT_SECONDS,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BadUsage(_("Graphviz could not draw the map ({error})").format(error=error)) from None
    if drawn.returncode != 0:
        message = _("Graphviz could not draw the map ({error})")
        raise BadUsage(message.format(error=drawn.stderr.strip().splitlines()[-1:]))
    return drawn.stdout


def render_dot(document: Document, out: TextIO, terminal: Terminal) -> None:
    out.write(to_dot(document))


def render_mermaid(document: Document, out: TextIO, terminal: Terminal) -> None:
    out.write(to_mermaid(document))


def render_svg(document: Document, out: TextIO, terminal: Terminal) -> None:
    out.write(to_svg(document))
