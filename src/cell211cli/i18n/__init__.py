"""The language a command speaks: chosen once per run, used by every message, heading and help text.

Messages are written in English in the code, marked ``_("...")`` (or ``N_("...")`` where the text is
defined before the language is known, and translated with ``_()`` where it is shown), extracted by Babel
into ``locale/cell211.pot`` and translated in ``locale/LANG/LC_MESSAGES/cell211.po``; the compiled
``.mo`` files ship in the wheel and are read with the standard library's ``gettext``.

The language comes from ``--lang``, else ``CELL211_LANG``, else ``lang`` in the config file, else the
locale (``LANGUAGE``, then the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as gettext reads them),
else English.
"""

from __future__ import annotations

import gettext as _gettext
from pathlib import Path

DOMAIN = "cell211"
LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "es")
"""Every language the tool speaks: English, in which the messages are written, and those with a catalog."""
LANG_OPTION = "--lang"

_current = SOURCE_LANGUAGE
_catalog: _gettext.NullTranslations = _gettext.NullTranslations()


def language_of(value: str) -> str | None:
    """The supported language a tag or locale names: ``es_MX.UTF-8``, ``es-MX`` and ``ES`` give ``es``;
    ``C`` and ``POSIX`` give English; anything else None."""
    tag = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].casefold()
    if tag in ("c", "posix"):
        return SOURCE_LANGUAGE
    return tag if tag in LANGUAGES else None


def use(language: str) -> None:
    """Speak ``language`` from now on (English for one without a catalog)."""
    global _current, _catalog
    _current = language if language in LANGUAGES else SOURCE_LANGUAGE
    if _current == SOURCE_LANGUAGE:
        _catalog = _gettext.NullTranslations()
    else:
        _catalog = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[_current], fallback=True)


def current() -> str:
    """The language in use."""
    return _current


def _(message: str) -> str:
    """``message`` in the language in use."""
    return _catalog.gettext(message)


def pgettext(context: str, message: str) -> str:
    """``message`` in the language in use, where ``context`` tells apart two uses of the same English."""
    return _catalog.pgettext(context, message)


_CONTRACTIONS = {"de": "del", "De": "Del", "a": "al", "A": "Al"}


def tidy(text: str) -> str:
    """Spanish contracts "de el" and "a el" (when "el" is the article, written in lower case: a name such as
    El Paso stays as it is): what joining a message and a phrase such as "el episodio 3" gives."""
    if _current != "es" or " el " not in text:
        return text
    import re

    return re.sub(r"\b(de|De|a|A) el\b", lambda match: _CONTRACTIONS[match[1]], text)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for ``count``, in the language in use."""
    return _catalog.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks ``message`` for translation where it is defined; ``_()`` translates it where it is shown."""
    return message
