"""The message catalogs, read and rebuilt with Babel: ``python tests/catalogs.py`` extracts every message of
the code into ``locale/cell211.pot``, merges it into each language's ``.po`` and compiles the ``.mo`` files
that ship. ``tests/test_catalogs.py`` fails while any of them is out of date or incomplete."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from cell211cli.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE

PACKAGE = LOCALE_DIR.parents[1]
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
STAMP = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
"""A fixed date in the headers, so that rebuilding unchanged catalogs changes no file."""
PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);"}
"""gettext's classic rule, rather than CLDR's three forms (a third one only for millions)."""


def po_file(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    """Every message the code marks, with its places and translator comments."""
    catalog = Catalog(project="cell211", domain=DOMAIN, fuzzy=False, creation_date=STAMP, revision_date=STAMP)
    for filename, line, message, comments, context in extract_from_dir(
        PACKAGE,
        [("**.py", "python")],
        keywords=DEFAULT_KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    return catalog


def read(language: str) -> Catalog:
    with po_file(language).open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=False, no_location=True, sort_output=True)
    return buffer.getvalue()


def update() -> None:
    """Rewrite the template, merge it into every translation, compile them."""
    template = extract()
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_bytes(_po_bytes(template))
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        path = po_file(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = read(language) if path.exists() else Catalog(locale=language, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy, catalog.project, catalog.revision_date = False, "cell211", STAMP
        headers = [(key, value) for key, value in catalog.mime_headers if key != "Plural-Forms"]
        catalog.mime_headers = [*headers, ("Plural-Forms", PLURAL_FORMS.get(language, "nplurals=2; plural=(n != 1);"))]
        path.write_bytes(_po_bytes(catalog))
        path.with_suffix(".mo").write_bytes(compiled(catalog))


if __name__ == "__main__":
    update()
