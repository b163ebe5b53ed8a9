"""The background topics page and the spoiler scale."""

from __future__ import annotations

from cell211cli.document import Document, upto_data
from cell211cli.errors import BadUsage
from cell211cli.gate import TopicView, View
from cell211cli.i18n import _, ngettext
from cell211cli.pack.positions import spelling_examples, spoken
from cell211cli.pages.common import (
    add_entry,
    entry_data,
    finish,
    not_found,
)
from cell211cli.text import fold


def find_topic(view: View, query: str) -> TopicView | None:
    """The topic whose id or title matches, as characters are matched: exactly, else the only one whose id
    or title starts with ``query``, else the only one containing it (``true`` finds true-story). A hyphen
    stands for a space, so ``historia-real`` finds "La historia real"."""

    def words(text: str) -> str:
        return " ".join(fold(text).replace("-", " ").split())

    wanted = words(query)
    if not wanted:
        return None
    names = [(topic, (words(topic.id), words(topic.title))) for topic in view.topics]
    for matches in (
        lambda name: name == wanted,
        lambda name: name.startswith(wanted),
        lambda name: wanted in name,
    ):
        found = [topic for topic, pair in names if any(matches(name) for name in pair)]
        if len(found) == 1:
            return found[0]
        if found:
            ids = ", ".join(topic.id for topic in found)
            message = _("{query} matches several topics ({ids}); give more of the name")
            raise BadUsage(message.format(query=repr(query), ids=ids))
    return None


def facts_page(view: View, query: str | None = None) -> Document:
    """The topics (without ``query``), or one topic's facts up to the position."""
    if query is None:
        document = Document.for_view(
            view,
            title=_("{show}: background topics up to {position}").format(
                show=view.show.title, position=view.scale.phrase(view.position)
            ),
            data={
                "upto": upto_data(view),
                "topics": [{"id": t.id, "title": t.title, "fact_count": len(t.facts)} for t in view.topics],
            },
        )
        for topic in view.topics:
            count = len(topic.facts)
            line = ngettext("{id}: {title} ({count} fact)", "{id}: {title} ({count} facts)", count)
            document.add("item", line.format(id=topic.id, title=topic.title, count=count))
        # TRANSLATORS: TOPIC stands for a topic id the user types; "cell211 facts" is the command.
        document.hints.append(_("Show one with: cell211 facts TOPIC"))
        return finish(document, view)
    found = find_topic(view, query)
    if found is None:
        document = Document.for_view(view, title=view.show.title, data={"upto": upto_data(view), "topic": None})
        document.missing = not_found(
            _("no topic matches {query} at {position}"),
            _("no topic matches {query} at {position}; did you mean {suggestions}?"),
            query,
            view,
            [t.id for t in view.topics],
        )
        return finish(document, view)
    topic = found
    document = Document.for_view(
        view,
        title=_("{show}: {topic} (up to {position})").format(
            show=view.show.title, topic=topic.title, position=view.scale.phrase(view.position)
        ),
        data={
            "upto": upto_data(view),
            "topic": {"id": topic.id, "title": topic.title, "facts": [entry_data(f) for f in topic.facts]},
        },
    )
    for fact in topic.facts:
        add_entry(document, fact.text, fact)
    return finish(document, view)


def levels_page(view: View) -> Document:
    """The spoiler scale: every position, accepted spellings, titles only up to the view's position."""
    episodes = {e.position: e for e in view.episodes}
    titles = {e.position: e.title for e in view.episodes}
    positions = []
    document = Document.for_view(view, title=_("{show}: spoiler positions").format(show=view.show.title), data={})
    # TRANSLATORS: in the list of positions, points at the viewer's position.
    here = "  " + _("<- you are here")
    # TRANSLATORS: in the list of positions, beside an episode after the viewer's, whose title is not shown.
    title_hidden = " " + _("(title hidden)")
    for position in view.scale.positions:
        revealed = position <= view.position
        title = titles.get(position) if revealed else None
        label = view.label(position)
        marker = here if position == view.position else ""
        shown_title = f": {title}" if title else ("" if revealed or position.is_premise else title_hidden)
        document.add("item", f"{position.id:<8} {label}{shown_title}{marker}")
        episode = episodes.get(position) if revealed else None
        positions.append(
            {
                "id": position.id,
                "label": label,
                "title": title,
                "titles": episode.titles if episode else {},
                "runtime": episode.runtime if episode else None,
            }
        )
    depths = {name: target.id for name, target in view.depths.items()}
    # TRANSLATORS: a heading: names a pack gives to positions (such as "ending"), to use with --upto.
    document.add("subheading", _("Named depths"))
    for name, target in view.depths.items():
        if fold(spoken(name)) != fold(view.label(target)):  # not "premise = Premise"
            document.add("item", f"{spoken(name)} = {view.label(target)}")
    # TRANSLATORS: a heading: the ways of writing a position on the command line.
    document.add("subheading", _("Spellings"))
    # TRANSLATORS: {spellings} lists examples such as premise, 3, e3, S01E03, to be kept as they are.
    accepts = _("--upto accepts any of: {spellings}, or a named depth.")
    document.add("text", accepts.format(spellings=", ".join(spelling_examples())))
    document.data = {"upto": upto_data(view), "positions": positions, "depths": depths}
    return finish(document, view)
