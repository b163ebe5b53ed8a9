"""Renderers: ``Document`` → text on a stream, one module per ``--format``; ``registry.renderer_for``
picks one, ``formats`` names the formats and what a terminal can do.

Only ``render.rich`` imports rich, and only when that format is chosen.
"""
