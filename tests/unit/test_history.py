"""`progress import FILE`: Netflix's two history files and Trakt's export, read from small synthetic files.

The fixture show is "Lighthouse" (El Faro, Il Faro), four episodes: 1 Arrival (30 min), 2 The Storm / La
Tormenta (30 min), 3 untitled, 4 Keeper Falls; the longest episode runs 40 minutes.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cell211cli.pack.loader import load_pack
from cell211cli.viewer.history.reading import read_history
from cell211cli.viewer.history.report import position_from
from cell211cli.viewer.progress import recall
from tests.helpers import MINI, SCHEMA, Invoke

LOADED = load_pack(MINI)
ACTIVITY_HEADER = (
    "Profile Name,Start Time,Duration,Attributes,Title,Supplemental Video Type,Device Type,Bookmark,"
    "Latest Bookmark,Country"
)


def activity_row(profile: str, title: str, bookmark: str, supplemental: str = "", start: str = "2025-02-06") -> str:
    return f'{profile},{start} 21:00:00,0:30:00,,"{title}",{supplemental},TV,{bookmark},{bookmark},MX'


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# ── Netflix "Download all": Title,Date ──


def test_viewing_history_with_every_episode_means_all_seen(mini: Invoke, tmp_path: Path) -> None:
    """Four distinct episode rows of the show (titles known or not): every episode begun, 1-3 finished (a later
    one follows each); the last is left begun off a terminal, with the command that counts it."""
    rows = ["Lighthouse: Limited Series: Arrival", "Lighthouse: Limited Series: The Storm"]
    rows += ["Lighthouse: Limited Series: Episode Three", "Lighthouse: Limited Series: Keeper Falls", "Cell 211"]
    text = "Title,Date\n" + "".join(f'"{row}","2/{day}/25"\n' for day, row in enumerate(rows, 13))
    result = mini("progress", "import", str(write(tmp_path, "NetflixViewingHistory.csv", text)))
    assert result.exit_code == 0, result.stderr
    assert "saved: finished episode 3" in result.stdout and "cell211 progress 4" in result.stderr
    assert recall("mini").spelling == "S01E03"
    assert "imported on" in recall("mini").origin and "last watched 2025-02-16" in recall("mini").origin


def test_viewing_history_counts_known_titles_in_any_language(mini: Invoke, tmp_path: Path) -> None:
    """Spanish titles, a BOM, CRLF and `;` separators (a spreadsheet re-save); day-first dates told apart."""
    text = "\ufeffTitle;Date\r\n" + '"El Faro: Serie limitada: Arrival";"24.01.25"\r\n'
    text += '"El Faro: Serie limitada: La Tormenta";"25.01.25"\r\n'
    result = mini("progress", "import", str(write(tmp_path, "h.csv", text)), "--json")
    data = json.loads(result.stdout)
    assert data["finished"] == ["S01E01"] and data["begun"] == ["S01E02"] and data["upto"]["id"] == "S01E01"
    assert "last watched 2025-01-25" in recall("mini").origin


def test_ambiguous_dates_that_do_not_change_the_result_need_no_order(mini: Invoke, tmp_path: Path) -> None:
    """1/2/25 and 1/3/25 read either way; the latest row is the same either way, so it is named as written."""
    text = (
        'Title,Date\n"Lighthouse: Limited Series: Arrival","1/2/25"\n"Lighthouse: Limited Series: The Storm","1/3/25"\n'
    )
    path = write(tmp_path, "h.csv", text)
    result = mini("progress", "import", str(path))
    assert result.exit_code == 0 and "last watched 1/3/25" in recall("mini").origin
    assert mini("progress", "import", str(path), "--date-order", "mdy").exit_code == 0
    assert "last watched 2025-01-03" in recall("mini").origin
    assert mini("progress", "import", str(path), "--date-order", "x").exit_code == 2


def test_the_film_and_unknown_titles_never_count(mini: Invoke, tmp_path: Path) -> None:
    """The film (no season part) is ignored; an unknown title is reported in the file's words, not counted."""
    text = 'Title,Date\n"El Faro","2/13/25"\n"Lighthouse: Limited Series: Episode Three","2/14/25"\n'
    result = mini("progress", "import", str(write(tmp_path, "h.csv", text)))
    assert result.exit_code == 1 and recall("mini").spelling is None
    assert "'Lighthouse: Limited Series: Episode Three'" in result.stderr


# ── Netflix archive: ViewingActivity.csv, in a ZIP or not ──


def archive(rows: list[str]) -> str:
    return "\n".join([ACTIVITY_HEADER, *rows]) + "\n"


def test_archive_counts_an_episode_only_when_its_bookmark_reaches_the_end(mini: Invoke, tmp_path: Path) -> None:
    """30-minute episodes finish at 28:00; episode 3 has no runtime, so it needs 38:00 of the longest 40."""
    rows = [
        activity_row("Ana", "Lighthouse: Limited Series: Arrival (Episode 1)", "0:29:10"),
        activity_row("Ana", "Lighthouse: Limited Series: The Storm (Episode 2)", "0:28:30"),
        activity_row("Ana", "Lighthouse: Limited Series: Episode 3 (Episode 3)", "0:31:00"),
        activity_row("Ana", "Lighthouse: Limited Series: Trailer", "0:01:00", supplemental="TRAILER"),
    ]
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as zipped:
        zipped.writestr("netflix-report/CONTENT_INTERACTION/ViewingActivity.csv", archive(rows))
    result = mini("progress", "import", str(write(tmp_path, "netflix-report.zip", content.getvalue())), "--json")
    data = json.loads(result.stdout)
    jsonschema.validate(data, {**SCHEMA, "oneOf": [{"$ref": "#/$defs/import"}]})
    assert data["source"] == "Netflix archive, profile Ana"
    assert data["finished"] == ["S01E01", "S01E02"] and data["begun"] == ["S01E03"]
    assert data["upto"]["id"] == "S01E02" and data["saved"] is True


def test_archive_with_several_profiles_needs_one(mini: Invoke, tmp_path: Path) -> None:
    rows = [
        activity_row("Ana", "Lighthouse: Limited Series: Arrival (Episode 1)", "0:29:10"),
        activity_row("Bruno", "Il Faro: Miniserie: Arrival (Episodio 1)", "0:29:10"),
        activity_row("Bruno", "Il Faro: Miniserie: The Storm (Episodio 2)", "0:29:10"),
    ]
    path = write(tmp_path, "ViewingActivity.csv", archive(rows))
    result = mini("progress", "import", str(path))
    assert result.exit_code == 2 and "Ana, Bruno" in result.stderr and "--profile" in result.stderr
    assert recall("mini").spelling is None
    assert mini("progress", "import", str(path), "--profile", "bruno").exit_code == 0
    assert recall("mini").spelling == "S01E02"


# ── Trakt: a ZIP of watched-history pages ──


def trakt_zip(items: list[dict]) -> bytes:
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as zipped:
        zipped.writestr("watched-history-1.json", json.dumps(items[:2]))
        zipped.writestr("watched-history-2.json", json.dumps(items[2:]))
    return content.getvalue()


def trakt_episode(number: int, title: str = "Lighthouse") -> dict:
    return {
        "type": "episode",
        "watched_at": f"2025-02-0{number}T20:00:00.000Z",
        "show": {"title": title},
        "episode": {"season": 1, "number": number},
    }


def test_trakt_export_reports_gaps_and_never_lowers_progress(mini: Invoke, tmp_path: Path) -> None:
    """Episodes 1, 2 and 4 watched: the position is 2 (4 is past a gap); a higher saved position is kept."""
    items = [trakt_episode(1), trakt_episode(2), {"type": "movie", "movie": {"title": "El Faro"}}, trakt_episode(4)]
    path = write(tmp_path, "trakt.zip", trakt_zip(items))
    dry = mini("progress", "import", str(path), "--dry-run")
    assert "would save: finished episode 2" in dry.stdout and recall("mini").spelling is None
    assert "episode 4 finished after a gap" in dry.stderr
    assert mini("progress", "import", str(path), "--count-gaps").exit_code == 0
    assert recall("mini").spelling == "S01E04"
    kept = mini("progress", "import", str(path))
    assert "kept: finished episode 4" in kept.stdout and recall("mini").spelling == "S01E04"
    shown = mini("progress").stdout
    assert "imported on" in shown and "Trakt history" in shown


def test_an_import_one_episode_short_of_the_saved_position_keeps_it(mini: Invoke, tmp_path: Path) -> None:
    """Saved: episode 3. A file that shows episodes 1-2 finished is refused (kept at 3), never saved one lower."""
    assert mini("progress", "3").exit_code == 0
    path = write(tmp_path, "trakt.zip", trakt_zip([trakt_episode(1), trakt_episode(2)]))
    kept = mini("progress", "import", str(path))
    assert (
        kept.stdout
        == "kept: finished episode 3; the file shows only up to episode 2 (cell211 progress S01E02 sets it lower)\n"
    )
    assert recall("mini").spelling == "S01E03"
    assert mini("progress", "2").exit_code == 0  # the same position as the file: saved (nothing lowered)
    assert mini("progress", "import", str(path)).stdout == "saved: finished episode 2\n"


@pytest.mark.parametrize(
    "content",
    [b"just some text\n", b"PK\x03\x04not really a zip", b"Title,Date\n\xff\xfe", b'{"not": "a list"}'],
)
def test_a_file_that_is_no_history_is_a_clear_error(mini: Invoke, tmp_path: Path, content: bytes) -> None:
    result = mini("progress", "import", str(write(tmp_path, "file", content)))
    assert result.exit_code == 2 and "Traceback" not in result.stderr and "unexpected" not in result.stderr


def test_nothing_is_printed_about_episodes_the_file_does_not_show(mini: Invoke, tmp_path: Path) -> None:
    """Episode 4's title (a spoiler) never appears when the file shows episodes 1 and 2 only."""
    path = write(tmp_path, "trakt.zip", trakt_zip([trakt_episode(1), trakt_episode(2)]))
    result = mini("progress", "import", str(path), "--json")
    assert "Keeper Falls" not in result.stdout + result.stderr and "Storm" not in result.stdout + result.stderr


def test_import_options_only_go_with_import(mini: Invoke) -> None:
    assert mini("progress", "2", "--dry-run").exit_code == 2
    assert mini("progress", "import").exit_code == 2


# ── Properties ──

EPISODE_TITLES = {1: "Arrival", 2: "The Storm", 4: "Keeper Falls"}


@given(
    watched=st.lists(st.sampled_from([1, 2, 4]), max_size=8),
    extra=st.lists(st.sampled_from(["Pilot", "Bonus"]), max_size=2),
    seed=st.integers(0, 1000),
)
def test_shuffled_rows_give_the_same_result_and_never_pass_the_file(
    watched: list[int], extra: list[str], seed: int
) -> None:
    """Row order never changes the report, and the position never passes the highest finished episode."""
    rows = [f'"Lighthouse: Limited Series: {EPISODE_TITLES[n]}","2/2{n}/25"' for n in watched]
    rows += [f'"Lighthouse: Limited Series: {name}","2/20/25"' for name in extra]
    shuffled = rows[:]
    random.Random(seed).shuffle(shuffled)
    reports = [
        read_history(io.BytesIO(("Title,Date\n" + "\n".join(r)).encode()), LOADED, None, None) for r in (rows, shuffled)
    ]
    assert reports[0].finished == reports[1].finished and sorted(reports[0].unmatched) == sorted(reports[1].unmatched)
    if reports[0].finished:
        verdict = position_from(reports[0], LOADED.scale)
        assert verdict.position.ordinal <= max(reports[0].finished)
        assert all(ordinal in reports[0].finished for ordinal in range(1, verdict.position.ordinal + 1))


def test_an_unknown_date_order_is_refused_with_the_orders_accepted(mini: Invoke, tmp_path: Path) -> None:
    text = 'Title,Date\n"Lighthouse: Limited Series: Arrival","2/13/25"\n'
    result = mini("progress", "import", str(write(tmp_path, "h.csv", text)), "--date-order", "ydm")
    assert result.exit_code == 2
    assert result.stderr == "cell211: --date-order must be one of dmy, mdy, ymd\n"
