"""The questions an import asks (or prints as a hint) and the lines it writes to stderr, word for word: each
test names the rule a wrong word, count or episode number would break.

Histories are written by hand, about "The Tower" (six episodes of about 33-45 minutes, no runtime per episode)
and the mini pack's "Lighthouse" (episodes of 30 minutes).
"""

from __future__ import annotations

import io

from cell211cli.pack.loader import load_pack
from cell211cli.pack.model import LoadedPack
from cell211cli.viewer.history.evidence import Reason, abandoned_seconds, shortest_minutes
from cell211cli.viewer.history.questions import Question, next_question, settle
from cell211cli.viewer.history.reading import read_history
from cell211cli.viewer.history.report import HistoryReport, position_from
from cell211cli.viewer.history.summary import describe
from tests.helpers import FIXTURES, MINI
from tests.history_helpers import TOWER, archive, quick, trakt, view

LIGHTHOUSE = load_pack(MINI)


def read(content: bytes, loaded: LoadedPack = TOWER) -> HistoryReport:
    return read_history(io.BytesIO(content), loaded, None, None)


def asked(report: HistoryReport, loaded: LoadedPack = TOWER) -> Question:
    question = next_question(report, loaded)
    assert question is not None
    return question


def unknown_titles(count: int) -> bytes:
    """Arrival (known) on 2/6/25, then ``count`` titles the pack does not know, a day apart."""
    rows = [("The Tower: Limited Series: Arrival", "2/6/25")]
    rows += [(f"The Tower: Limited Series: Unknown {n}", f"2/{6 + n}/25") for n in range(1, count + 1)]
    return quick(*rows)


def test_one_unknown_title_asks_about_episode_1_alone() -> None:
    """Two episodes listed, one under an unknown title: a yes counts episode 1 finished and 2 begun."""
    question = asked(read(unknown_titles(1)))
    assert question.prompt == (
        "The history lists 2 different episodes of the show, 1 of them under a title this pack does not know "
        "(dates 2/7/25 to 2/7/25). Count episode 1 as finished, as if watched in order?"
    )
    assert question.hint == (
        "note: 1 episode title of the show is unknown to this pack (dates 2/7/25 to 2/7/25), so it was not "
        "counted; if you watched in order, you finished 1: cell211 progress 1"
    )
    assert question.finished == (1,) and question.begun == 2


def test_unknown_titles_ask_about_every_episode_before_the_last_listed() -> None:
    """Three episodes listed, two unknown: the question and the hint name episodes 1-2 and the dates; a yes
    finishes exactly 1 and 2 (as said) and leaves 3 begun."""
    report = read(unknown_titles(2))
    question = asked(report)
    assert question.prompt == (
        "The history lists 3 different episodes of the show, 2 of them under titles this pack does not know "
        "(dates 2/7/25 to 2/8/25). Count episodes 1-2 as finished, as if watched in order?"
    )
    assert question.hint == (
        "note: 2 episode titles of the show are unknown to this pack (dates 2/7/25 to 2/8/25), so they were not "
        "counted; if you watched in order, you finished 2: cell211 progress 2"
    )
    settle(report, question, accepted=True)
    assert report.finished == {1, 2} and report.reasons == {1: Reason.CONFIRMED, 2: Reason.CONFIRMED}
    assert report.begun == {3} and position_from(report, TOWER.scale).position.ordinal == 2


def test_a_declined_unknown_titles_question_is_not_asked_again() -> None:
    report = read(unknown_titles(2))
    settle(report, asked(report), accepted=False)
    following = next_question(report, TOWER)
    assert following is None or "unknown" not in following.hint
    assert report.finished == set()


def test_the_last_episode_question_uses_the_episode_runtime_when_the_pack_has_one() -> None:
    """Lighthouse's episode 2 runs 30 minutes: the evidence says so, not the show's longest episode."""
    rows = [
        view(1, "02-06 21:00", "0:29:00", title="Lighthouse: Limited Series: Arrival (Episode 1)"),
        view(2, "02-07 21:00", "0:16:40", title="Lighthouse: Limited Series: The Storm (Episode 2)"),
    ]
    report = read(archive(*rows), LIGHTHOUSE)
    question = asked(report, LIGHTHOUSE)
    assert question.prompt == "Episode 2: 16:40 of about 30 minutes, nothing after it. Count episode 2 as finished?"
    assert question.hint == (
        "note: episode 2 left begun (16:40 of about 30 minutes, nothing after it); if you finished it: "
        "cell211 progress 2"
    )
    settle(report, question, accepted=True)
    assert report.finished == {1, 2} and report.begun == set() and report.undecided == set()
    assert describe(report, position_from(report, LIGHTHOUSE.scale), LIGHTHOUSE) == [
        "Netflix archive, profile Ana: episode 1 finished: watched to the end; episode 2 finished: as you said"
    ]


def test_the_import_says_why_each_episode_counts_and_quotes_a_few_unknown_rows() -> None:
    """Each reason in its own words, episodes begun with how far, and the unknown rows: three quoted, the
    others counted."""
    unknown = [f"The Tower: Limited Series: Nope {n} (Episode {n + 8})" for n in range(1, 5)]
    report = read(
        archive(
            view(1, "02-06 21:00", "0:44:00"),
            view(2, "02-06 21:45", "0:20:00"),
            view(3, "02-06 22:10", "0:40:00", autoplayed=True),
            view(4, "02-07 21:00", "0:10:00"),
            view(5, "02-08 21:00", "0:05:00"),
            *(view(6, "02-09 21:00", "0:01:00", title=title) for title in unknown),
        )
    )
    assert describe(report, position_from(report, TOWER.scale), TOWER) == [
        "Netflix archive, profile Ana: episode 1 finished: watched to the end; episode 2 finished: the next one "
        "autoplayed; episode 3 finished: followed by a later episode; episode 4 begun: 10:00 of about 33-45 "
        "minutes; episode 5 begun: 5:00 of about 33-45 minutes",
        "note: 4 rows of the show name episodes this pack does not know: "
        + "; ".join(repr(title) for title in unknown[:3])
        + " and 1 more",
    ]


def test_a_quick_history_says_later_listed_and_begun_and_quotes_one_unknown_row_in_the_singular() -> None:
    report = read(
        quick(
            ("The Tower: Limited Series: Arrival", "2/6/25"),
            ("The Tower: Limited Series: Fog", "2/7/25"),
            ("The Tower: Limited Series: The Stairs", "2/8/25"),
        )
    )
    assert describe(report, position_from(report, TOWER.scale), TOWER) == [
        "Netflix viewing history: episode 1 finished: a later episode is listed; episode 2 begun",
        "note: 1 row of the show names an episode this pack does not know: 'The Tower: Limited Series: Fog'",
    ]


def test_trakt_runs_of_episodes_are_written_as_ranges_and_a_gap_is_noted() -> None:
    """Episodes 1, 2, 4 and 5 watched: "1-2, 4-5" (two runs, not one), and 4-5 are past a gap."""

    def watched(number: int) -> dict[str, object]:
        show = {"title": "La Torre"}
        return {
            "type": "episode",
            "watched_at": "2025-02-06T20:00:00.000Z",
            "show": show,
            "episode": {"season": 1, "number": number},
        }

    report = read(trakt(*(watched(number) for number in (1, 2, 4, 5))))
    assert describe(report, position_from(report, TOWER.scale), TOWER) == [
        "Trakt history: episodes 1-2, 4-5 finished: marked watched",
        "note: episodes 4-5 finished after a gap, not counted (--count-gaps counts them)",
    ]


def test_only_unknown_titles_is_no_episode_recognised_and_quotes_them_all() -> None:
    """Two unknown rows (fewer than the three quoted): both quoted, no "and 0 more"."""
    report = read(quick(("The Tower: Limited Series: Fog", "2/7/25"), ("The Tower: Limited Series: Keys", "2/8/25")))
    assert describe(report, position_from(report, TOWER.scale), TOWER) == [
        "Netflix viewing history: no episode recognised",
        "note: 2 rows of the show name episodes this pack does not know: 'The Tower: Limited Series: Fog'; "
        "'The Tower: Limited Series: Keys'",
    ]


def test_a_viewing_is_abandoned_under_half_the_shortest_runtime_known() -> None:
    """Half the episode's own runtime (Lighthouse 1: 30 minutes), else half the show's shortest (the Tower:
    33-45), else half its longest episode (Lighthouse 3: up to 40), else five minutes (no runtime at all)."""
    saga = load_pack(FIXTURES / "saga")
    assert [abandoned_seconds(LIGHTHOUSE, 1), abandoned_seconds(LIGHTHOUSE, 3)] == [15 * 60, 20 * 60]
    assert [abandoned_seconds(TOWER, 1), abandoned_seconds(saga, 1)] == [16 * 60 + 30, 5 * 60]
    assert [shortest_minutes(LIGHTHOUSE, 1), shortest_minutes(TOWER, 1), shortest_minutes(saga, 1)] == [30, 33, None]


def _lighthouse_without_runtimes(longest: int | None) -> LoadedPack:
    """Lighthouse with no runtime per episode and no range: only its longest episode's length, or nothing."""
    import copy

    loaded = copy.deepcopy(LIGHTHOUSE)
    for season in loaded.pack.show.seasons:
        for episode in season.episodes:
            episode.runtime = None
    loaded.pack.show.runtime = None
    loaded.pack.show.longest_runtime = longest
    return loaded


def test_the_evidence_names_the_longest_episode_or_only_the_time_watched() -> None:
    """With only the longest episode's length known, the evidence is "up to" it; with no length at all,
    it is the time watched alone."""
    from cell211cli.viewer.history.questions import evidence

    rows = archive(
        view(1, "02-06 21:00", "0:29:00", title="Lighthouse: Limited Series: Arrival (Episode 1)"),
        view(2, "02-07 21:00", "0:16:40", title="Lighthouse: Limited Series: The Storm (Episode 2)"),
    )
    longest = _lighthouse_without_runtimes(30)
    assert evidence(read(rows, longest), longest, 2) == "16:40 of up to 30 minutes"
    unknown = _lighthouse_without_runtimes(None)
    assert evidence(read(rows, unknown), unknown, 2) == "16:40"


def test_an_episode_a_history_only_lists_is_asked_about_as_listed() -> None:
    """A quick history says which episodes were begun, not how far: the question says "listed"."""
    report = read(
        quick(("The Tower: Limited Series: Arrival", "2/6/25"), ("The Tower: Limited Series: The Stairs", "2/7/25"))
    )
    assert asked(report).prompt == "Episode 2: listed, nothing after it. Count episode 2 as finished?"


def test_one_episode_past_a_gap_is_noted_in_the_singular() -> None:
    report = read(archive(view(1, "02-06 21:00", "0:44:00"), view(3, "02-07 21:00", "0:44:00")))
    assert describe(report, position_from(report, TOWER.scale), TOWER)[-1] == (
        "note: episode 3 finished after a gap, not counted (--count-gaps counts them)"
    )


def test_many_unknown_rows_are_noted_in_spanish_too() -> None:
    """The note quoting three unknown rows and counting the rest is translated (its catalog entry is found
    by the English singular as well as the plural)."""
    from cell211cli import i18n

    unknown = [f"The Tower: Limited Series: Nope {n} (Episode {n + 8})" for n in range(1, 5)]
    report = read(
        archive(view(1, "02-06 21:00", "0:44:00"), *(view(2, "02-07 21:00", "0:01:00", title=t) for t in unknown))
    )
    before = i18n.current()
    i18n.use("es")
    try:
        note = describe(report, position_from(report, TOWER.scale), TOWER)[-1]
    finally:
        i18n.use(before)
    assert note.startswith("nota: 4 filas de la serie nombran episodios que este paquete no conoce: ")
    assert note.endswith(" y 1 más")


def test_after_a_yes_to_unknown_titles_the_last_of_them_is_asked_about() -> None:
    """Arrival and one unknown title: yes, watched in order; then whether that last one was finished."""
    report = read(unknown_titles(1))
    settle(report, asked(report), accepted=True)
    assert asked(report).prompt == "Episode 2: listed, nothing after it. Count episode 2 as finished?"
