"""The tool in Spanish: choosing the language, translated packs, stale translations, and Spanish messages."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from cell211cli.cli.context import Arguments, choose_language
from cell211cli.i18n import language_of
from tests.helpers import GOLDEN, MINI, Invoke


@pytest.mark.parametrize(
    ("args", "environ", "expected"),
    [
        ([], {}, "en"),
        (["recap", "--lang", "es"], {}, "es"),
        (["recap", "--lang=es"], {"LANG": "en_US.UTF-8"}, "es"),
        (["recap", "--lang", "en"], {"CELL211_LANG": "es"}, "en"),
        ([], {"CELL211_LANG": "es", "LANG": "en_GB.UTF-8"}, "es"),
        ([], {"LANG": "es_MX.UTF-8"}, "es"),
        ([], {"LC_MESSAGES": "es_ES", "LANG": "en_US"}, "es"),
        ([], {"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "es_MX"}, "en"),
        ([], {"LANGUAGE": "fr:es", "LANG": "en_US.UTF-8"}, "es"),
        ([], {"LANGUAGE": "es", "LC_ALL": "C"}, "en"),
        ([], {"LANG": "fr_FR.UTF-8"}, "en"),
        ([], {"CELL211_LANG": "fr", "LANG": "es_MX.UTF-8"}, "es"),
        (["search", "--", "--lang", "es"], {}, "en"),
    ],
)
def test_language_is_chosen_as_documented(args: list[str], environ: dict[str, str], expected: str) -> None:
    """--lang, then CELL211_LANG, then the locale as gettext reads it, else English."""
    assert choose_language(Arguments.scan(args), environ, None) == expected


def test_language_tags_and_locales_are_read_loosely() -> None:
    """A region, an encoding or a modifier does not matter; C and POSIX are English."""
    assert [language_of(v) for v in ("es_MX.UTF-8", "es-419", "ES", "es@euro", "C", "POSIX", "pt_BR")] == [
        "es",
        "es",
        "es",
        "es",
        "en",
        "en",
        None,
    ]


SPANISH_CASES = {
    "recap-ending-es.txt": ["recap", "--upto", "ending", "--format", "plain", "--lang", "es"],
    "characters-3-es.txt": ["characters", "--upto", "3", "--format", "plain", "--lang", "es"],
    "facts-4-es.json": ["facts", "true-story", "--upto", "4", "--format", "json", "--lang", "es"],
    "map-4-es.md": ["map", "--upto", "4", "--format", "markdown", "--lang", "es"],
}


@pytest.mark.parametrize("name", sorted(SPANISH_CASES))
def test_spanish_output_matches_golden_file(mini: Invoke, name: str) -> None:
    """Spanish output, fallbacks included, is exactly what was reviewed and committed."""
    result = mini(*SPANISH_CASES[name], env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


def _translated_copy(tmp_path: Path, stale_and_missing: bool = False) -> Path:
    """The mini pack in a folder of its own; optionally with the keeper's role translating an older English
    text and his fear of storms not translated at all, as in a pack mid-revision."""
    folder = tmp_path / "pack"
    shutil.copytree(MINI, folder)
    if stale_and_missing:
        translation = folder / "es.yaml"
        text = translation.read_text(encoding="utf-8").replace('{of: "2ba058efc0", text: El farero.}', STALE)
        lines = [line for line in text.splitlines() if "character/tomas/fact/0/text" not in line]
        translation.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


STALE = '{of: "0000000000", text: El farero de siempre.}'


def test_spanish_content_and_messages(tmp_path: Path, invoke: Invoke) -> None:
    """--lang es gives the Spanish text, Spanish labels and hints; a missing translation shows marked."""
    folder = _translated_copy(tmp_path, stale_and_missing=True)
    result = invoke("characters", "--upto", "2", "--format", "plain", "--lang", "es", "--pack", str(folder))
    assert "Una joven que llega a la isla." in result.stdout
    assert "[en] He fears the storm season." in result.stdout  # no translation yet
    assert "[en] The lighthouse keeper." in result.stdout  # its translation is stale
    assert "El farero de siempre" not in result.stdout
    assert "Episodio 1" in result.stdout
    assert "episodios" in result.stderr


def test_the_environment_chooses_spanish(mini: Invoke) -> None:
    """LANG=es_MX.UTF-8 is enough; --lang en wins over it."""
    spanish = mini("recap", "--upto", "1", "--format", "plain", env={"LANG": "es_MX.UTF-8"})
    assert "Ana llega al faro con una carta." in spanish.stdout
    english = mini("recap", "--upto", "1", "--format", "plain", "--lang", "en", env={"LANG": "es_MX.UTF-8"})
    assert "Ana arrives at the lighthouse with a letter." in english.stdout


def test_help_is_in_spanish(invoke: Invoke) -> None:
    """Help, option help and click's own headings come from the catalog."""
    result = invoke("--help", env={"LANG": "es_MX.UTF-8"})
    assert "Uso:" in result.stdout and "Opciones" in result.stdout and "Comandos" in result.stdout
    assert "Show this message and exit." not in result.stdout
    recap = invoke("recap", "--help", "--lang", "es")
    assert "Ejemplos" in recap.stdout
    assert "Examples" in invoke("recap", "--help").stdout  # the English tree is untouched


def test_usage_errors_are_in_spanish(invoke: Invoke) -> None:
    """Click's usage errors: translated framing and message, exit 2."""
    result = invoke("recap", "--bogus", "--lang", "es")
    assert result.exit_code == 2
    assert result.stderr.startswith("cell211: no existe la opción")
    assert "consulta 'cell211 recap --help'" in result.stderr


def test_an_unknown_language_is_a_usage_error(invoke: Invoke) -> None:
    """--lang fr names what is available; the environment only ever falls back to English."""
    result = invoke("recap", "--lang", "fr")
    assert result.exit_code == 2 and "en, es" in result.stderr
    fallback = invoke("recap", env={"CELL211_LANG": "fr"})
    assert fallback.exit_code == 0 and "CELL211_LANG=fr" in fallback.stderr
    assert ": recap up to the premise\n\nPremise\n" in fallback.stdout  # English, the locale's (C) language


def test_english_ids_and_spanish_titles_find_topics(mini: Invoke) -> None:
    """A topic is found by its id in any language, and by its Spanish title, hyphens standing for spaces."""
    by_id = mini("facts", "true-story", "--upto", "1", "--format", "json", "--lang", "es")
    by_title = mini("facts", "historia-real", "--upto", "1", "--format", "json", "--lang", "es")
    assert by_id.exit_code == by_title.exit_code == 0
    assert json.loads(by_id.stdout)["topic"]["title"] == "La historia real del faro"
    assert by_id.stdout == by_title.stdout


def test_search_works_on_the_spanish_text(mini: Invoke) -> None:
    """Spanish words are found (accents optional); hidden Spanish text is not."""
    found = mini("search", "lampara", "--upto", "1", "--format", "json", "--lang", "es")
    assert found.exit_code == 0 and json.loads(found.stdout)["count"] == 1
    assert mini("search", "galeria", "--upto", "3", "--lang", "es").exit_code == 1


def test_json_keys_stay_english_and_carry_the_language(mini: Invoke) -> None:
    """Keys are the contract; the answer says which language its text is in."""
    data = json.loads(mini("recap", "--upto", "1", "--format", "json", "--lang", "es").stdout)
    assert data["language"] == "es" and "episodes" in data
    assert json.loads(mini("recap", "--upto", "1", "--format", "json").stdout)["language"] == "en"


def test_validate_reports_missing_and_stale_translations(tmp_path: Path, invoke: Invoke) -> None:
    """Each with the digest the entry needs, located in the translation file."""
    result = invoke("validate", str(_translated_copy(tmp_path, stale_and_missing=True)))
    assert result.exit_code == 0
    assert "es.yaml" in result.stdout
    assert "character/tomas/fact/0/text" in result.stdout and "no translation yet" in result.stdout
    assert "character/tomas/role" in result.stdout and "earlier version" in result.stdout


def test_a_translation_cannot_carry_a_gate(tmp_path: Path, invoke: Invoke) -> None:
    """``at`` is not a field of a translation: the pack's gates are the only ones."""
    folder = _translated_copy(tmp_path)
    translation = folder / "es.yaml"
    text = translation.read_text(encoding="utf-8")
    translation.write_text(text.replace('{of: "47a9605141",', '{at: 4, of: "47a9605141",'), encoding="utf-8")
    result = invoke("validate", str(folder))
    assert result.exit_code == 2 and "unknown field" in result.stdout


def test_a_translation_naming_a_later_alias_is_refused(tmp_path: Path, invoke: Invoke) -> None:
    """The name check runs on the Spanish text, with the names of both languages."""
    folder = _translated_copy(tmp_path)
    translation = folder / "es.yaml"
    text = translation.read_text(encoding="utf-8")
    text = text.replace("El farero Tomás esconde la llave", "Bruno esconde la llave")
    translation.write_text(text, encoding="utf-8")
    result = invoke("validate", str(folder))
    assert result.exit_code == 2
    assert "recap/e1-2/text" in result.stdout and "not revealed until S01E03" in result.stdout
    shown = invoke("recap", "--upto", "1", "--pack", str(folder), "--lang", "es")
    assert shown.exit_code == 2 and "Bruno" not in shown.stdout + shown.stderr


def test_editing_a_translation_refreshes_the_cache(tmp_path: Path, invoke: Invoke) -> None:
    """The cache is keyed by the translation's contents too."""
    folder = _translated_copy(tmp_path)
    args = ("recap", "--upto", "1", "--format", "plain", "--pack", str(folder), "--lang", "es")
    assert "con una carta" in invoke(*args).stdout
    translation = folder / "es.yaml"
    translation.write_text(translation.read_text("utf-8").replace("con una carta", "con un sobre"), "utf-8")
    assert "con un sobre" in invoke(*args).stdout


def test_translate_keeps_current_translations(tmp_path: Path, invoke: Invoke) -> None:
    """The template lists every key; current translations stay, stale and missing ones are null."""
    result = invoke("translate", "es", str(_translated_copy(tmp_path, stale_and_missing=True)))
    assert result.exit_code == 0
    assert 'text: "Ana llega al faro."' in result.stdout
    assert result.stdout.count("    text: null") == 2


def test_completion_offers_the_spanish_names() -> None:
    """Completion (the real entry point, as a shell runs it) works on the text of the line's language."""
    from tests.helpers import shell_candidates

    line = f"cell211 characters --pack {MINI} --lang es --upto 4 insp"
    assert shell_candidates("bash", line) == ["Inspectora\\ Vidal"]
    assert shell_candidates("bash", line.replace("--lang es", "--lang en")) == ["Inspector\\ Vidal"]


def test_the_config_file_can_choose_the_language(mini: Invoke, isolated_env: Path) -> None:
    """lang in config.toml comes after --lang and CELL211_LANG, before the locale; a bad one is an error."""
    config = isolated_env / "xdg_config_home" / "cell211" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('lang = "es"\n', encoding="utf-8")
    args = ("recap", "--upto", "1", "--format", "plain")
    assert "Ana llega al faro" in mini(*args).stdout
    assert "Ana arrives" in mini(*args, env={"CELL211_LANG": "en"}).stdout
    assert "Ana arrives" in mini(*args, "--lang", "en").stdout
    config.write_text('lang = "fr"\n', encoding="utf-8")
    result = mini(*args)
    assert result.exit_code == 2 and "lang must be one of en, es" in result.stderr


def test_an_unknown_cell211_lang_is_noted(mini: Invoke) -> None:
    """CELL211_LANG=fr is ignored with a note on stderr (the locale then decides)."""
    result = mini("recap", "--upto", "1", "--format", "plain", env={"CELL211_LANG": "fr", "LANG": "es_MX.UTF-8"})
    assert result.exit_code == 0 and "CELL211_LANG=fr" in result.stderr
    assert "Ana llega al faro" in result.stdout
