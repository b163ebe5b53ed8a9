"""Every JSON answer has the documented shape (docs/output.schema.json), a version, and one type per key."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tests.helpers import MINI, SCHEMA, Invoke


def shape(name: str) -> dict:
    """The published schema narrowed to one command's answer."""
    return {**SCHEMA, "oneOf": [{"$ref": f"#/$defs/{name}"}]}


ANSWERS = [
    ("recap", ["recap", "--upto", "3"], 0),
    ("recap", ["recap", "--upto", "ending", "--brief"], 0),
    ("characters", ["characters", "--upto", "3"], 0),
    ("characters", ["characters", "nobody", "--upto", "3"], 1),
    ("topics", ["facts", "--upto", "4"], 0),
    ("topic", ["facts", "true", "--upto", "4"], 0),
    ("topic", ["facts", "nothing", "--upto", "4"], 1),
    ("search", ["search", "keeper", "--upto", "4"], 0),
    ("search", ["search", "nothing", "--upto", "4"], 1),
    ("levels", ["levels", "--upto", "2"], 0),
    ("map", ["map", "--upto", "4"], 0),
    ("progress", ["progress"], 0),
    ("history", ["progress", "history"], 0),
    ("recap", ["recap", "--before", "3", "--yes"], 0),
    ("recap", ["recap", "--since-last"], 0),
    ("whos_who", ["characters", "--before", "4", "--yes"], 0),
    ("validate", ["validate", str(MINI)], 0),
]


@pytest.mark.parametrize(("name", "args", "exit_code"), ANSWERS)
def test_answers_match_the_published_schema(
    mini: Invoke, invoke: Invoke, name: str, args: list[str], exit_code: int
) -> None:
    """Found or not, the answer is one JSON object of the command's documented shape on stdout."""
    result = invoke(*args, "--json") if args[0] == "validate" else mini(*args, "--json")
    assert result.exit_code == exit_code, result.stderr
    jsonschema.validate(json.loads(result.stdout), shape(name))


def test_packs_answer_matches_the_schema(invoke: Invoke) -> None:
    jsonschema.validate(json.loads(invoke("packs", "--json").stdout), shape("packs"))


def test_brief_recap_has_lines_and_no_items(mini: Invoke) -> None:
    data = json.loads(mini("recap", "--upto", "2", "--brief", "--json").stdout)
    assert data["brief"] is True
    assert all(episode["items"] == [] for episode in data["episodes"])
    assert data["episodes"][1]["line"] == "Ana arrives at the lighthouse."


def test_one_type_per_key_across_commands(mini: Invoke) -> None:
    """A key holds the same JSON type wherever it appears, in every command's answer."""
    types: dict[str, set[str]] = {}

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if item is not None:
                    types.setdefault(key, set()).add(type(item).__name__)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for _, args, _ in ANSWERS:
        if args[0] != "validate":
            walk(json.loads(mini(*args, "--json").stdout))
    mixed = {key: kinds for key, kinds in types.items() if len(kinds) > 1}
    assert not mixed, mixed


def test_json_and_format_must_agree(mini: Invoke) -> None:
    assert mini("recap", "--json", "--format", "json").exit_code == 0
    result = mini("recap", "--json", "--format", "plain")
    assert result.exit_code == 2 and "different formats" in result.stderr


@pytest.mark.parametrize("language", ["en", "es"])
def test_config_answer_matches_the_schema(invoke: Invoke, language: str) -> None:
    """`config --json`, with nothing set and with every origin (file, environment, option), has its shape."""
    from cell211cli.viewer.config import config_file

    jsonschema.validate(json.loads(invoke("config", "--json", "--lang", language).stdout), shape("config"))
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('hints = false\nformat = "plain"\npager = false\n', encoding="utf-8")
    env = {"CELL211_PACK": str(MINI), "CELL211_UPTO": "2", "NO_COLOR": "1", "CELL211_PAGER": ""}
    result = invoke("config", "--json", "--lang", language, env=env)
    answer = json.loads(result.stdout)
    jsonschema.validate(answer, shape("config"))
    assert answer["exists"] is True and answer["settings"]["hints"] == {"value": "false", "origin": "config.toml"}
    assert answer["settings"]["upto"]["origin"] == "CELL211_UPTO"
    assert answer["settings"]["pager program"]["origin"] == "CELL211_PAGER"
