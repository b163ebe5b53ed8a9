"""The shipped Cell 211 pack: valid, complete enough, original, and never naming anyone early."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cell211cli.gate import reveal
from cell211cli.pack.discovery import shipped_packs_dir
from cell211cli.pack.loader import load_pack
from cell211cli.pack.model import LoadedPack
from cell211cli.pages.characters import find_characters
from tests.helpers import ROOT, Invoke, unless_in_ci

# The shared folder sits beside the checkout (CI clones beside a copy of it), or at /work/shared.
TOOLS = [shared / "tools" / "originality.py" for shared in (ROOT.parent / "shared", Path("/work/shared"))]
ORIGINALITY = next((tool for tool in TOOLS if tool.exists()), TOOLS[0])


@pytest.fixture(scope="module")
def shipped() -> LoadedPack:
    return load_pack(shipped_packs_dir() / "cell211")


def test_validates_without_warnings(shipped: LoadedPack) -> None:
    """Loading runs every check (including name-before-reveal) and leaves no warning."""
    assert shipped.warnings == ()
    assert shipped.scale.last.id == "S01E06"


def test_every_episode_has_recap_items_and_a_summary(shipped: LoadedPack, invoke: Invoke) -> None:
    """The premise and every episode have recap items, and every episode a summary: episode 3 included (told
    from the only sourced statement of how it ends), so no recap says that little is documented."""
    last = shipped.scale.last.ordinal
    counts = {ordinal: 0 for ordinal in range(last + 1)}
    for item in shipped.pack.recap:
        counts[int(item.at)] += 1
    assert [ordinal for ordinal, count in counts.items() if count == 0] == [], counts
    episodes = [episode for season in shipped.pack.show.seasons for episode in season.episodes]
    assert len(episodes) == last == 6
    assert [episode.number for episode in episodes if not episode.summary] == []
    for ordinal in range(last + 1):
        episode = str(ordinal) if ordinal else "premise"
        full = invoke("recap", "--upto", episode, "--episode", episode, "--format", "plain").stdout
        assert "Little is documented" not in full, ordinal
        brief = json.loads(invoke("recap", "--upto", episode, "--episode", episode, "--brief", "-f", "json").stdout)
        [section] = brief["episodes"]
        assert section["line"] and (ordinal == 0 or section["summary"]), section


@pytest.mark.parametrize(
    "name",
    [
        "Juan Olvera",
        "Helena",
        "Calancho",
        "Carajo",
        "Baldor",
        "Gándara",
        "Flavio",
        "La Bomba",
        "Chivo",
        "Colonel Ramírez",
        "Estelle",
        "Governor Montes",
        "José Luis",
        "Javi",
        "25",
        "The Mostros",
        "The North Division",
        "Gustavo Aguilar",
        "Olivera",
    ],
)
def test_named_characters_exist_by_the_ending(shipped: LoadedPack, name: str) -> None:
    """Every character the sources name can be found by name or alias at the ending."""
    assert find_characters(reveal(shipped, shipped.scale.last), name), name


@pytest.mark.parametrize("topic", ["true-story", "novel", "film", "production", "setting", "themes", "corrections"])
def test_topics_exist(shipped: LoadedPack, topic: str) -> None:
    """Every topic the content issue asks for is in the pack."""
    assert topic in {t.id for t in shipped.pack.topics}


def test_ending_is_not_in_the_premise(invoke: Invoke) -> None:
    """The default (premise) recap says nothing of the riot's leaders or the ending."""
    out = invoke("recap").stdout
    for word in ("Calancho", "Helena", "dies", "stabs", "King"):
        assert word not in out


def test_recap_upto_2_stops_at_episode_2(invoke: Invoke) -> None:
    """The shipped pack at position 2 shows episodes 1-2 and nothing from 3 on."""
    result = invoke("recap", "--upto", "2")
    out = result.stdout
    assert "Episode 2" in out and "Episode 3" not in out
    assert "Colonel" not in out and "Estelle" not in out and "4 later episodes are hidden" in result.stderr


def test_main_commands_work(invoke: Invoke) -> None:
    """The commands from the design card run on the shipped pack."""
    assert "King" in invoke("recap", "--upto", "ending").stdout
    assert "Ciudad Juárez" in invoke("facts", "true-story").stdout
    assert "El Neto" in invoke("facts", "true-story", "--upto", "ending").stdout
    assert invoke("characters").exit_code == 0


@unless_in_ci(not ORIGINALITY.exists(), "no shared/tools/originality.py beside this checkout or at /work/shared")
def test_wording_is_original() -> None:
    """No run of eight or more words is copied from the source documents."""
    assert ORIGINALITY.exists(), f"{ORIGINALITY} is missing: CI has ../shared beside the checkout"
    result = subprocess.run([sys.executable, str(ORIGINALITY)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
    assert " 0 copied run" in result.stdout
