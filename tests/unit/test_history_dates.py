"""Dates in Netflix's quick history ("Title,Date"): the order they are written in (day/month, month/day, year
first) is read from the whole file, and the last day watched and the dates of unknown titles follow it.

One small history per rule, about the fixture show "The Tower" (six episodes); each test names the rule.
"""

from __future__ import annotations

import io

import pytest

from cell211cli.viewer.history.reading import read_history
from cell211cli.viewer.history.report import HistoryReport
from tests.history_helpers import TOWER, quick


def read(*rows: tuple[str, str]) -> HistoryReport:
    return read_history(io.BytesIO(quick(*rows)), TOWER, None, None)


def arrival(date: str) -> tuple[str, str]:
    return ("The Tower: Limited Series: Arrival", date)


def stairs(date: str) -> tuple[str, str]:
    return ("The Tower: Limited Series: The Stairs", date)


def unknown(number: int, date: str) -> tuple[str, str]:
    return (f"The Tower: Limited Series: Unknown {number}", date)


@pytest.mark.parametrize(
    ("dates", "latest"),
    [
        # A day over 12 anywhere in the file makes every date day-first, the later rows too.
        (("13/1/25", "2/3/25"), "2025-03-02"),
        # 12 can be a month: 12/1/25 proves nothing, and 1/2/25 against it reads either way.
        (("12/1/25", "1/2/25"), None),
        # A month over 12 (in the second place) anywhere makes every date month-first.
        (("1/13/25", "3/2/25"), "2025-03-02"),
        (("1/12/25", "2/1/25"), None),
        # Year first.
        (("2025-02-03", "2025-01-04"), "2025-02-03"),
        # Every date with day = month: either reading gives the same days, so they are dated.
        (("1/1/25", "2/2/25"), "2025-02-02"),
        # One date with day = month is not all of them: the latest row is the same either way, named as written.
        (("2/3/25", "1/1/25"), "2/3/25"),
        # The two readings name different rows as the latest: no last day rather than a guess.
        (("1/2/25", "2/1/25"), None),
    ],
)
def test_the_last_day_watched_follows_the_order_the_whole_file_shows(dates: tuple[str, str], latest: str) -> None:
    assert read(arrival(dates[0]), stairs(dates[1])).latest == latest


def test_unknown_titles_are_dated_earliest_first_in_the_order_the_file_shows() -> None:
    """13/1/25 makes the file day-first: 3/2/25 (3 February) comes before 10/2/25 and 2/3/25 (2 March),
    whatever the rows' order and however the texts would sort as words; a date that cannot be read goes last."""
    dates = ["2/3/25", "yesterday", "10/2/25", "13/1/25", "3/2/25"]
    report = read(*(unknown(n, date) for n, date in enumerate(dates)))
    assert report.unknown == ["13/1/25", "3/2/25", "10/2/25", "2/3/25", "yesterday"]


def test_unknown_titles_keep_the_file_order_when_the_two_readings_sort_them_differently() -> None:
    """1/2/25 and 2/1/25, nothing saying which is day or month: listed as the file lists them, not sorted by a
    guess."""
    report = read(arrival("1/1/25"), unknown(1, "1/2/25"), unknown(2, "2/1/25"))
    assert report.unknown == ["1/2/25", "2/1/25"]
    report = read(arrival("1/1/25"), unknown(1, "2/1/25"), unknown(2, "1/2/25"))
    assert report.unknown == ["2/1/25", "1/2/25"]


def test_unknown_titles_are_sorted_when_both_readings_agree() -> None:
    """2/3/25 and 1/3/25: 1 March before 2 March, or 3 January before 3 February; 1/3/25 first either way."""
    report = read(arrival("1/1/25"), unknown(1, "2/3/25"), unknown(2, "1/3/25"))
    assert report.unknown == ["1/3/25", "2/3/25"]


def test_an_unknown_title_listed_twice_is_one_episode_dated_by_its_first_row() -> None:
    report = read(unknown(1, "2/9/25"), unknown(2, "2/8/25"), unknown(1, "2/7/25"))
    assert report.unknown == ["2/8/25", "2/9/25"] and report.unmatched_count == 3


def test_at_most_a_hundred_unknown_rows_are_kept_to_quote_and_all_are_counted() -> None:
    """Quick history rows under unknown titles: 101 counted, the first 100 kept."""
    rows = [(f"The Tower: Limited Series: Unknown {n % 3}", "2/7/25") for n in range(101)]
    report = read(*rows)
    assert report.unmatched_count == 101 and len(report.unmatched) == 100


def test_seven_unknown_titles_for_a_six_episode_show_are_not_every_episode() -> None:
    """More distinct unknown titles than the show has episodes: not "every episode begun" (some are not the
    show's, or are listed twice in two languages), so they stay a question."""
    report = read(*(unknown(n, f"2/{n + 1}/25") for n in range(1, 8)))
    assert report.begun == set() and report.unmatched_count == 7
    exact = read(*(unknown(n, f"2/{n + 1}/25") for n in range(1, 7)))
    assert exact.finished == {1, 2, 3, 4, 5} and exact.begun == {6} and exact.unmatched_count == 0
