"""One self-contained HTML page: no script, no network, styles inline; only what the Document holds.

Meant to be sent to a friend who has watched as far: it states the position it stops at, reads on a phone
(viewport, fluid width), and is accessible (language, landmarks, headings in order, a text list beside any
drawing, contrast above 7:1). Every piece of text is escaped; links are made only of http, https and mailto
addresses.
"""

from __future__ import annotations

import html
import re
from typing import TextIO

from cell211cli.document import Block, Document
from cell211cli.i18n import _, tidy
from cell211cli.render.formats import Terminal, safe_url

STYLE = """
:root { color: #1b1b1b; background: #ffffff; font: 1.05rem/1.55 system-ui, sans-serif; }
body { margin: 0 auto; max-width: 46rem; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 0.5rem; border-bottom: 1px solid #c8c8c8; padding-bottom: 0.2rem; }
p.position { color: #3d3d3d; margin-top: 0; }
p.note { color: #3d3d3d; font-style: italic; margin: 0.25rem 0 0.75rem 1.5rem; }
ul { padding-left: 1.5rem; } li { margin: 0.35rem 0; }
sup a, a { color: #0b4a8b; } mark { background: #ffe98a; color: inherit; }
figure { margin: 1rem 0; } figure .drawing { overflow-x: auto; } figure svg { height: auto; }
footer { margin-top: 2.5rem; font-size: 0.95rem; } footer li { overflow-wrap: anywhere; }
"""


def _refs(block: Block) -> str:
    links = ",".join(f'<a href="#source-{n}">{n}</a>' for n in block.refs)
    return f" <sup>[{links}]</sup>" if block.refs else ""


def _text(block: Block) -> str:
    return "".join(f"<mark>{html.escape(s.text)}</mark>" if s.match else html.escape(s.text) for s in block.spans)


def _figure(document: Document) -> list[str]:
    """The map drawn as inline SVG, when Graphviz is installed; the list below says the same in text.

    Untitled (the page's heading is the title); a wide drawing scrolls inside its own box, so the caption
    stays in view below it on a phone.
    """
    from cell211cli.render.graph import graphviz_available, to_svg

    if not document.graph or not document.data.get("relationships") or not graphviz_available():
        return []
    svg = to_svg(document, titled=False)
    svg = svg[svg.find("<svg") :]  # drop the XML prolog and doctype
    # TRANSLATORS: the accessible name of the drawing of the map; {title} is the page's title.
    label = html.escape(_("Map of who is who: {title}").format(title=document.title), quote=True)
    svg = re.sub(r"<svg\b", f'<svg role="img" aria-label="{label}"', svg, count=1)
    # TRANSLATORS: the caption of the drawing of the map, which a list of the relationships follows.
    caption = html.escape(_("The same relationships are listed below."))
    drawing = f'<div class="drawing" tabindex="0">{svg}</div>'
    return [f"<figure>{drawing}<figcaption>{caption}</figcaption></figure>"]


def render(document: Document, out: TextIO, terminal: Terminal) -> None:
    title = html.escape(document.title)
    upto = document.data.get("upto")
    # TRANSLATORS: below the title of a shared page; {position} is a lowercased label such as "episode 3".
    position = (
        tidy(_("Nothing past {position} is shown here.").format(position=document.position_phrase)) if upto else ""
    )
    body: list[str] = [*_figure(document)]
    in_list = in_section = False
    for block in document.blocks:
        if block.kind != "item" and in_list:
            body.append("</ul>")
            in_list = False
        if block.kind in ("heading", "subheading"):
            if in_section:
                body.append("</section>")
            body.append(f"<section><h2>{_text(block)}</h2>")
            in_section = True
        elif block.kind == "item":
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{_text(block)}{_refs(block)}</li>")
        else:
            css = ' class="note"' if block.kind == "note" else ""
            body.append(f"<p{css}>{_text(block)}{_refs(block)}</p>")
    if in_list:
        body.append("</ul>")
    if in_section:
        body.append("</section>")
    sources = []
    for number, source in document.sources:
        name = html.escape(source.title)
        if source.url and safe_url(source.url):
            address = html.escape(source.url, quote=True)
            name = f'<a href="{address}" rel="noopener noreferrer">{name}</a>'
        elif source.url:
            name += f" ({html.escape(source.url)})"
        sources.append(f'<li id="source-{number}">[{number}] {name}</li>')
    # TRANSLATORS: the heading of the list of sources cited, below a page.
    heading = html.escape(_("Sources"))
    footer = [f'<section aria-labelledby="sources"><h2 id="sources">{heading}</h2><ul>', *sources, "</ul></section>"]
    made_with = _("Made with cell211, a spoiler-aware companion.")
    page = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(document.language, quote=True)}">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{STYLE}</style></head>",
        f'<body><header><h1>{title}</h1><p class="position">{html.escape(position)}</p></header>',
        "<main>",
        *body,
        "</main>",
        "<footer>",
        *(footer if sources else []),
        f"<p>{html.escape(made_with)}</p></footer>",
        "</body></html>",
    ]
    out.write("\n".join(page) + "\n")
