"""The renderer for each format, importing only the module that format needs."""

from __future__ import annotations

from cell211cli.render.formats import Renderer


def renderer_for(output_format: str) -> Renderer:
    """The render function for one format (an ``OutputFormat`` or ``MapFormat``), importing only its module."""
    if output_format == "rich":
        from cell211cli.render.rich import render
    elif output_format == "markdown":
        from cell211cli.render.markdown import render
    elif output_format == "json":
        from cell211cli.render.json import render
    elif output_format == "html":
        from cell211cli.render.html import render
    elif output_format in ("dot", "mermaid", "svg"):
        from cell211cli.render import graph

        return {"dot": graph.render_dot, "mermaid": graph.render_mermaid, "svg": graph.render_svg}[output_format]
    else:
        from cell211cli.render.plain import render
    return render
