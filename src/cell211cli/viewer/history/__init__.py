"""Viewing histories → how far the viewer got with a show (``reading.read_history``,
``report.position_from``). Pure: a history file in, a report out; nothing here prints or asks
(``questions`` says what to ask, ``summary`` what to say).

Formats are told apart by their content, not their names, and read as streams (``streams``):

- Netflix "Viewing activity > Download all" (``NetflixViewingHistory.csv``): ``Title,Date`` rows, episodes
  known by their titles or a number in them; every listed episode was begun, and one with a later episode
  listed was finished (``netflix``);
- Netflix's personal-data archive (``ViewingActivity.csv``, or the ZIP holding it): profiles, bookmarks and
  ``(Episode N)`` titles, read by the rules of ``evidence``;
- a Trakt export (a ZIP of ``watched-history-N.json`` pages, or one page), whose "watched" is a finish (``trakt``).

What the report holds that came from the file (profile names, unmatched rows) is the file's own text;
episodes are positions of the pack, never its titles.
"""
