"""`progress import FILE`, what it decides and says: the outcome line word for word, where the saved position
says it came from, the JSON's saved position, and the note about a progress file set aside.

Histories are small Trakt pages and Netflix quick histories about the mini pack's "Lighthouse" (four episodes).
"""

from __future__ import annotations

import json
from pathlib import Path

from cell211cli.viewer.progress import recall, state_file
from tests.helpers import Invoke

NOW = "2026-03-02T20:00:00+00:00"


def trakt(tmp_path: Path, *numbers: int) -> Path:
    items = [
        {
            "type": "episode",
            "watched_at": f"2025-02-0{number}T20:00:00.000Z",
            "show": {"title": "Lighthouse"},
            "episode": {"season": 1, "number": number},
        }
        for number in numbers
    ]
    path = tmp_path / "watched-history.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def quick(tmp_path: Path, *rows: tuple[str, str]) -> Path:
    path = tmp_path / "NetflixViewingHistory.csv"
    path.write_text("Title,Date\n" + "".join(f'"{title}","{date}"\n' for title, date in rows), encoding="utf-8")
    return path


def test_a_file_with_episode_1_only_begun_saves_nothing_and_says_so(mini: Invoke, tmp_path: Path) -> None:
    """Nothing finished: the outcome says so, the JSON says nothing was saved and no position is saved."""
    path = quick(tmp_path, ("Lighthouse: Limited Series: Arrival", "2/6/25"))
    result = mini("progress", "import", str(path))
    assert result.stdout == "nothing saved: episode 1 is not finished in this file\n"
    answer = json.loads(mini("progress", "import", str(path), "--json").stdout)
    assert answer["saved"] is False and answer["upto"] is None and recall("mini").spelling is None


def test_a_dry_run_says_what_it_would_save(mini: Invoke, tmp_path: Path) -> None:
    result = mini("progress", "import", str(trakt(tmp_path, 1, 2)), "--dry-run")
    assert result.stdout == "would save: finished episode 2 (--dry-run: nothing saved)\n"
    assert recall("mini").spelling is None


def test_the_saved_position_says_when_and_from_what_it_was_imported(mini: Invoke, tmp_path: Path) -> None:
    """The origin names the day of the import, the kind of file and the last day watched; the change in the
    progress history names the kind of file ("imported from Trakt history")."""
    path = trakt(tmp_path, 1, 2)
    assert mini("progress", "import", str(path), env={"CELL211_NOW": NOW}).exit_code == 0
    remembered = recall("mini")
    assert remembered.origin == "imported on 2026-03-02 from Trakt history, last watched 2025-02-02"
    assert remembered.history[-1].file == "Trakt history"


def test_without_a_last_day_the_origin_leaves_it_out(mini: Invoke, tmp_path: Path) -> None:
    """1/2/25 and 2/1/25 read either way, and each reading makes a different row the latest: no last day."""
    path = quick(
        tmp_path, ("Lighthouse: Limited Series: Arrival", "1/2/25"), ("Lighthouse: Limited Series: The Storm", "2/1/25")
    )
    assert mini("progress", "import", str(path), env={"CELL211_NOW": NOW}).exit_code == 0
    assert recall("mini").origin == "imported on 2026-03-02 from Netflix viewing history"


def test_a_refused_import_answers_the_position_kept(mini: Invoke, tmp_path: Path) -> None:
    """Saved: episode 3; the file shows 2: the JSON's saved position is still 3, and nothing was saved."""
    assert mini("progress", "3").exit_code == 0
    answer = json.loads(mini("progress", "import", str(trakt(tmp_path, 1, 2)), "--json").stdout)
    assert answer["upto"]["id"] == "S01E03" and answer["found"]["id"] == "S01E02" and answer["saved"] is False


def test_an_import_over_a_damaged_progress_file_says_where_the_old_one_went(mini: Invoke, tmp_path: Path) -> None:
    state_file().parent.mkdir(parents=True)
    state_file().write_text("{not json", encoding="utf-8")
    result = mini("progress", "import", str(trakt(tmp_path, 1, 2)))
    assert result.exit_code == 0 and result.stdout == "saved: finished episode 2\n"
    assert "progress.json.bad" in result.stderr and recall("mini").spelling == "S01E02"


def test_a_file_with_no_episode_of_the_show_is_not_found_in_the_language_in_use(mini: Invoke, tmp_path: Path) -> None:
    path = quick(tmp_path, ("Another Show: Season 1: Pilot", "2/6/25"))
    result = mini("progress", "import", str(path))
    assert result.exit_code == 1, result.stderr
    assert result.stderr == "cell211: Netflix viewing history: no episode of Lighthouse in this file; nothing saved\n"
    spanish = mini("progress", "import", str(path), "--lang", "es")
    assert "ningún episodio de El Faro en este archivo; no se guardó nada" in spanish.stderr
