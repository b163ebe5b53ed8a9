"""Generate a large made-up pack: 20 seasons, 1,100 episodes, 400 characters, about 10,000 recap items.

``--scale 10`` makes ten times as many recap items and characters (100,000 items, about 19 MB)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

SEASONS = 20
EPISODES = 1100
CHARACTERS = 400
RECAP_ITEMS = 10_000
WORDS = [
    *("harbour", "storm", "letter", "keeper", "island", "market", "council", "winter", "bridge", "archive"),
    *("signal", "orchard", "river", "lantern", "debt", "promise", "rumour", "ferry", "quarry", "festival"),
    *("verdict", "ledger", "ghost", "tide"),
]


def sentence(rng: random.Random, words: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def episode_positions() -> list[str]:
    per_season = [EPISODES // SEASONS + (1 if s < EPISODES % SEASONS else 0) for s in range(SEASONS)]
    return [f"S{s + 1:02d}E{e + 1:02d}" for s, count in enumerate(per_season) for e in range(count)]


def build(seed: int = 211, scale: int = 1) -> dict:
    rng = random.Random(seed)
    positions = episode_positions()
    per_season: dict[int, int] = {}
    for position in positions:
        season = int(position[1:].split("E")[0])
        per_season[season] = per_season.get(season, 0) + 1
    seasons = [
        {
            "number": season,
            "episodes": [
                {"number": n, "title": f"Chapter {season}.{n}", "sources": [f"guide-S{season:02d}E{n:02d}"]}
                for n in range(1, count + 1)
            ],
        }
        for season, count in sorted(per_season.items())
    ]
    ordinals = sorted(rng.randrange(len(positions) + 1) for _ in range(RECAP_ITEMS * scale))
    recap = [
        {
            "id": f"r{i}",
            "at": "premise" if at == 0 else positions[at - 1],
            "text": sentence(rng),
            "sources": ["guide" if at == 0 else f"guide-{positions[at - 1]}"],
        }
        for i, at in enumerate(ordinals)
    ]
    characters = []
    for i in range(CHARACTERS * scale):
        at = rng.randrange(1, len(positions) + 1)
        later = [positions[rng.randrange(at, len(positions) + 1) - 1] for _ in range(3)]
        characters.append(
            {
                "id": f"c{i}",
                "name": f"Person{i:04d}",
                "at": positions[at - 1],
                "role": sentence(rng, 8),
                "sources": [f"guide-{positions[at - 1]}"],
                "aliases": [{"name": f"Alias{i:04d}", "at": later[0], "sources": [f"guide-{later[0]}"]}],
                "facts": [{"at": p, "text": sentence(rng, 10), "sources": [f"guide-{p}"]} for p in sorted(later)],
            }
        )
    topics = [
        {
            "id": f"topic-{i}",
            "title": f"Topic {i}",
            "at": "premise",
            "facts": [{"at": "premise", "text": sentence(rng), "sources": ["guide"]} for _ in range(20)],
        }
        for i in range(10)
    ]
    return {
        "format": 1,
        "id": "large",
        "language": "en",
        "show": {"title": "Long Runner", "depths": {"midseason": "S10E01"}, "seasons": seasons},
        # A source per episode (a recap page is shown from its own episode on: validate's link rule).
        "sources": [
            {"id": "guide", "title": "Episode guide", "url": "https://example.org/guide", "at": "premise"},
            *(
                {"id": f"guide-{p}", "title": f"Guide to {p}", "url": f"https://example.org/guide/{p}", "at": p}
                for p in positions
            ),
        ],
        "recap": recap,
        "characters": characters,
        "topics": topics,
    }


def write(folder: Path, scale: int = 1) -> Path:
    """Write the pack to ``folder/pack.yaml`` unless it is already there."""
    path = folder / "pack.yaml"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(build(scale=scale), sort_keys=False, width=200), encoding="utf-8")
    return path


if __name__ == "__main__":
    arguments = sys.argv[1:]
    factor = 1
    if "--scale" in arguments:
        at = arguments.index("--scale")
        factor = int(arguments[at + 1])
        del arguments[at : at + 2]
    print(write(Path(arguments[0] if arguments else "large-pack"), factor))
