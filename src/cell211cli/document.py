"""A format-neutral document: what a command shows, before any renderer decides how.

Commands build a ``Document`` from a View only; each renderer turns it into rich, plain or Markdown
text, and the JSON renderer prints its ``data``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from cell211cli.gate import SourceView, View

BlockKind = Literal["heading", "subheading", "item", "text", "note"]


class Span(NamedTuple):
    """A run of text; ``match`` marks a search hit."""

    text: str
    match: bool = False


class Block(NamedTuple):
    kind: BlockKind
    spans: tuple[Span, ...]
    refs: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(eq=False, repr=False)
class Document:
    """Blocks to show, hints for stderr, numbered sources, and the JSON form of the same content."""

    title: str
    data: dict[str, Any]
    blocks: list[Block] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    sources: list[SourceView] = field(default_factory=list)
    _numbers: dict[str, int] = field(default_factory=dict)

    def add(self, kind: BlockKind, text: str | tuple[Span, ...], cites: tuple[str, ...] = ()) -> None:
        spans = (Span(text),) if isinstance(text, str) else text
        self.blocks.append(Block(kind, spans, self.cite(cites)))

    def cite(self, source_ids: tuple[str, ...]) -> tuple[int, ...]:
        """Number each source the first time it is cited; return the numbers for these ids."""
        return tuple(self._number(source_id) for source_id in source_ids)

    def _number(self, source_id: str) -> int:
        if source_id not in self._numbers:
            self._numbers[source_id] = len(self._numbers) + 1
        return self._numbers[source_id]

    def attach_sources(self, view: View) -> None:
        self.sources = [view.sources[source_id] for source_id in self._numbers if source_id in view.sources]


def upto_data(view: View) -> dict[str, str]:
    """The resolved position, as every JSON answer starts."""
    return {"id": view.position.id, "label": view.position_label}
