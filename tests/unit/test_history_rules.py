"""Finished episodes from the evidence a history holds: one small hand-written history per rule.

The fixture show is "The Tower" (La Torre), six episodes of about 33 to 45 minutes (a range with a source,
no runtime per episode): a viewing reaches the end at 43:00, and one that stopped before 16:30 (half the
shortest) was abandoned.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cell211cli.cli.full_app import app
from cell211cli.viewer.history.evidence import Reason
from cell211cli.viewer.history.questions import next_question, settle
from cell211cli.viewer.history.reading import read_history
from cell211cli.viewer.history.report import HistoryReport, position_from
from cell211cli.viewer.history.summary import describe
from cell211cli.viewer.progress import recall
from tests.history_helpers import PACK, TOWER, archive, episode, quick, trakt, view


def read(content: bytes, profile: str | None = None, date_order: str | None = None) -> HistoryReport:
    return read_history(io.BytesIO(content), TOWER, profile, date_order)


def upto(report: HistoryReport) -> int:
    return position_from(report, TOWER.scale).position.ordinal


# ── The archive: ViewingActivity.csv ──


def test_credits_skipped_then_next_episode_counts_as_finished() -> None:
    """Episodes 1-3 stopped at 38-40 minutes (short of 43:00, credits skipped), each followed by the next."""
    report = read(
        archive(
            view(1, "02-06 21:00", "0:38:10"),
            view(2, "02-06 21:40", "0:40:02"),
            view(3, "02-07 20:00", "0:39:30"),
            view(4, "02-07 20:45", "0:12:00"),
        )
    )
    assert report.finished == {1, 2, 3} and report.begun == {4}
    assert {report.reasons[ordinal] for ordinal in (1, 2, 3)} == {Reason.FOLLOWED}
    assert upto(report) == 3 and report.latest == "2025-02-07"


def test_an_autoplayed_next_episode_proves_the_end_was_reached() -> None:
    """Episode 2 stopped at 10:00 by its bookmark, yet episode 3 autoplayed right after it: the end was reached."""
    report = read(
        archive(
            view(1, "02-06 21:00", "0:44:00"),
            view(2, "02-06 21:45", "0:10:00"),
            view(3, "02-06 22:30", "0:00:08", autoplayed=True),
        )
    )
    assert report.reasons == {1: Reason.END, 2: Reason.AUTOPLAY} and report.begun == {3}


def test_pause_and_resume_on_another_device_is_one_viewing() -> None:
    """Episode 3 paused at 20:00 on the TV, finished the next day on a phone: its latest bookmark counts."""
    report = read(
        archive(
            view(1, "02-06 21:00", "0:44:00"),
            view(2, "02-06 21:45", "0:44:00"),
            view(3, "02-06 22:30", "0:20:00"),
            view(3, "02-07 08:10", "0:44:30", watched="0:24:30"),
        )
    )
    assert report.finished == {1, 2, 3} and report.reasons[3] == Reason.END


def test_an_episode_abandoned_a_few_minutes_in_is_not_finished_and_the_run_stops_there() -> None:
    report = read(
        archive(
            view(1, "02-06 21:00", "0:44:00"),
            view(2, "02-06 21:45", "0:03:00"),
            view(3, "02-06 21:50", "0:44:00"),
            view(4, "02-06 22:40", "0:41:00"),
            view(5, "02-06 23:30", "0:05:00"),
        )
    )
    assert report.finished == {1, 3, 4} and 2 in report.begun
    assert upto(report) == 1 and position_from(report, TOWER.scale).beyond_gap == [3, 4]


def test_an_episode_resumed_after_a_later_one_was_not_finished_then() -> None:
    """Episode 2 left at 20:00 for a look at episode 3, then resumed at 20:00 and stopped at 25:00: Netflix
    resumes only what is unfinished, so episode 3 following it proves nothing."""
    report = read(
        archive(
            view(1, "02-06 21:00", "0:44:00"),
            view(2, "02-06 21:45", "0:20:00"),
            view(3, "02-06 22:10", "0:02:00"),
            view(2, "02-07 21:00", "0:25:00", watched="0:05:00"),
        )
    )
    assert report.finished == {1} and report.begun == {2, 3} and report.reached[2] == 25 * 60


def test_a_rewatch_after_finishing_never_lowers_what_was_finished() -> None:
    """Episodes 1-4 finished, then episode 1 begun again from the start and stopped after two minutes."""
    rows = [view(n, f"02-0{n + 5} 21:00", "0:40:00") for n in range(1, 5)]
    rows += [view(5, "02-10 21:00", "0:30:00"), view(1, "02-11 21:00", "0:02:00")]
    report = read(archive(*rows))
    assert report.finished == {1, 2, 3, 4} and upto(report) == 4 and report.reached[1] == 40 * 60


def test_the_last_episode_counts_only_when_its_bookmark_reaches_the_end() -> None:
    report = read(archive(view(1, "02-06 21:00", "0:38:00"), view(2, "02-06 21:40", "0:43:30")))
    assert report.reasons == {1: Reason.FOLLOWED, 2: Reason.END} and upto(report) == 2


@pytest.mark.parametrize(("bookmark", "finished"), [("0:42:59", False), ("0:43:00", True)])
def test_the_end_is_two_minutes_before_the_longest_runtime_and_no_earlier(bookmark: str, finished: bool) -> None:
    """Episodes run 33-45 minutes: the last viewing reaches the end at 43:00 (the credits), not a second before."""
    report = read(archive(view(1, "02-06 21:00", "0:44:00"), view(2, "02-06 21:45", bookmark)))
    assert (2 in report.finished) is finished and (report.undecided == {2}) is not finished


def test_rows_of_one_viewing_count_their_furthest_bookmark_not_their_last() -> None:
    """Episode 2 watched to 44:00, then (nothing else between) opened again and left at 5:00: still finished."""
    report = read(
        archive(
            view(1, "02-06 21:00", "0:44:00"),
            view(2, "02-06 21:45", "0:44:00"),
            view(2, "02-07 08:10", "0:05:00", watched="0:05:00"),
        )
    )
    assert report.reasons == {1: Reason.END, 2: Reason.END} and report.reached[2] == 44 * 60 and upto(report) == 2


def test_the_last_episode_short_of_the_end_is_a_question_with_its_evidence() -> None:
    report = read(
        archive(*(view(n, f"02-0{n + 5} 21:00", "0:40:00") for n in range(1, 4)), view(4, "02-10 21:00", "0:34:10"))
    )
    assert report.finished == {1, 2, 3} and report.undecided == {4}
    question = next_question(report, TOWER)
    assert question is not None
    assert question.prompt == (
        "Episode 4: 34:10 of about 33-45 minutes, nothing after it. Count episode 4 as finished?"
    )
    assert "cell211 progress 4" in question.hint
    settle(report, question, accepted=True)
    assert upto(report) == 4 and report.reasons[4] == Reason.CONFIRMED and next_question(report, TOWER) is None


def test_a_declined_question_leaves_the_episode_begun_and_is_not_asked_again() -> None:
    report = read(archive(view(1, "02-06 21:00", "0:40:00"), view(2, "02-06 21:45", "0:30:00")))
    question = next_question(report, TOWER)
    assert question is not None
    settle(report, question, accepted=False)
    assert next_question(report, TOWER) is None and upto(report) == 1 and report.begun == {2}


def test_no_question_for_an_episode_abandoned_at_the_end_of_the_history() -> None:
    report = read(archive(view(1, "02-06 21:00", "0:40:00"), view(2, "02-06 21:45", "0:03:00")))
    assert next_question(report, TOWER) is None


def test_supplemental_rows_other_shows_and_the_film_are_never_episodes() -> None:
    report = read(
        archive(
            view(1, "02-06 20:50", "0:01:00", supplemental="HOOK", title="The Tower: Limited Series: Trailer"),
            view(1, "02-06 21:00", "0:40:00"),
            view(1, "02-06 21:45", "0:50:00", title="Another Show: Season 1: Episode 5 (Episode 5)"),
            view(1, "02-06 22:40", "1:40:00", title="La Torre"),
            view(3, "02-06 23:00", "0:02:00", supplemental="TRAILER"),
        )
    )
    assert report.begun == {1} and report.finished == set() and report.unmatched == []


def test_the_latest_row_of_the_show_names_the_last_day_watched() -> None:
    report = read(archive(view(1, "02-06 21:00", "0:40:00"), view(2, "02-09 21:45", "0:05:00")))
    assert report.latest == "2025-02-09"


def test_a_zip_archive_with_several_profiles(tmp_path: Path) -> None:
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("netflix-report/PROFILES/Profiles.csv", "Profile Name\nAna\nBruno\n")
        zipped.writestr(
            "netflix-report/CONTENT_INTERACTION/ViewingActivity.csv",
            archive(
                view(1, "02-06 21:00", "0:40:00"),
                view(1, "02-06 21:00", "0:40:00", profile="Bruno"),
                view(2, "02-06 21:45", "0:40:00", profile="Bruno"),
                view(3, "02-06 22:30", "0:40:00", profile="Bruno"),
            ),
        )
    report = read(content.getvalue(), profile="bruno")
    assert report.source == "Netflix archive, profile Bruno" and report.finished == {1, 2}


# ── The quick history: Title,Date ──


def test_quick_history_every_listed_episode_is_begun_and_a_later_one_finishes_it() -> None:
    report = read(
        quick(
            ("La Torre: Serie limitada: La Escalera", "07/02/2025"),
            ("La Torre: Serie limitada: Arrival", "06/02/2025"),
            ("Another Show: Season 1: Arrival", "30/01/2025"),
        )
    )
    assert report.reasons == {1: Reason.LATER_LISTED} and report.begun == {2} and report.undecided == {2}
    assert report.latest == "2025-02-07"


@pytest.mark.parametrize("title", ["Episode 4", "Episodio 4", "Chapter: the end (Episode 4)", "Untold (Episodio 4)"])
def test_quick_history_recognises_an_episode_number_in_the_title(title: str) -> None:
    report = read(
        quick((f"The Tower: Limited Series: {title}", "2/7/25"), ("The Tower: Limited Series: Arrival", "2/6/25"))
    )
    assert report.finished == {1} and report.begun == {4}


def test_quick_history_unknown_titles_are_said_plainly_and_offered_with_their_evidence() -> None:
    """Three titles the pack does not know besides Arrival: no guess, a question naming the count and dates."""
    report = read(
        quick(
            ("The Tower: Limited Series: Night Shift", "2/9/25"),
            ("The Tower: Limited Series: Keys", "2/8/25"),
            ("The Tower: Limited Series: Keys", "2/8/25"),
            ("The Tower: Limited Series: Fog", "2/7/25"),
            ("The Tower: Limited Series: Arrival", "2/6/25"),
        )
    )
    assert report.finished == set() and report.begun == {1} and report.unmatched_count == 4
    question = next_question(report, TOWER)
    assert question is not None
    assert "4 different episodes of the show, 3 of them under titles this pack does not know" in question.prompt
    assert "(dates 2/7/25 to 2/9/25)" in question.prompt and "Count episodes 1-3 as finished" in question.prompt
    assert "cell211 progress 3" in question.hint
    settle(report, question, accepted=True)
    assert upto(report) == 3 and report.begun == {4}
    lines = describe(report, position_from(report, TOWER.scale), TOWER)
    assert "4 rows of the show name episodes this pack does not know" in lines[-1]
    assert "row(s)" not in "\n".join(lines)


def test_quick_history_more_unknown_titles_than_the_show_has_episodes_are_not_every_episode() -> None:
    """Arrival and six titles the pack does not know (seven for a six-episode show): no shortcut to "all
    begun", the unknown titles stay a question."""
    unknown = [(f"The Tower: Limited Series: Unknown {n}", f"2/{n + 6}/25") for n in range(1, 7)]
    report = read(quick(*unknown, ("The Tower: Limited Series: Arrival", "2/6/25")))
    assert report.begun == {1} and report.finished == set() and report.unmatched_count == 6
    exact = read(quick(*unknown[:5], ("The Tower: Limited Series: Arrival", "2/6/25")))
    assert exact.finished == {1, 2, 3, 4, 5} and exact.begun == {6} and exact.unmatched_count == 0


def test_quick_history_in_two_languages_is_not_every_episode_by_count() -> None:
    """Arrival under "The Tower" and five unknown titles under "La Torre": six rows, but in two languages (the
    same episode may be listed twice), so no shortcut to "all begun"."""
    unknown = [(f"La Torre: Serie limitada: Desconocido {n}", f"2/{n + 6}/25") for n in range(1, 6)]
    report = read(quick(*unknown, ("The Tower: Limited Series: Arrival", "2/6/25")))
    assert report.begun == {1} and report.unmatched_count == 5


def test_quick_history_dates_that_do_not_matter_need_no_date_order() -> None:
    report = read(
        quick(("The Tower: Limited Series: Arrival", "1/2/25"), ("The Tower: Limited Series: The Stairs", "1/2/25"))
    )
    assert report.finished == {1} and report.latest == "1/2/25"


# ── Trakt ──


def test_trakt_watched_is_already_a_finish() -> None:
    report = read(trakt(episode(1), episode(2, when="2025-02-08T20:00:00.000Z"), {"type": "movie", "movie": {}}))
    assert report.reasons == {1: Reason.WATCHED, 2: Reason.WATCHED} and report.latest == "2025-02-08"


def test_trakt_episodes_of_another_show_never_count() -> None:
    """Another show's S01E01-04 beside this show's S01E01: only episode 1 is this show's."""
    other = [episode(n, show={"title": "Another Show"}) for n in range(1, 5)]
    report = read(trakt(episode(1), *other))
    assert report.finished == {1} and upto(report) == 1 and report.unmatched_count == 0


@pytest.mark.parametrize(
    "item",
    [
        {"type": "episode", "show": "x", "episode": {"season": 1, "number": 1}},
        {"type": "episode", "show": [1], "episode": {"season": 1, "number": 1}},
        {"type": "episode", "show": {"title": "La Torre"}, "episode": "x"},
        {"type": "episode", "show": None, "episode": {"season": 1, "number": 1}},
    ],
)
def test_trakt_items_of_the_wrong_type_are_a_clear_usage_error(tmp_path: Path, item: object) -> None:
    path = tmp_path / "watched-history-1.json"
    path.write_text(json.dumps([episode(1), item]))
    result = CliRunner().invoke(app, ["progress", "import", str(path), "--pack", str(PACK)], env=_home(tmp_path))
    assert result.exit_code == 2 and "a Trakt history episode has no" in result.stderr
    assert "unexpected" not in result.stderr


# ── The command ──


def _home(tmp_path: Path) -> dict[str, str]:
    return {"XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)}


@pytest.fixture
def tower(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name, value in _home(tmp_path).items():
        monkeypatch.setenv(name, value)
    yield tmp_path


def test_the_command_says_what_it_decided_and_why_and_prints_the_result_on_stdout(tower: Path) -> None:
    path = tower / "ViewingActivity.csv"
    path.write_bytes(
        archive(*(view(n, f"02-0{n + 5} 21:00", "0:39:00") for n in range(1, 4)), view(4, "02-09 21:00", "0:03:10"))
    )
    result = CliRunner().invoke(app, ["progress", "import", str(path), "--pack", str(PACK)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "saved: finished episode 3\n"
    assert result.stderr.splitlines()[0] == (
        "Netflix archive, profile Ana: episodes 1-3 finished: followed by a later episode; "
        "episode 4 begun: 3:10 of about 33-45 minutes"
    )
    assert recall("tower").spelling == "S01E03" and "last watched 2025-02-09" in recall("tower").origin


# ── Rules at their edges (each test kills a mutant that the rules above let through) ──


def test_watching_the_same_episode_again_is_not_watching_a_later_one() -> None:
    """Episode 2 to 20:00, episode 1, then episode 2 again: episode 1 was followed by a later one, but
    episode 2 only by itself, so it is not finished."""
    report = read(
        archive(
            view(2, "02-06 21:00", "0:20:00"),
            view(1, "02-06 21:30", "0:20:00"),
            view(2, "02-06 22:00", "0:20:00"),
        )
    )
    assert report.reasons == {1: Reason.FOLLOWED}


def test_a_later_episode_counts_even_when_not_right_after() -> None:
    """Episode 2 to 20:00, a minute of episode 1, then episode 3: episode 2 was followed by a later
    episode, though not by the viewing right after it."""
    report = read(
        archive(
            view(2, "02-06 21:00", "0:20:00"),
            view(1, "02-06 21:30", "0:01:00"),
            view(3, "02-06 21:40", "0:10:00"),
        )
    )
    assert report.reasons == {2: Reason.FOLLOWED}


def test_a_viewing_begun_two_minutes_in_is_from_the_start() -> None:
    """Episode 1 to 20:00, then episode 2, then episode 1 again from 2:00 (the intro skipped): that is not a
    resumption, so the first viewing, followed by episode 2, still counts. From 2:01 on it would be one."""
    report = read(
        archive(
            view(1, "02-06 21:00", "0:20:00"),
            view(2, "02-06 21:30", "0:05:00"),
            view(1, "02-06 21:40", "0:05:00", watched="0:03:00"),
        )
    )
    assert report.reasons == {1: Reason.FOLLOWED}


def test_counting_gaps_with_nothing_finished_is_the_premise_and_lists_nothing_beyond() -> None:
    assert position_from(HistoryReport("test"), TOWER.scale, count_gaps=True).position.ordinal == 0
    report = read(archive(view(1, "02-06 21:00", "0:44:00"), view(3, "02-07 21:00", "0:44:00")))
    counted = position_from(report, TOWER.scale, count_gaps=True)
    assert counted.position.ordinal == 3 and counted.beyond_gap == []
    assert position_from(report, TOWER.scale).beyond_gap == [3]


def test_a_short_episode_is_finished_from_its_first_minute_and_no_runtime_means_no_end() -> None:
    """The finished margin (2 minutes) never leaves less than a minute to watch; with no runtime known at
    all, no bookmark proves an end."""
    import copy

    from cell211cli.viewer.history.evidence import end_seconds

    short = copy.deepcopy(TOWER)
    short.pack.show.seasons[0].episodes[0].runtime = 3
    assert end_seconds(short, 1) == 60
    unknown = copy.deepcopy(TOWER)
    unknown.pack.show.runtime = None
    unknown.pack.show.longest_runtime = None
    assert end_seconds(unknown, 1) is None


def test_a_show_of_several_seasons_listed_in_full_under_unknown_titles_is_every_episode() -> None:
    """The Orchard's seven episodes, each listed once under a title the pack does not know, across three
    seasons: one show name (the part before the first colon), so every episode counts as begun."""
    from cell211cli.pack.loader import load_pack
    from tests.helpers import FIXTURES

    orchard = load_pack(FIXTURES / "saga")
    seasons = [1, 1, 2, 2, 2, 3, 3]
    rows = [(f"The Orchard: Season {season}: Unknown {n}", f"3/{n}/31") for n, season in enumerate(seasons, 1)]
    report = read_history(io.BytesIO(quick(*rows)), orchard, None, None)
    assert report.begun | report.finished == set(range(1, 8))


def test_a_given_date_order_sorts_the_dates_of_unknown_titles() -> None:
    """1/2/25 and 2/1/25 read either way: with --date-order dmy, 2 January comes before 1 February."""
    rows = [("The Tower: Limited Series: Arrival", "1/1/25")]
    rows += [("The Tower: Limited Series: Unknown 1", "1/2/25"), ("The Tower: Limited Series: Unknown 2", "2/1/25")]
    assert read(quick(*rows)).unknown == ["1/2/25", "2/1/25"]  # ambiguous: as listed
    assert read(quick(*rows), date_order="dmy").unknown == ["2/1/25", "1/2/25"]


def test_a_row_without_a_date_has_none() -> None:
    """A row cut short after its title: nothing is made up for its date."""
    report = read(b'Title,Date\n"The Tower: Limited Series: Arrival","2/6/25"\n"The Tower: Limited Series: Nope"\n')
    assert report.unknown == [""]


def test_an_archive_missing_columns_or_cut_short_reads_them_as_empty() -> None:
    """A header with only the columns that tell the file apart (no bookmark, attributes or type), and a
    row cut short before its title: the first row is a viewing of unknown length, the second nothing."""
    content = (
        b"Profile Name,Start Time,Duration,Title\n"
        b"Ana,2025-02-06 21:00:00,0:44:00,The Tower: Limited Series: Episode 1 (Episode 1)\n"
        b"Ana,2025-02-07 21:00:00\n"
    )
    report = read(content)
    assert report.begun == {1} and report.finished == set() and report.reached == {1: 0}
    assert report.latest == "2025-02-06"


def test_an_archive_without_profile_names_is_named_as_the_netflix_archive() -> None:
    assert read(archive(view(1, "02-06 21:00", "0:44:00", profile=""))).source == "Netflix archive"


@pytest.mark.parametrize(
    ("profiles", "listed"), [(("Ana", "Luis"), "Ana, Luis"), ((), "none")], ids=["two-profiles", "none"]
)
def test_a_profile_that_did_not_watch_the_show_is_refused_naming_those_that_did(
    profiles: tuple[str, ...], listed: str
) -> None:
    from cell211cli.errors import BadUsage

    rows = [view(1, "02-06 21:00", "0:44:00", profile=profile) for profile in profiles]
    with pytest.raises(BadUsage) as refused:
        read(archive(*rows), profile="Bob")
    assert str(refused.value) == f"no profile 'Bob' watched the show in this file (profiles: {listed})"


def test_trakt_reads_on_past_another_shows_episode_and_an_unknown_one() -> None:
    """Another show's episode, then this show's S09E09 (no such episode), then its S01E01: each is passed
    over in turn, and the page is read to its end."""
    unknown = {**episode(1), "episode": {"season": 9, "number": 9}}
    report = read(trakt(episode(1, show={"title": "Another Show"}), unknown, episode(1)))
    assert report.finished == {1} and report.unmatched_count == 1


def test_trakt_episode_numbers_must_be_whole_numbers() -> None:
    """``"number": true`` is not episode 1 (in Python, True == 1), nor ``"season": true`` season 1."""
    for wrong in ({"season": 1, "number": True}, {"season": True, "number": 1}):
        report = read(trakt({**episode(1), "episode": wrong}))
        assert report.finished == set() and report.unmatched_count == 1


def test_trakt_unknown_episodes_are_counted_and_the_first_hundred_kept() -> None:
    items = [{**episode(1), "episode": {"season": 9, "number": number}} for number in range(1, 103)]
    report = read(trakt(*items))
    assert report.unmatched_count == 102 and len(report.unmatched) == 100
    assert report.unmatched[:2] == ["La Torre 9x1", "La Torre 9x2"]


def test_a_trakt_page_is_read_an_item_at_a_time() -> None:
    """The first item of a long page is decoded before the page has been read to its end."""
    from cell211cli.viewer.history.streams import Budget
    from cell211cli.viewer.history.trakt import _items

    page = io.BytesIO(trakt(*(episode(1) for _ in range(20_000))))
    first = next(_items(page, Budget()))
    assert first == episode(1) and page.tell() < len(page.getvalue()) // 4


@pytest.mark.parametrize(
    "lead", [b"", b"\xef\xbb\xbf", b"\n  \t", b"\xef\xbb\xbf \r\n"], ids=["none", "bom", "space", "both"]
)
def test_a_trakt_page_after_a_bom_or_white_space_is_still_json(lead: bytes) -> None:
    assert read(lead + trakt(episode(1))).finished == {1}


def test_the_file_kind_is_told_from_its_first_few_kib_alone() -> None:
    """Sniffing the kind of file reads a few KiB, never the whole file."""
    from cell211cli.viewer.history.reading import _first_character

    stream = io.BytesIO(b" " * 100_000 + b"[]")
    assert _first_character(stream) == b"" and stream.tell() < 100_000


def test_a_bookmark_of_over_an_hour_is_read_to_the_second() -> None:
    assert read(archive(view(1, "02-06 21:00", "1:00:05"))).reached == {1: 3605}


def test_a_resumed_viewing_followed_by_a_later_episode_counts() -> None:
    """Episode 1 to 10:00, a minute of episode 2, episode 1 resumed from 10:00 to 25:00, then episode 2: the
    resumed viewing itself was followed by a later episode."""
    report = read(
        archive(
            view(1, "02-06 21:00", "0:10:00"),
            view(2, "02-06 21:15", "0:01:00"),
            view(1, "02-06 21:20", "0:25:00", watched="0:15:00"),
            view(2, "02-06 21:40", "0:10:00"),
        )
    )
    assert report.reasons == {1: Reason.FOLLOWED}


def test_a_viewing_that_reaches_half_the_shortest_runtime_is_not_abandoned() -> None:
    """16:30 is half of 33 minutes: followed by episode 2 it counts; alone at the end, it is a question."""
    followed = read(archive(view(1, "02-06 21:00", "0:16:30"), view(2, "02-06 21:20", "0:05:00")))
    assert followed.reasons == {1: Reason.FOLLOWED}
    alone = read(archive(view(1, "02-06 21:00", "0:16:30")))
    assert alone.finished == set() and alone.undecided == {1}


def test_an_episode_viewed_after_a_later_one_with_nothing_after_it_is_a_question() -> None:
    """A minute of episode 2, then episode 1 to 20:00 and nothing after: episode 1 is left to a question
    (episode 2 came before it, not after)."""
    report = read(archive(view(2, "02-06 21:00", "0:01:00"), view(1, "02-06 21:05", "0:20:00")))
    assert report.finished == set() and report.undecided == {1}


def test_several_profiles_without_one_chosen_are_refused_by_name() -> None:
    from cell211cli.errors import BadUsage

    rows = [view(1, "02-06 21:00", "0:44:00", profile=profile) for profile in ("Luis", "Ana")]
    with pytest.raises(BadUsage) as refused:
        read(archive(*rows))
    assert str(refused.value) == "several profiles watched the show (Ana, Luis): choose one with --profile NAME"


def test_an_archive_where_nobody_watched_the_show_names_no_profile() -> None:
    report = read(archive(view(1, "02-06 21:00", "0:44:00", title="Another Show: Season 1: Pilot (Episode 1)")))
    assert report.source == "Netflix archive" and report.begun == set()


def test_a_compact_trakt_page_and_a_long_one_are_read_whole() -> None:
    """Items with no space after their commas, and a page long enough to be read in several chunks."""
    compact = json.dumps([episode(1), episode(2)], separators=(",", ":")).encode()
    assert read(compact).finished == {1, 2}
    assert read(trakt(*([episode(1)] * 2_000), episode(2))).finished == {1, 2}


def test_a_number_cut_by_a_chunk_is_read_whole() -> None:
    """A page whose first chunk (65,536 characters) ends inside a number: the number is read to its end."""
    page = b"[" + b" " * (65_536 - 3) + b"12345]"
    assert read(page).finished == set()


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (b'[X{"type": "episode"}]', "a Trakt history page is not valid JSON; "),
        (b'{"type": "episode"}', "a Trakt history page is not a list of items; "),
        (b"[" + b'"' + b"x" * 200_000 + b'"]', "a Trakt history item is over 65,536 characters long; "),
    ],
    ids=["not-json", "not-a-list", "item-too-long"],
)
def test_a_broken_trakt_page_says_what_is_wrong(page: bytes, message: str) -> None:
    from cell211cli.viewer.history.streams import NotAHistory

    with pytest.raises(NotAHistory) as refused:
        read(page)
    assert str(refused.value).startswith(message) and str(refused.value).endswith(
        "(a ZIP of watched-history JSON files)"
    )


def test_an_archive_row_with_only_its_latest_bookmark_is_read() -> None:
    header = b"Profile Name,Start Time,Duration,Title,Latest Bookmark\n"
    row = b"Ana,2025-02-06 21:00:00,0:44:00,The Tower: Limited Series: Episode 1 (Episode 1),0:44:00\n"
    assert read(header + row).reasons == {1: Reason.END}


def test_an_archive_title_that_is_only_a_number_is_no_episode() -> None:
    """In the archive an episode's title comes with its number in brackets: a title that is only
    "Episode 4" is not taken for episode 4 (a quick list is read that way; the archive is not)."""
    report = read(archive(view(4, "02-06 21:00", "0:44:00", title="The Tower: Limited Series: Episode 4")))
    assert report.begun == set() and report.unmatched_count == 1


def test_a_quick_list_without_the_show_leaves_nothing_to_ask() -> None:
    report = read(quick(("Another Show: Season 1: Pilot", "2/6/25")))
    assert report.begun == set() and report.undecided == set()


def test_an_archive_names_a_season_by_its_number_and_a_lone_season_only_when_there_is_one() -> None:
    """The Orchard has three seasons: "Season 2" names the second; "Limited Series" names none of them."""
    from cell211cli.pack.loader import load_pack
    from tests.helpers import FIXTURES

    orchard = load_pack(FIXTURES / "saga")
    rows = archive(
        view(1, "02-06 21:00", "0:01:00", title="The Orchard: Season 2: Frost (Episode 1)"),
        view(1, "02-07 21:00", "0:01:00", title="The Orchard: Limited Series: Blossom (Episode 1)"),
    )
    report = read_history(io.BytesIO(rows), orchard, None, None)
    assert report.begun == {3} and report.unmatched_count == 1


def test_a_show_known_by_its_original_title_alone_is_recognised() -> None:
    """Lighthouse's original title, El Faro, is also listed among its titles; take it away from there and
    a history under "El Faro" is still the show."""
    import copy

    from cell211cli.pack.loader import load_pack
    from tests.helpers import MINI

    lighthouse = copy.deepcopy(load_pack(MINI))
    lighthouse.pack.show.titles = {}
    rows = quick(("El Faro: Serie limitada: Arrival", "2/6/25"), ("El Faro: Serie limitada: The Storm", "2/7/25"))
    assert read_history(io.BytesIO(rows), lighthouse, None, None).finished == {1}


def test_a_quoted_header_is_still_a_quick_list() -> None:
    assert read(b'"Title","Date"\n"The Tower: Limited Series: Arrival","2/6/25"\n').begun == {1}


def test_a_zipped_quick_list_takes_the_date_order_given() -> None:
    """A quick list zipped under the archive's name is read as a quick list, with --date-order."""
    import zipfile

    rows = [("The Tower: Limited Series: Arrival", "1/1/25")]
    rows += [("The Tower: Limited Series: Unknown 1", "1/2/25"), ("The Tower: Limited Series: Unknown 2", "2/1/25")]
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("ViewingActivity.csv", quick(*rows))
    assert read(content.getvalue(), date_order="dmy").unknown == ["2/1/25", "1/2/25"]


def test_a_show_and_an_episode_whose_names_hold_a_colon_are_found() -> None:
    """ "The Tower: Reborn" (or "Tower:Reborn", written without a space) and an episode "Arrival: Part One"."""
    import copy

    for show_title, written in (("The Tower: Reborn", "The Tower: Reborn"), ("Tower:Reborn", "Tower:Reborn")):
        tower = copy.deepcopy(TOWER)
        tower.pack.show.title = show_title
        tower.pack.show.titles = {}
        tower.pack.show.original_title = None
        tower.pack.show.seasons[0].episodes[0].title = "Arrival: Part One"
        rows = quick((f"{written}: Limited Series: Arrival: Part One", "2/6/25"))
        assert read_history(io.BytesIO(rows), tower, None, None).begun == {1}
