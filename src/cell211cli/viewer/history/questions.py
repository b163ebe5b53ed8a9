"""What only the viewer can settle, as questions with their evidence. Pure: the CLI asks them on a terminal
(``prompt``, default no) and otherwise prints ``hint``; either way it calls ``settle`` and asks for the next.

- The episode right after the finished run, watched short of the end with nothing after it: finished?
- Episodes of the show a quick history lists under titles the pack does not know: as if watched in order?
"""

from __future__ import annotations

from dataclasses import dataclass

from cell211cli.i18n import _, ngettext
from cell211cli.pack.model import LoadedPack
from cell211cli.viewer.history.evidence import Reason, episode_of
from cell211cli.viewer.history.report import HistoryReport, position_from

_LAST = "last"
_UNKNOWN = "unknown"


@dataclass(frozen=True, eq=False, repr=False)
class Question:
    """A yes/no question: ``prompt`` for a person at the terminal, ``hint`` (one line) for anyone else."""

    key: str
    prompt: str
    hint: str
    finished: tuple[int, ...]
    """The episodes a yes counts as finished."""
    begun: int | None = None
    """The episode a yes counts as begun (the one after them)."""


def next_question(report: HistoryReport, loaded: LoadedPack) -> Question | None:
    """The next question whose answer would change the position, or None."""
    run = position_from(report, loaded.scale).position.ordinal
    if _UNKNOWN not in report.settled and report.unknown:
        distinct = len(report.begun | report.finished) + len(report.unknown)
        # Mutation testing: the bound is equivalent today: only a quick list has unknown titles, and there
        # every known episode but the last counts at most, so the answer can always move the position.
        if distinct - 1 > run:  # pragma: no mutate
            return _unknown_titles(report, distinct)
    if _LAST not in report.settled and run + 1 in report.undecided:
        return _last_episode(report, loaded, run + 1)
    return None


def settle(report: HistoryReport, question: Question, accepted: bool) -> None:
    """Record the answer (no, for anyone not asked)."""
    report.settled.add(question.key)
    if not accepted:
        return
    for ordinal in question.finished:
        report.finish(ordinal, Reason.CONFIRMED)
    if question.begun is not None and question.begun not in report.finished:
        report.begun.add(question.begun)
        report.undecided.add(question.begun)


def clock(seconds: int) -> str:
    """``2050`` → ``34:10`` (minutes and seconds)."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def evidence(report: HistoryReport, loaded: LoadedPack, ordinal: int) -> str:
    """How far the episode was watched, against its runtime: ``3:10 of about 33-45 minutes``."""
    reached = report.reached.get(ordinal)
    if reached is None:
        # TRANSLATORS: said of an episode a history lists without saying how far it was watched.
        return _("listed")
    episode = episode_of(loaded, ordinal)
    runtime = loaded.pack.show.runtime
    if episode is not None and episode.runtime:
        # TRANSLATORS: {time} is minutes:seconds watched, {minutes} the episode's runtime.
        return _("{time} of about {minutes} minutes").format(time=clock(reached), minutes=episode.runtime)
    if runtime is not None:
        # TRANSLATORS: {time} is minutes:seconds watched; {low}-{high} the range of the show's episode runtimes.
        return _("{time} of about {low}-{high} minutes").format(time=clock(reached), low=runtime.min, high=runtime.max)
    if loaded.pack.show.longest_runtime:
        # TRANSLATORS: {time} is minutes:seconds watched, {minutes} the runtime of the show's longest episode.
        return _("{time} of up to {minutes} minutes").format(
            time=clock(reached), minutes=loaded.pack.show.longest_runtime
        )
    return clock(reached)


def _last_episode(report: HistoryReport, loaded: LoadedPack, ordinal: int) -> Question:
    shown = evidence(report, loaded, ordinal)
    # TRANSLATORS: {episode} is an episode number; {evidence} says how far it was watched (34:10 of about
    # 33-45 minutes, or "listed").
    said = _("Episode {episode}: {evidence}, nothing after it.").format(episode=ordinal, evidence=shown)
    prompt = _("{said} Count episode {episode} as finished?").format(said=said, episode=ordinal)
    hint = _("note: episode {episode} left begun ({evidence}, nothing after it); if you finished it: {command}")
    command = f"cell211 progress {ordinal}"
    return Question(_LAST, prompt, hint.format(episode=ordinal, evidence=shown, command=command), (ordinal,))


def _unknown_titles(report: HistoryReport, distinct: int) -> Question:
    count, first, last = len(report.unknown), report.unknown[0], report.unknown[-1]
    # TRANSLATORS: {count} episodes of the show have titles the pack does not know; {first} and {last} are
    # the dates the history gives them; {distinct} counts every episode of the show the history lists.
    said = ngettext(
        "The history lists {distinct} different episodes of the show, {count} of them under a title this pack "
        "does not know (dates {first} to {last}).",
        "The history lists {distinct} different episodes of the show, {count} of them under titles this pack "
        "does not know (dates {first} to {last}).",
        count,
    ).format(distinct=distinct, count=count, first=first, last=last)
    finished = tuple(range(1, distinct))
    ranges = f"1-{distinct - 1}" if distinct > 2 else "1"
    # TRANSLATORS: {ranges} is 1 or a run of episode numbers such as 1-3.
    prompt = ngettext(
        "{said} Count episode {ranges} as finished, as if watched in order?",
        "{said} Count episodes {ranges} as finished, as if watched in order?",
        distinct - 1,
    )
    hint = ngettext(
        "note: {count} episode title of the show is unknown to this pack (dates {first} to {last}), so it "
        "was not counted; if you watched in order, you finished {last_finished}: {command}",
        "note: {count} episode titles of the show are unknown to this pack (dates {first} to {last}), so they "
        "were not counted; if you watched in order, you finished {last_finished}: {command}",
        count,
    )
    command = f"cell211 progress {distinct - 1}"
    return Question(
        _UNKNOWN,
        prompt.format(said=said, ranges=ranges),
        hint.format(count=count, first=first, last=last, last_finished=distinct - 1, command=command),
        finished,
        distinct,
    )
