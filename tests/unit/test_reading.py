"""The reading commands let their session and its View go before the page is shown (rendering reuses
their memory)."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from cell211cli.document import Document
from cell211cli.gate import View
from cell211cli.render import registry
from cell211cli.viewer.session import Session
from tests.helpers import Invoke


@pytest.mark.parametrize(
    "line",
    [
        ("recap", "--upto", "ending"),
        ("recap", "--before", "2"),
        ("recap", "--upto", "2", "--from", "1"),
        ("characters", "--upto", "ending"),
        ("characters", "--before", "2"),
        ("characters", "ana", "--upto", "ending"),
        ("facts", "--upto", "ending"),
        ("search", "keeper", "--upto", "ending"),
        ("levels", "--upto", "ending"),
        ("map", "--upto", "ending", "--format", "mermaid"),
    ],
)
def test_the_page_is_rendered_with_no_session_or_view_alive(
    mini: Invoke, monkeypatch: pytest.MonkeyPatch, line: tuple[str, ...]
) -> None:
    alive: list[int] = []
    renderer_for = registry.renderer_for

    def counting(output_format: str) -> Any:
        render = renderer_for(output_format)

        def counted(document: Document, *rest: Any) -> None:
            alive.append(sum(isinstance(thing, Session | View) for thing in gc.get_objects()))
            render(document, *rest)

        return counted

    monkeypatch.setattr(registry, "renderer_for", counting)
    result = mini(*line, "--yes")
    assert result.exit_code == 0, result.output
    assert alive == [0]
