"""The message catalogs are complete and compiled: every message the code marks is translated in every
language the tool speaks, with the same placeholders, and the shipped ``.mo`` is the compiled ``.po``.
After changing messages: ``python tests/catalogs.py``, then translate what it adds."""

from __future__ import annotations

import re

import pytest

from cell211cli.i18n import LANGUAGES, SOURCE_LANGUAGE
from tests import catalogs

TRANSLATED = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _ids(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def test_the_template_holds_every_message_of_the_code() -> None:
    """cell211.pot is what extraction gives now (run tests/catalogs.py after changing messages)."""
    extracted = {_ids(m.id) for m in catalogs.extract() if m.id}
    with catalogs.TEMPLATE.open("rb") as file:
        template = {_ids(m.id) for m in catalogs.read_po(file) if m.id}
    assert extracted == template


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language: str) -> None:
    """No message missing, untranslated, fuzzy or with other placeholders than the English."""
    catalog = catalogs.read(language)
    extracted = {_ids(m.id) for m in catalogs.extract() if m.id}
    translated = {_ids(m.id): m for m in catalog if m.id}
    assert sorted(extracted - set(translated)) == []
    problems = []
    for message_id, message in translated.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if message.fuzzy or not all(strings):
            problems.append(("untranslated", message_id))
        elif any(
            sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(ids[min(i, len(ids) - 1)]))
            for i, s in enumerate(strings)
        ):
            problems.append(("placeholders", message_id))
    assert problems == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_shipped_catalog_is_the_compiled_po(language: str) -> None:
    """The .mo the wheel ships is exactly the .po compiled."""
    compiled = catalogs.compiled(catalogs.read(language))
    assert catalogs.po_file(language).with_suffix(".mo").read_bytes() == compiled
