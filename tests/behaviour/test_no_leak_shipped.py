"""No spoiler on the shipped packs: every reading command, at every position of every shipped pack, in both
languages, prints no text that the pack reveals only later.

The properties of test_no_leak.py run on generated packs, whose every text is a marker; this runs the same
doors on the real packs (their names, sentences, labels, source titles and addresses), where a leak would
reach a viewer. A later text counts as hidden when no text revealed by the position holds it (a name said
earlier in other words is not a leak), and when it is long enough to be told apart from the tool's own
words (four characters or more).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cell211cli.gate import reveal
from cell211cli.pack.discovery import shipped_packs_dir
from cell211cli.pack.loader import load_pack
from cell211cli.pack.model import LoadedPack
from cell211cli.pack.translation import slots
from tests.helpers import Invoke

SHIPPED = sorted(path for path in shipped_packs_dir().iterdir() if (path / "pack.yaml").exists())
LANGUAGES = ("en", "es")


def _texts(loaded: LoadedPack) -> Iterator[tuple[str, int]]:
    """Every string of the pack a command could print, with the position that reveals it."""
    pack, scale = loaded.pack, loaded.scale
    for slot in slots(pack, scale):
        yield slot.text, slot.at
    for season in pack.show.seasons:
        for episode in season.episodes:
            at = scale.by_season_episode[(season.number, episode.number)].ordinal
            for title in (episode.title, *episode.titles.values()):
                if title:
                    yield title, at
    for source in pack.sources:
        for text in (source.title, source.url, source.publisher):
            if text:
                yield text, source.at
    for character in pack.characters:
        if character.actor:
            yield character.actor, character.at
    for name, at in scale.depth_reveals.items():
        yield name, at


def _flat(text: str) -> str:
    """Wrapped lines joined again: a sentence split over two lines is still found."""
    return " ".join(text.split())


def _hidden(packs: list[LoadedPack], upto: int) -> list[str]:
    """The later texts of the pack in either language that no text revealed by ``upto`` holds."""
    texts = [(_flat(text), at) for loaded in packs for text, at in _texts(loaded)]
    shown = [text for text, at in texts if at <= upto]
    later = {text for text, at in texts if at > upto and len(text) >= 4}
    return sorted(text for text in later if not any(text in earlier for earlier in shown))


def _commands(loaded: LoadedPack, upto: int) -> Iterator[list[str]]:
    """Every reading command, as a viewer at ``upto`` could type it."""
    view = reveal(loaded, loaded.scale.positions[upto])
    for output_format in ("plain", "json"):
        yield ["recap", "--format", output_format]
        yield ["characters", "--format", output_format]
        yield ["facts", "--format", output_format]
        yield ["map", "--format", output_format]
        yield ["levels", "--format", output_format]
    yield ["recap", "--brief", "--format", "plain"]
    yield ["map", "--format", "dot"]
    yield ["map", "--format", "mermaid"]
    for topic in view.topics:
        yield ["facts", topic.id, "--format", "plain"]
    for character in view.characters:
        yield ["characters", character.id, "--format", "plain"]
    for term in ("the", "el", "a"):
        yield ["search", term, "--format", "plain"]


@pytest.fixture(scope="module", params=SHIPPED, ids=[path.name for path in SHIPPED])
def shipped(request: pytest.FixtureRequest) -> tuple[Path, list[LoadedPack]]:
    """A shipped pack's folder, loaded in English and in Spanish."""
    path: Path = request.param
    return path, [load_pack(path, language) for language in LANGUAGES]


def test_both_shipped_packs_are_checked() -> None:
    """The check below runs on every shipped pack: Prison Cell 211 and Griselda at least."""
    assert {"cell211", "griselda"} <= {path.name for path in SHIPPED}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_command_prints_a_later_text_at_any_position(
    shipped: tuple[Path, list[LoadedPack]], language: str, invoke: Invoke
) -> None:
    """At the premise and after each episode, every command (text and JSON) shows nothing revealed later."""
    path, packs = shipped
    english = packs[0]
    for upto in range(english.scale.last.ordinal):  # at the ending nothing is later
        hidden = _hidden(packs, upto)
        assert hidden, f"{path.name}: nothing is revealed after position {upto}?"
        spelling = english.scale.positions[upto].id
        for command in _commands(english, upto):
            result = invoke(*command, "--upto", spelling, "--pack", str(path), "--lang", language)
            assert result.exit_code in (0, 1), (command, result.stderr)
            out = result.stdout
            if "json" in command:
                out = json.dumps(json.loads(out), ensure_ascii=False)
            printed = _flat(out + "\n" + result.stderr)
            leaked = [text for text in hidden if text in printed]
            assert leaked == [], f"{path.name} at {spelling} ({language}): {command} prints {leaked[:3]}"
