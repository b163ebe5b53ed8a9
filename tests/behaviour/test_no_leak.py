"""No spoiler through any door, as properties over generated packs (hypothesis).

Every piece of text in a generated pack is a unique marker token with a known reveal position. For a
random position and each command in each format:

- no marker revealed after the position appears on stdout or stderr;
- every marker the command should show at that position does appear (no over-hiding);
- the output is byte-for-byte what the same command prints for the *truncated* pack, the same show with
  everything after the position deleted. A hidden name, topic or search term therefore gets exactly the
  answer a name that never existed gets, whatever the command.

Half the examples run in Spanish (``--lang es``) on a pack with a Spanish translation whose every text is a
marker of its own (``es0012q`` for ``mk0012q``), some left untranslated and some stale: the same three
properties hold for the translated text, the English fallbacks and the Spanish messages.

Profiles (tests/conftest.py): ``ci`` (default, derandomised) and ``deep`` for long local runs:
``HYPOTHESIS_PROFILE=deep pytest tests/test_no_leak.py``.
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from cell211cli.cli.full_app import app
from cell211cli.pack import store
from cell211cli.pack.loader import load_pack
from cell211cli.pack.translation import digest, slots

FORMATS = ("rich", "plain", "markdown", "json", "html")
ENV = {"COLUMNS": "100", "FORCE_COLOR": "1"}


@dataclass
class Marker:
    text: str
    at: int


@dataclass
class Generated:
    """A pack as data, every marker with its reveal ordinal, and the number of episodes."""

    data: dict[str, Any]
    markers: list[Marker] = field(default_factory=list)
    episodes: int = 0
    language: str = "en"
    """The language the commands run in; for ``es`` the pack has a translation (see ``translation``)."""
    untranslated: set[str] = field(default_factory=set)
    stale: set[str] = field(default_factory=set)
    """Markers whose translation is missing, or translates an older text: shown in English."""

    def translation(self, pack_file: Path) -> dict[str, Any]:
        """The Spanish translation of the pack in ``pack_file``, keyed as the tool keys it."""
        loaded = load_pack(pack_file)
        texts = {}
        for slot in slots(loaded.pack, loaded.scale):
            if slot.text in self.untranslated:
                continue
            of = "0000000000" if slot.text in self.stale else digest(slot.text)
            texts[slot.key] = {"of": of, "text": spanish(slot.text)}
        return {"format": 1, "language": "es", "texts": texts}

    def shown_as(self, marker: str, translatable: set[str]) -> str:
        """What the viewer sees of a marker in this run's language."""
        if self.language == "es" and marker in translatable and marker not in self.untranslated | self.stale:
            return spanish(marker)
        return marker

    def truncated(self, upto: int) -> dict[str, Any]:
        """The same show with everything revealed after ``upto`` removed (the scale is kept)."""
        data = copy.deepcopy(self.data)
        ordinal = 0
        for season in data["show"]["seasons"]:
            for episode in season["episodes"]:
                ordinal += 1
                if ordinal > upto:
                    episode.pop("title", None)
                    episode.pop("summary", None)
                    episode.pop("sources", None)

        def keep(item: dict[str, Any]) -> bool:
            return item["at"] <= upto

        data["recap"] = [r for r in data["recap"] if keep(r)]
        data["characters"] = [c for c in data["characters"] if keep(c)]
        for character in data["characters"]:
            character["aliases"] = [a for a in character["aliases"] if keep(a)]
            character["facts"] = [f for f in character["facts"] if keep(f)]
        data["topics"] = [t for t in data["topics"] if keep(t)]
        for topic in data["topics"]:
            topic["facts"] = [f for f in topic["facts"] if keep(f)]
        data["relationships"] = [r for r in data["relationships"] if keep(r)]
        for link in data["relationships"]:
            link["changes"] = [c for c in link["changes"] if keep(c)]
        revealed = {s["id"] for s in data["sources"] if s["at"] <= upto}
        for item in _cited_items(data):
            item["sources"] = list(dict.fromkeys(s if s in revealed else LATER["id"] for s in item["sources"]))
        cited = {PREMISE_SOURCE["id"]} | {s for item in _cited_items(data) for s in item["sources"]}
        data["sources"] = [s for s in data["sources"] if s["id"] in cited and s["id"] in revealed]
        if LATER["id"] in cited:
            data["sources"].append({**LATER, "at": self.episodes})
        depths = data["show"]["depths"]
        data["show"]["depths"] = {
            name: value for name, value in depths.items() if not isinstance(value, dict) or value["at"] <= upto
        }
        return data

    def hidden(self, upto: int) -> list[str]:
        return [text for m in self.markers if m.at > upto for text in (m.text, spanish(m.text))]


def spanish(marker: str) -> str:
    """The Spanish marker of an English one: ``mk0012q`` → ``es0012q``."""
    return "es" + marker[2:]


PREMISE_SOURCE = {"id": "ep", "title": "Episode guide", "at": 0}
"""Shown from the premise, so that every truncation still defines a source; only premise texts cite it."""

LATER = {"id": "placeholder-later", "title": "Placeholder"}
"""In the truncated pack, every citation of a source revealed after the position cites this instead."""


def _cited_items(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from (e for season in data["show"]["seasons"] for e in season["episodes"] if "sources" in e)
    yield from data["recap"]
    for character in data["characters"]:
        yield character
        yield from character["aliases"]
        yield from character["facts"]
    for topic in data["topics"]:
        yield from topic["facts"]
    for link in data["relationships"]:
        yield link
        yield from link["changes"]


@st.composite
def packs(draw: st.DrawFn) -> Generated:
    """A valid pack whose every text is a unique marker. Sources are markers too, some cited by several
    texts; each is revealed no earlier than everything citing it (the rule `validate` enforces), so a text
    often cites a source that is still hidden at its own position."""
    counter = iter(range(10_000))
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    total = sum(sizes)
    generated = Generated(data={}, episodes=total)
    sources: list[dict[str, Any]] = [dict(PREMISE_SOURCE)]
    source_markers: dict[str, list[Marker]] = {PREMISE_SOURCE["id"]: []}
    """The markers of each source's id, title, URL and publisher: revealed with the source."""

    def marker(at: int) -> str:
        text = f"mk{next(counter):04d}q"
        generated.markers.append(Marker(text, at))
        return text

    def new_source(at: int) -> dict[str, Any]:
        """A source shown from ``at`` (raised later to its latest citer)."""
        first = len(generated.markers)
        source_id = marker(at)
        source = {"id": source_id, "title": marker(at), "at": at, "url": f"https://example.org/{marker(at)}"}
        if draw(st.booleans()):
            source["publisher"] = marker(at)
        sources.append(source)
        source_markers[source_id] = generated.markers[first:]
        return source

    def cite(at: int) -> list[str]:
        """One or two sources: a new one shown from the text's position or later, or one already cited
        (maybe by a text shown earlier, so its position is raised to this one's)."""
        cited: list[str] = []
        for _ in range(draw(st.integers(1, 2))):
            choices = [s for s in sources if s["id"] not in cited and (s is not sources[0] or at == 0)]
            if choices and draw(st.integers(0, 2)) == 0:
                source = draw(st.sampled_from(choices))
            else:
                source = new_source(draw(st.sampled_from([at, at, draw(st.integers(at, total))])))
            source["at"] = max(source["at"], at)
            cited.append(source["id"])
        return cited

    def note(at: int) -> dict[str, str]:
        return {"note": marker(at)} if draw(st.booleans()) else {}

    def known_by() -> dict[str, bool]:
        """Sometimes a fact whose episode no source gives: labelled "Known by episode N"."""
        return {"known_by": draw(st.booleans())} if draw(st.booleans()) else {}

    def position(low: int = 0) -> int:
        return draw(st.integers(low, total))

    seasons = []
    ordinal = 0
    for number, size in enumerate(sizes, 1):
        episodes = []
        for episode_number in range(1, size + 1):
            ordinal += 1
            episode: dict[str, Any] = {"number": episode_number, "sources": cite(ordinal)}
            if draw(st.booleans()):
                episode["title"] = marker(ordinal)
            if draw(st.booleans()):
                episode["summary"] = marker(ordinal)
            episodes.append(episode)
        seasons.append({"number": number, "episodes": episodes})

    recap = []
    for _ in range(draw(st.integers(0, 8))):
        at = position()
        recap.append({"id": marker(at), "at": at, "text": marker(at), "sources": cite(at), **note(at)})
    recap.sort(key=lambda item: item["at"])

    characters = []
    for _ in range(draw(st.integers(0, 5))):
        at = position()
        aliases = [
            {"name": marker(a), "at": a, "sources": cite(a), "kind": draw(st.sampled_from(["alias", "spelling"]))}
            for a in draw(st.lists(st.integers(at, total), max_size=2))
        ]
        facts = [
            {"at": f, "text": marker(f), "sources": cite(f), **note(f), **known_by()}
            for f in draw(st.lists(st.integers(at, total), max_size=3))
        ]
        characters.append(
            {
                "id": marker(at),
                "name": marker(at),
                "at": at,
                "role": marker(at),
                "actor": marker(at),
                "sources": cite(at),
                "aliases": aliases,
                "facts": facts,
            }
        )

    relationships = []
    for _ in range(draw(st.integers(0, 3)) if len(characters) >= 2 else 0):
        ends = draw(st.lists(st.sampled_from(characters), min_size=2, max_size=2, unique_by=lambda c: c["id"]))
        at = position(max(end["at"] for end in ends))
        changes = [
            {"at": c, "label": marker(c), "sources": cite(c)}
            for c in sorted(set(draw(st.lists(st.integers(at + 1, total), max_size=2)) if at < total else ()))
        ]
        relationships.append(
            {
                "id": marker(at),
                "between": [end["id"] for end in ends],
                "at": at,
                "label": marker(at),
                "sources": cite(at),
                "kind": draw(st.sampled_from(["relation", "member"])),
                "changes": changes,
            }
        )

    topics = []
    for _ in range(draw(st.integers(0, 3))):
        at = position()
        facts = [
            {"at": f, "text": marker(f), "sources": cite(f), **note(f), **known_by()}
            for f in draw(st.lists(st.integers(at, total), min_size=1, max_size=3))
        ]
        topics.append({"id": marker(at), "title": marker(at), "at": at, "facts": facts})

    depths: dict[str, Any] = {"middle": (total + 1) // 2}
    for _ in range(draw(st.integers(0, 2))):
        target, shown = position(), position()
        depths[marker(shown)] = {"position": target, "at": shown}

    for source in sources:
        for source_marker in source_markers[source["id"]]:
            source_marker.at = source["at"]
        if draw(st.booleans()):  # the episode the page tells of: only ever a warning, never printed
            source["covers"] = draw(st.integers(0, total))

    generated.language = draw(st.sampled_from(["en", "es"]))
    texts = [m.text for m in generated.markers]
    generated.untranslated = set(draw(st.lists(st.sampled_from(texts), max_size=3))) if texts else set()
    generated.stale = set(draw(st.lists(st.sampled_from(texts), max_size=2))) if texts else set()
    generated.data = {
        "format": 1,
        "id": "generated",
        "language": "en",
        "show": {"title": "Generated Show", "depths": depths, "seasons": seasons},
        "sources": sources,
        "recap": recap,
        "characters": characters,
        "topics": topics,
        "relationships": relationships,
    }
    return generated


@st.composite
def cases(draw: st.DrawFn) -> tuple[Generated, int, str]:
    """A pack, a position in it, and a spelling of that position."""
    generated = draw(packs())
    upto = draw(st.integers(0, generated.episodes))
    spelling = draw(st.sampled_from([str(upto), f"e{upto}", f"episode-{upto}"])) if upto else "premise"
    return generated, upto, spelling


def _as_yaml(data: dict[str, Any]) -> str:
    """YAML as an author writes it: position 0 is spelled ``premise``."""

    def spell(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: ("premise" if k in ("at", "position", "covers") and v == 0 else spell(v)) for k, v in node.items()
            }
        if isinstance(node, list):
            return [spell(item) for item in node]
        return node

    return yaml.safe_dump(spell(data), allow_unicode=True, sort_keys=False)


class Pair:
    """The full pack and its truncation, written to a temporary folder."""

    def __init__(self, generated: Generated, upto: int, folder: Path) -> None:
        self.full = folder / "full.yaml"
        self.cut = folder / "cut.yaml"
        self.generated = generated
        self.language = generated.language
        for file, data in ((self.full, generated.data), (self.cut, generated.truncated(upto))):
            if self.language == "es":
                data = {**data, "translations": {"es": file.stem + "-es.yaml"}}
            file.write_text(_as_yaml(data), encoding="utf-8")
        self.translatable: set[str] = set()
        if self.language == "es":
            for file in (self.full, self.cut):
                translation = generated.translation(file)
                (folder / (file.stem + "-es.yaml")).write_text(_as_yaml(translation), encoding="utf-8")
            loaded = load_pack(self.full)
            self.translatable = {slot.text for slot in slots(loaded.pack, loaded.scale)}
        # Both packs are valid (no source is shown before a text citing it): an invalid pack would fail every
        # command alike, and the properties would hold for nothing. Loaded through the store, as the commands
        # load them, so that they find the entries made here instead of checking each pack again.
        for file in (self.full, self.cut):
            store.load(file, self.language)
        self.hidden = generated.hidden(upto)
        self.runner = CliRunner()

    def run(self, pack: Path, args: list[str], env: dict[str, str] | None = None) -> Result:
        return self.runner.invoke(
            app, [*args, "--pack", str(pack), "--lang", self.language], env={**ENV, **(env or {})}
        )

    def check(self, args: list[str], must_show: list[str] = ()) -> Result:  # type: ignore[assignment]
        """Run on both packs: identical output, no hidden marker, every expected marker present."""
        full, cut = self.run(self.full, args), self.run(self.cut, args)
        assert full.exception is None or isinstance(full.exception, SystemExit), full.exception
        assert (full.exit_code, full.stdout, full.stderr) == (cut.exit_code, cut.stdout, cut.stderr), args
        seen = full.stdout + full.stderr
        leaked = [m for m in self.hidden if m in seen and m not in args]  # echoing the query is not a leak
        assert not leaked, (args, leaked)
        expected = [self.generated.shown_as(m, self.translatable) for m in must_show]
        missing = [m for m in expected if m not in full.stdout]
        assert not missing, (args, missing)
        return full


def visible(generated: Generated, upto: int, texts: list[str]) -> list[str]:
    reveal = {m.text: m.at for m in generated.markers}
    return [t for t in texts if reveal[t] <= upto]


def cited_titles(generated: Generated, upto: int, items: list[dict[str, Any]]) -> list[str]:
    """The titles of the revealed sources that these items cite: a citation must not be over-hidden."""
    by_id = {s["id"]: s for s in generated.data["sources"]}
    return [by_id[s]["title"] for item in items for s in item["sources"] if by_id[s]["at"] <= upto]


PROPERTY = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@PROPERTY
@given(case=cases(), data=st.data())
def test_recap_never_leaks(case: tuple[Generated, int, str], data: st.DataObject) -> None:
    """recap, with and without --brief, --from and --episode, in every format."""
    generated, upto, spelling = case
    pack = generated.data
    expected = visible(generated, upto, [r["text"] for r in pack["recap"]])
    expected += visible(
        generated, upto, [e["title"] for s in pack["show"]["seasons"] for e in s["episodes"] if "title" in e]
    )
    expected += visible(generated, upto, [r["note"] for r in pack["recap"] if "note" in r])
    expected += cited_titles(generated, upto, [r for r in pack["recap"] if r["at"] <= upto])
    with tempfile.TemporaryDirectory() as folder:
        pair = Pair(generated, upto, Path(folder))
        pair.check(["recap", "--upto", "no-such-place"])
        for output_format in FORMATS:
            pair.check(["recap", "--upto", spelling, "--format", output_format], expected)
            pair.check(["recap", "--upto", spelling, "--format", output_format, "--brief"])
        after = data.draw(st.integers(0, generated.episodes))
        episode = data.draw(st.integers(0, generated.episodes))
        pair.check(["recap", "--upto", spelling, "--from", str(after), "--format", "json"])
        pair.check(["recap", "--upto", spelling, "--episode", str(episode) if episode else "premise"])


@PROPERTY
@given(case=cases(), data=st.data())
def test_characters_never_leak(case: tuple[Generated, int, str], data: st.DataObject) -> None:
    """The roster, and lookups of visible, hidden and never-existing names, in every format."""
    generated, upto, spelling = case
    people = generated.data["characters"]
    names = [c["name"] for c in people] + [a["name"] for c in people for a in c["aliases"]]
    introduced = [c for c in people if c["at"] <= upto]
    expected = [c[key] for c in introduced for key in ("name", "role", "actor")]
    expected += cited_titles(generated, upto, introduced)
    expected += visible(generated, upto, [a["name"] for c in people for a in c["aliases"]])
    expected += visible(generated, upto, [f["text"] for c in people for f in c["facts"]])
    queries = [*names, "mk9999q", "nobody"]
    with tempfile.TemporaryDirectory() as folder:
        pair = Pair(generated, upto, Path(folder))
        for output_format in FORMATS:
            roster = pair.check(["characters", "--upto", spelling, "--format", output_format], expected)
            query = data.draw(st.sampled_from(queries))
            pair.check(["characters", query, "--upto", spelling, "--format", output_format])
            if output_format == "json":  # "known_by" marks exactly the facts gated at their latest candidate
                facts = [f for c in json.loads(roster.stdout)["characters"] for f in c["facts"]]
                known_by = {f["text"] for f in facts if f.get("known_by")}
                assert all(f.get("known_by", True) is True for f in facts), facts
                wanted = [f["text"] for c in introduced for f in c["facts"] if f.get("known_by") and f["at"] <= upto]
                assert known_by == {generated.shown_as(text, pair.translatable) for text in wanted}


@PROPERTY
@given(case=cases())
def test_map_never_leaks(case: tuple[Generated, int, str]) -> None:
    """The map in every format, graphs included: a relationship shows once it and both ends are revealed,
    with the label valid at the position and never a later one."""
    generated, upto, spelling = case
    expected, drawn = [], []  # graphs draw membership as a group, without its label
    for link in generated.data["relationships"]:
        if link["at"] <= upto:
            labels = [link["label"], *(c["label"] for c in link["changes"] if c["at"] <= upto)]
            expected.append(labels[-1])
            drawn += [] if link["kind"] == "member" else [labels[-1]]
    with tempfile.TemporaryDirectory() as folder:
        pair = Pair(generated, upto, Path(folder))
        for output_format in (*FORMATS, "dot", "mermaid"):
            shown = drawn if output_format in ("dot", "mermaid") else expected
            pair.check(["map", "--upto", spelling, "--format", output_format], shown)


@PROPERTY
@given(case=cases(), data=st.data())
def test_facts_and_levels_never_leak(case: tuple[Generated, int, str], data: st.DataObject) -> None:
    """Topic lists, single topics (visible, hidden, absent) and the levels page, in every format."""
    generated, upto, spelling = case
    topics = generated.data["topics"]
    titles = visible(generated, upto, [t["title"] for t in topics])
    episode_titles = [e["title"] for s in generated.data["show"]["seasons"] for e in s["episodes"] if "title" in e]
    episode_titles += visible(generated, upto, [d for d in generated.data["show"]["depths"] if d.startswith("mk")])
    with tempfile.TemporaryDirectory() as folder:
        pair = Pair(generated, upto, Path(folder))
        for output_format in FORMATS:
            pair.check(["facts", "--upto", spelling, "--format", output_format], titles)
            topic = data.draw(st.sampled_from([t["id"] for t in topics] + ["no-such-topic"]))
            shown = next((t for t in topics if t["id"] == topic and t["at"] <= upto), None)
            expected = visible(generated, upto, [f["text"] for f in shown["facts"]]) if shown else []
            result = pair.check(["facts", topic, "--upto", spelling, "--format", output_format], expected)
            if output_format == "json" and shown:  # "known_by" marks exactly the facts gated at a late candidate
                facts = json.loads(result.stdout)["topic"]["facts"]
                assert all(f.get("known_by", True) is True for f in facts), facts
                wanted = [f["text"] for f in shown["facts"] if f.get("known_by") and f["at"] <= upto]
                shown_as = {generated.shown_as(text, pair.translatable) for text in wanted}
                assert {f["text"] for f in facts if f.get("known_by")} == shown_as
            # Partial names: a prefix shared by every marker (ambiguity messages list visible topics only).
            partial = data.draw(st.sampled_from(["mk", "mk0", topic[:4]]))
            pair.check(["facts", partial, "--upto", spelling, "--format", output_format])
            pair.check(
                ["levels", "--upto", spelling, "--format", output_format], visible(generated, upto, episode_titles)
            )


@PROPERTY
@given(case=cases(), data=st.data())
def test_search_never_leaks(case: tuple[Generated, int, str], data: st.DataObject) -> None:
    """Searching any marker: found when visible; when hidden, the same answer as for a term found nowhere."""
    generated, upto, spelling = case
    with tempfile.TemporaryDirectory() as folder:
        pair = Pair(generated, upto, Path(folder))
        for output_format in FORMATS:
            terms = [text for m in generated.markers for text in (m.text, spanish(m.text))]
            term = data.draw(st.sampled_from([*terms, "mk9999q"]))
            partial = ["--partial"] if data.draw(st.booleans()) else []
            pair.check(["search", term, "--upto", spelling, "--format", output_format, *partial])
            other = data.draw(st.sampled_from([*terms, "mk", "es"]))
            pair.check(["search", term, other, "--upto", spelling, "--format", output_format])
        texts = [r["text"] for r in generated.data["recap"]]
        for text in visible(generated, upto, texts)[:2]:
            shown = generated.shown_as(text, pair.translatable)
            assert pair.check(["search", shown, "--upto", spelling]).exit_code == 0


@PROPERTY
@given(case=cases())
def test_completion_and_progress_never_leak(case: tuple[Generated, int, str]) -> None:
    """Completion candidates and progress-driven commands show nothing past the saved position."""
    generated, upto, spelling = case
    with tempfile.TemporaryDirectory() as folder:
        pair = Pair(generated, upto, Path(folder))
        # "q" ends every marker: completion that matches inside names must offer visible ones only
        completed = ((["characters"], 4), (["facts"], 4), (["recap", "--upto"], 5), (["characters"], 4, "q"))
        for words, cword, *typed in completed:
            outputs = []
            for pack in (pair.full, pair.cut):
                line = " ".join(["cell211", words[0], "--pack", str(pack), *words[1:], *(typed or [""])])
                env = {"_CELL211_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(cword)}
                env["CELL211_LANG"] = pair.language
                outputs.append(pair.runner.invoke(app, [], env={**env, "CELL211_UPTO": spelling}).stdout)
            assert outputs[0] == outputs[1]
            assert not [m for m in pair.hidden if m in outputs[0]]
        state = {"XDG_STATE_HOME": str(Path(folder) / "state")}
        for pack in (pair.full, pair.cut):
            assert pair.run(pack, ["progress", spelling], env=state).exit_code == 0
        full = pair.run(pair.full, ["characters", "--format", "json"], env=state)
        cut = pair.run(pair.cut, ["characters", "--format", "json"], env=state)
        assert full.stdout == cut.stdout and not [m for m in pair.hidden if m in full.stdout + full.stderr]


@PROPERTY
@given(case=cases(), data=st.data())
def test_coming_back_never_leaks(case: tuple[Generated, int, str], data: st.DataObject) -> None:
    """recap --since-last, recap --before N, characters --before N, progress history and the long-gap hint,
    with progress saved at the position: each equals the same command on the pack truncated there (so
    nothing revealed at N or later changes --before N), in every format and both languages."""
    generated, upto, spelling = case
    earlier = data.draw(st.integers(0, upto))
    with tempfile.TemporaryDirectory() as folder:
        pair = Pair(generated, upto, Path(folder))
        states = {pack: {"XDG_STATE_HOME": str(Path(folder) / f"state-{pack.stem}")} for pack in (pair.full, pair.cut)}
        for pack, state in states.items():
            for step, at in (("2026-01-05T10:00:00+00:00", str(earlier) if earlier else "premise"), (None, spelling)):
                env = {**state, "CELL211_NOW": step or "2026-01-09T10:00:00+00:00"}
                assert pair.run(pack, ["progress", at], env=env).exit_code == 0

        def check(args: list[str], when: str = "2026-01-10T10:00:00+00:00") -> None:
            full, cut = (pair.run(pack, args, env={**states[pack], "CELL211_NOW": when}) for pack in states)
            assert (full.exit_code, full.stdout, full.stderr) == (cut.exit_code, cut.stdout, cut.stderr), args
            assert not [m for m in pair.hidden if m in full.stdout + full.stderr], args

        following = str(upto + 1) if upto < generated.episodes else "next"
        for output_format in FORMATS:
            check(["recap", "--since-last", "--format", output_format])
            check(["recap", "--before", following, "--format", output_format])
            check(["characters", "--before", following, "--format", output_format])
            check(["progress", "history", "--format", output_format])
        check(["recap", "--format", "plain"], when="2026-09-01T10:00:00+00:00")  # the hint after a long gap
