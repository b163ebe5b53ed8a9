"""The recap page: the story up to the view's position, grouped by episode."""

from __future__ import annotations

from cell211cli.document import Document, upto_data
from cell211cli.errors import BadUsage
from cell211cli.gate import View
from cell211cli.i18n import _
from cell211cli.pack.positions import Position
from cell211cli.pages.common import add_episode, finish, recap_by_episode


def recap_page(
    view: View, after: Position | None = None, episode: Position | None = None, brief: bool = False
) -> Document:
    """The story up to the view's position, grouped by episode; optionally one episode or a range."""
    phrase = view.scale.phrase
    if episode is not None and after is not None:
        raise BadUsage(_("--episode shows one episode and --from a range: give one of them"))
    if episode is not None and episode > view.position:
        # TRANSLATORS: {episode} and {position} are positions in a sentence ("episode 3", in Spanish "el episodio 3");
        # {id} is a position id (S01E04).
        message = _("{episode} is after your position ({position}); add --upto {id} to look ahead on purpose")
        raise BadUsage(message.format(episode=phrase(episode), position=phrase(view.position), id=episode.id))
    if after is not None and after >= view.position:
        raise BadUsage(_("--from must be before your position ({position})").format(position=phrase(view.position)))
    sections = [
        e for e in view.episodes if (episode is None or e.position == episode) and (after is None or e.position > after)
    ]
    document = Document.for_view(
        view,
        # TRANSLATORS: a page title; {position} is a position in a sentence such as "episode 3" or "the premise".
        title=_("{show}: recap up to {position}").format(show=view.show.title, position=phrase(view.position))
        if episode is None
        # TRANSLATORS: a page title for one episode; {position} is a position in a sentence such as "episode 2".
        else _("{show}: recap of {position}").format(show=view.show.title, position=phrase(episode)),
        data={"upto": upto_data(view), "show": view.show.title, "brief": brief, "episodes": []},
    )
    items_by_episode = recap_by_episode(view)
    for section in sections:
        add_episode(document, section, items_by_episode.get(section.position, []), not brief)
    return finish(document, view)
