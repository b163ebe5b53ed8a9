"""A format-neutral document: what a command shows, before any renderer decides how.

Commands build a ``Document`` from a View only; each renderer turns it into rich, plain or Markdown
text, and the JSON renderer prints its ``data``.
"""

from collections.abc import Callable
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
    """The numbers of the sources this block cites (see ``Document.sources``)."""

    @property
    def text(self) -> str:
        return self.spans[0].text if len(self.spans) == 1 else "".join([span.text for span in self.spans])


class NumberedSource(NamedTuple):
    number: int
    source: SourceView


@dataclass(eq=False, repr=False)
class Document:
    """Blocks to show, hints for stderr, the sources cited, and the JSON form of the same content.

    A source's number is its place among the sources visible at the position (``View.sources``), so the same
    source has the same number in every command at that position."""

    title: str
    data: dict[str, Any]
    numbering: dict[str, int]
    blocks: list[Block] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    sources: list[NumberedSource] = field(default_factory=list)
    language: str = "en"
    position_phrase: str = ""
    """Where the view stops, as it reads inside a sentence (``episode 3``)."""
    graph: bool = False
    """True for the map, which the HTML format also draws (when Graphviz is installed)."""
    missing: str | None = None
    """Set when nothing matched the query: the message for stderr (exit 1); JSON still prints ``data``."""
    deferred: list[tuple[dict[str, Any], str, Callable[[], Any]]] = field(default_factory=list)
    """Parts of ``data`` built only for JSON (see ``later``)."""
    refs: dict[tuple[str, ...], tuple[int, ...]] = field(default_factory=dict)
    """The numbers ``add`` gave each list of cited ids."""

    @classmethod
    def for_view(cls, view: View, title: str, data: dict[str, Any]) -> "Document":
        numbering = {source_id: n for n, source_id in enumerate(view.sources, 1)}
        from cell211cli.i18n import tidy

        return cls(
            tidy(title), data, numbering, language=view.show.language, position_phrase=view.scale.phrase(view.position)
        )

    def add(self, kind: BlockKind, text: str | tuple[Span, ...], cites: tuple[str, ...] = ()) -> None:
        spans = (Span(text),) if isinstance(text, str) else text
        if (refs := self.refs.get(cites)) is None:  # the gate gives each list of citations once
            refs = self.refs[cites] = tuple([self.numbering[source_id] for source_id in cites])
        self.blocks.append(Block(kind, spans, refs))

    def later(self, holder: dict[str, Any], key: str, build: Callable[[], Any]) -> None:
        """Set ``holder[key]``, a part of ``data``, to ``build()`` only when a JSON answer prints it (see
        ``json_data``): a long recap's items as JSON took a third of a plain page's time, for nothing."""
        self.deferred.append((holder, key, build))

    def json_data(self) -> dict[str, Any]:
        """``data`` with every part left for later built in place."""
        for holder, key, build in self.deferred:
            holder[key] = build()
        self.deferred = []
        return self.data

    def attach_sources(self, view: View) -> None:
        """List every source cited, in number order."""
        cited = sorted({number for block in self.blocks for number in block.refs})
        by_number = {number: source_id for source_id, number in self.numbering.items()}
        self.sources = [NumberedSource(number, view.sources[by_number[number]]) for number in cited]

    def without_sources(self) -> None:
        """Drop citations and the source list (``--no-sources``)."""
        self.blocks = [block._replace(refs=()) for block in self.blocks]
        self.sources = []
        if "sources" in self.data:
            self.data["sources"] = []


def upto_data(view: View) -> dict[str, str]:
    """The resolved position, as every JSON answer starts."""
    return {"id": view.position.id, "label": view.position_label}
