"""Packs for any show: --pack by path and id, `validate` with exact locations, the JSON Schema, AUTHORING.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cell211cli.pack.discovery import shipped_packs_dir, user_packs_dir
from cell211cli.pack.schema import SCHEMA_FILE, pack_schema, pack_schema_text
from tests.helpers import FIXTURES, MINI, ROOT, Invoke

SAGA = FIXTURES / "saga"
SAGA_TEXT = (SAGA / "pack.yaml").read_text(encoding="utf-8")


def saga_with(tmp_path: Path, old: str, new: str) -> Path:
    assert old in SAGA_TEXT, old
    path = tmp_path / "pack.yaml"
    path.write_text(SAGA_TEXT.replace(old, new, 1), encoding="utf-8")
    return path


def validate_json(invoke: Invoke, path: Path) -> tuple[int, dict]:
    result = invoke("validate", str(path), "--format", "json")
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize(
    "command",
    [
        ["recap", "--upto", "S02E03"],
        ["recap", "--upto", "2x02", "--from", "s1e2"],
        ["recap", "--upto", "S02E03", "--episode", "S02E01"],
        ["recap", "--upto", "midseason", "--brief"],
        ["characters", "--upto", "S02E03"],
        ["characters", "mr green", "--upto", "S02E03"],
        ["facts", "--upto", "S02E03"],
        ["facts", "filming", "--upto", "S02E03"],
        ["levels", "--upto", "S02E03"],
        ["search", "orchard", "--upto", "S02E03"],
    ],
)
def test_multi_season_pack_works_with_every_command(invoke: Invoke, command: list[str]) -> None:
    """The three-season fixture works through --pack; nothing after S02E03 shows."""
    result = invoke(*command, "--pack", str(SAGA), "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert "Tobias" not in result.stdout and "sells" not in result.stdout.lower()


def test_pack_from_environment_and_by_installed_id(invoke: Invoke) -> None:
    """CELL211_PACK selects a pack; an installed pack is found by id and listed by `packs`."""
    assert "The Orchard" in invoke("recap", env={"CELL211_PACK": str(SAGA)}).stdout
    installed = user_packs_dir() / "orchard"
    installed.mkdir(parents=True)
    (installed / "pack.yaml").write_text(SAGA_TEXT, encoding="utf-8")
    assert "Marta inherits" in invoke("recap", "--pack", "orchard", "--upto", "1").stdout
    listing = json.loads(invoke("packs", "--format", "json").stdout)["packs"]
    expected = [("orchard", "installed"), ("cell211", "shipped"), ("griselda", "shipped")]
    assert [(p["id"], p["origin"]) for p in listing] == expected


def test_progress_is_per_pack_with_seasons(invoke: Invoke) -> None:
    """Progress saved with a season spelling is followed by later commands on that pack."""
    invoke("progress", "2x01", "--pack", str(SAGA))
    out = invoke("recap", "--pack", str(SAGA)).stdout
    assert "late frost" in out and "Paco" not in out


def test_validate_clean_packs_exit_0(invoke: Invoke) -> None:
    """The shipped pack and both fixtures validate with no errors and no warnings."""
    for target in (None, str(MINI), str(SAGA)):
        result = invoke("validate", *([target] if target else []), "--format", "json")
        assert result.exit_code == 0, result.stdout
        report = json.loads(result.stdout)
        assert report["valid"] and report["errors"] == 0 and report["warnings"] == 0, report


# One broken pack per check: (old, new, expected path, line, column, message fragment).
BROKEN = [
    ("id: orchard\n", "id: orchard\nid: again\n", "id", 5, 1, "duplicate key"),
    ("title: The Orchard", "title: [The Orchard", "", 8, 7, "invalid YAML"),
    ("year: 2031", "year: soon", "show.year", 8, 9, "valid integer"),
    ("role: The new owner of the orchard.", "role: no", "characters[0].role", 45, 11, "boolean"),
    ("role: Marta's neighbour, a beekeeper.", "role: 1:30", "characters[1].role", 54, 11, "number"),
    ("{id: s1e2, at: 1x02,", "{id: s1e1, at: 1x02,", "recap[2]", 35, 5, "duplicate recap item id"),
    ("{id: s2e1, at: S02E01,", "{id: s2e1, at: S04E01,", "recap[3].at", 36, 20, "not a position"),
    (
        "{name: Tobias, at: S03E01,",
        "{name: Tobias, at: S01E01,",
        "characters[2].aliases[0].at",
        62,
        28,
        "before its character",
    ),
    (
        "sources: [wiki]}\n  - {id: s2e2",
        "sources: [blog]}\n  - {id: s2e2",
        "recap[3].sources[0]",
        36,
        82,
        "does not define",
    ),
    (
        "text: The first harvest is small but sweet.",
        "text: Tobias watches the first harvest.",
        "recap[2].text",
        35,
        32,
        "not revealed until S03E01",
    ),
    (
        "{number: 2, title: First Harvest,",
        "{number: 2, title: Mr Green Arrives,",
        "show.seasons[0].episodes[1].title",
        18,
        30,
        "not revealed until S02E03",
    ),
    (
        '  - {id: press, title: Press kit, at: premise, url: "https://example.org/press"}\n',
        "",
        "recap[0].sources[0]",
        32,
        93,
        "does not define",
    ),
]


@pytest.mark.parametrize(("old", "new", "path", "line", "column", "message"), BROKEN)
def test_validate_locates_each_problem(
    invoke: Invoke, tmp_path: Path, old: str, new: str, path: str, line: int, column: int, message: str
) -> None:
    """Each broken pack gets exit 2 and a problem at the exact file, line, column and path."""
    pack = saga_with(tmp_path, old, new)
    code, report = validate_json(invoke, pack)
    assert code == 2, report
    matches = [p for p in report["problems"] if message in p["message"]]
    assert matches, report["problems"]
    problem = matches[0]
    assert (problem["file"], problem["path"], problem["line"], problem["column"]) == (str(pack), path, line, column)


def test_unused_source_is_a_warning_not_an_error(invoke: Invoke, tmp_path: Path) -> None:
    """A source defined but never cited: exit 0, one warning."""
    pack = saga_with(
        tmp_path,
        "  - {id: press,",
        '  - {id: unused, title: Spare, at: premise, url: "https://x.invalid"}\n  - {id: press,',
    )
    code, report = validate_json(invoke, pack)
    assert code == 0 and report["warnings"] == 1
    assert report["problems"][0]["severity"] == "warning" and "never cited" in report["problems"][0]["message"]


def test_validate_text_output_and_exit_code(invoke: Invoke, tmp_path: Path) -> None:
    """Plain validate prints `file:line:col at path: error: message` lines and exits 2."""
    pack = saga_with(tmp_path, "year: 2031", "year: soon")
    result = invoke("validate", str(pack))
    assert result.exit_code == 2
    assert f"{pack}:8:9 at show.year: error:" in result.stdout
    assert result.stdout.splitlines()[-1].endswith("invalid (1 error(s), 0 warning(s))")  # the verdict, last


def test_shipped_schema_is_generated_from_the_model() -> None:
    """recaps/pack.schema.json is exactly what `cell211 schema` prints."""
    assert (shipped_packs_dir() / SCHEMA_FILE).read_text(encoding="utf-8") == pack_schema_text()


def test_schema_accepts_the_packs_and_rejects_a_broken_one() -> None:
    """A JSON Schema validator accepts the shipped and fixture packs and refuses a broken one."""
    import jsonschema
    import yaml

    validator = jsonschema.Draft202012Validator(pack_schema())
    for path in (shipped_packs_dir() / "cell211" / "pack.yaml", MINI / "pack.yaml", SAGA / "pack.yaml"):
        validator.validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    broken = yaml.safe_load(SAGA_TEXT.replace("role: The new owner of the orchard.", "role: [1, 2]"))
    assert list(validator.iter_errors(broken))


def test_shipped_pack_points_editors_at_the_schema() -> None:
    """The shipped pack's first line is the yaml-language-server schema comment, and the path resolves."""
    pack = shipped_packs_dir() / "cell211" / "pack.yaml"
    first = pack.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../pack.schema.json"
    assert (pack.parent / "../pack.schema.json").resolve().is_file()


def test_authoring_example_validates(invoke: Invoke, tmp_path: Path) -> None:
    """The complete example in AUTHORING.md is accepted by `cell211 validate`."""
    text = (ROOT / "AUTHORING.md").read_text(encoding="utf-8")
    example = text.split("## A complete example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "orchard.yaml"
    path.write_text(example, encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 0, result.stdout
    assert "valid (0 error(s), 0 warning(s))" in result.stdout


# Every string a command can print has a reveal position, and the checks read them all:
# (old, new, expected path, line, column, message fragment, severity).
EVERY_STRING = [
    (
        'url: "https://example.org/press"',
        'url: "https://example.org/did-tobias-buy-it"',
        "sources[1].url",
        30,
        53,
        "not revealed until S03E01",
        "error",
    ),
    ("title: Press kit,", "title: Tobias press kit,", "sources[1].title", 30, 24, "not revealed", "error"),
    (
        "{id: press, title:",
        "{id: press, publisher: Tobi\u00adas Press, title:",
        "sources[1].publisher",
        30,
        28,
        "not revealed",
        "error",
    ),
    ("first-harvest: S01E02", "tobias: S01E02", "show.depths.tobias", 11, 13, "not revealed until S03E01", "error"),
    ("first-harvest: S01E02", '"3": S01E02', "show.depths.3", 11, 10, "lowercase letters", "error"),
    ("first-harvest: S01E02", "episode-3: S01E02", "show.depths.episode-3", 11, 16, "position spelling", "error"),
    ("first-harvest: S01E02", "s1e2: S01E02", "show.depths.s1e2", 11, 11, "position spelling", "error"),
    ("first-harvest: S01E02", "ending: S01E02", "show.depths.ending", 11, 13, "position spelling", "error"),
    ("actor: Performer A", "actor: Tobias Ortega", "characters[0].actor", 46, 12, "not revealed", "error"),
    ("name: Mr Green", "name: Mr Green (Tobias)", "characters[2].name", 57, 11, "not revealed", "error"),
    (
        "{number: 2, title: First Harvest,",
        "{number: 3, title: First Harvest,",
        "show.seasons[0].episodes[1].number",
        18,
        20,
        "expected 2",
        "error",
    ),
    ("    - number: 3\n", "    - number: 2\n", "show.seasons[2].number", 24, 15, "increasing order", "error"),
    ("{id: s2e1, at: S02E01,", "{id: s2e1, at: 010,", "recap[3].at", 36, 20, "plain decimal", "error"),
    ("year: 2031", "year: 0x7EF", "show.year", 8, 9, "plain decimal", "error"),
    ("{id: wiki,", "{id: withheld,", "sources[0].id", 29, 10, "reserved", "error"),
    (
        "title: Press kit,",
        "title: Press kit (ending explained),",
        "sources[1].title",
        30,
        24,
        "gives the ending away (ending, explained)",
        "warning",
    ),
    # A source is shown no earlier than anything that cites it: its link leads to a page that may tell as
    # much as the latest text citing it.
    (
        "{id: farm, title: Farm news, at: ending,",
        "{id: farm, title: Farm news, at: premise,",
        "topics[0].facts[1].sources[0]",
        69,
        78,
        "cites a source shown from premise, before this text (S03E02)",
        "error",
    ),
    (
        "text: A late frost kills half the blossom., sources: [wiki]}",
        "text: A late frost kills half the blossom., sources: [wiki, press]}",
        "recap[3].sources[1]",
        36,
        88,
        "cites a source shown from premise, before this text (S02E01)",
        "error",
    ),
    # A page about one episode (its `covers`) cited by a text shown before that episode: a warning.
    (
        "{id: wiki, title: Orchard fan wiki, at: ending,",
        "{id: wiki, title: Orchard fan wiki, at: ending, covers: S01E02,",
        "show.seasons[0].episodes[0].sources[0]",
        17,
        87,
        "cites a page about S01E02: was this fact taken from a later episode?",
        "warning",
    ),
]


@pytest.mark.parametrize(("old", "new", "path", "line", "column", "message", "severity"), EVERY_STRING)
def test_validate_checks_every_printed_string(
    invoke: Invoke, tmp_path: Path, old: str, new: str, path: str, line: int, column: int, message: str, severity: str
) -> None:
    """Sources, depth names, actors, names, numbers: each rule reports at the exact place, with its severity."""
    pack = saga_with(tmp_path, old, new)
    code, report = validate_json(invoke, pack)
    assert code == (2 if severity == "error" else 0), report
    matches = [p for p in report["problems"] if message in p["message"]]
    assert matches, report["problems"]
    problem = matches[0]
    found = (problem["path"], problem["line"], problem["column"], problem["severity"])
    assert found == (path, line, column, severity)
