"""Generate a large made-up pack: 20 seasons, 1,100 episodes, 400 characters, about 10,000 recap items."""

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


def build(seed: int = 211) -> dict:
    rng = random.Random(seed)
    positions = episode_positions()
    per_season: dict[int, int] = {}
    for position in positions:
        season = int(position[1:3])
        per_season[season] = per_season.get(season, 0) + 1
    seasons = [
        {
            "number": season,
            "episodes": [
                {"number": n, "title": f"Chapter {season}.{n}", "sources": ["guide"]} for n in range(1, count + 1)
            ],
        }
        for season, count in sorted(per_season.items())
    ]
    ordinals = sorted(rng.randrange(len(positions) + 1) for _ in range(RECAP_ITEMS))
    recap = [
        {
            "id": f"r{i}",
            "at": "premise" if at == 0 else positions[at - 1],
            "text": sentence(rng),
            "sources": ["guide"],
        }
        for i, at in enumerate(ordinals)
    ]
    characters = []
    for i in range(CHARACTERS):
        at = rng.randrange(1, len(positions) + 1)
        later = [positions[rng.randrange(at, len(positions) + 1) - 1] for _ in range(3)]
        characters.append(
            {
                "id": f"c{i}",
                "name": f"Person{i:03d}",
                "at": positions[at - 1],
                "role": sentence(rng, 8),
                "sources": ["guide"],
                "aliases": [{"name": f"Alias{i:03d}", "at": later[0], "sources": ["guide"]}],
                "facts": [{"at": p, "text": sentence(rng, 10), "sources": ["guide"]} for p in sorted(later)],
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
        "sources": [{"id": "guide", "title": "Episode guide", "url": "https://example.org/guide"}],
        "recap": recap,
        "characters": characters,
        "topics": topics,
    }


def write(folder: Path) -> Path:
    """Write the pack to ``folder/pack.yaml`` unless it is already there."""
    path = folder / "pack.yaml"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(build(), sort_keys=False, width=200), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1] if len(sys.argv) > 1 else "large-pack")))
