"""YAML file → validated ``Pack``: every problem reported at once, each with file, line and path.

Reading is defensive: a size limit, no YAML anchors or aliases (which also rules out alias bombs), and
duplicate keys rejected. yaml and pydantic are imported only when a pack is actually parsed (a pack from
the store needs neither; see ``store``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from cell211cli.errors import InvalidPack, Location, Problem, location_text
from cell211cli.files import MAX_PACK_BYTES
from cell211cli.i18n import _, ngettext
from cell211cli.pack.discovery import PACK_FILE, pack_file
from cell211cli.pack.model import LoadedPack, Pack
from cell211cli.pack.positions import DEPTH_NAME, DepthSpelling, Scale, UnknownPosition, is_position_spelling

if TYPE_CHECKING:
    import yaml
    from pydantic import TypeAdapter

    from cell211cli.pack.model import Translation

MAX_EPISODES = 10_000
SOURCE_COLUMNS = ("id", "title", "url", "at", "publisher", "covers")
REQUIRED_SOURCE_COLUMNS = ("id", "title", "url", "at")
_PLAIN_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,8})")


class _PackReader:
    """Collects problems for one file while it is read, parsed, validated and checked."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.marks: dict[Location, tuple[Path, int, int]] = {}
        self.files: list[Path] = []
        self.unknown_positions: set[Location] = set()

    def problem(self, location: Location, message: str, severity: str = "error", subject: str | None = None) -> None:
        file, line, column = self._nearest_mark(location) or (self.file, None, None)
        self.problems.append(Problem(str(file), location_text(location), message, line, column, severity, subject))

    def _nearest_mark(self, location: Location) -> tuple[Path, int, int] | None:
        for end in range(len(location), -1, -1):
            if (mark := self.marks.get(location[:end])) is not None:
                return mark
        return None

    def fail(self) -> NoReturn:
        raise InvalidPack(self.problems)

    def fail_if_errors(self) -> None:
        if any(p.severity == "error" for p in self.problems):
            self.fail()

    def read_text(self, file: Path) -> str:
        """The file's text (a UTF-8 BOM is accepted); any problem reading it ends the load."""

        def refuse(message: str, line: int | None = None, column: int | None = None) -> NoReturn:
            self.problems.append(Problem(str(file), "", message, line, column))
            self.fail()

        from cell211cli.files import NotARegularFile, TooLarge, read_limited

        try:
            raw = read_limited(file, MAX_PACK_BYTES)
            self.files.append(file)
        except TooLarge:
            # TRANSLATORS: problems with a file are written after its name: "pack.yaml: error: is too large ...".
            refuse(_("is too large: packs are limited to {size} bytes").format(size=f"{MAX_PACK_BYTES:,}"))
        except NotARegularFile:
            refuse(_("is not a regular file (a device, pipe or socket cannot be a pack)"))
        except IsADirectoryError:
            if file.name.endswith((".yaml", ".yml")) or file == self.file:
                refuse(_("is a folder without a {file}").format(file=PACK_FILE))
            refuse(_("is a folder, not a file"))
        except FileNotFoundError:
            refuse(_("no such file"))
        except OSError as error:
            refuse(_("cannot be read: {reason}").format(reason=error.strerror or error))
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
            refuse(_("is not valid UTF-8 text (save it as UTF-8)"), line, column)

    def parse_yaml(self, text: str, translation: bool = False) -> Any:
        import yaml

        # libyaml's parser when PyYAML was built with it (about ten times faster), same results otherwise.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        try:
            node = loader.get_single_node()
            if node is None:
                # TRANSLATORS: format, id, show and sources are keys of the pack format, written as they are.
                if translation:
                    # TRANSLATORS: format, language and texts are keys of a translation file, written as they are.
                    self.problem((), _("is empty; a translation is a mapping with format, language and texts"))
                else:
                    self.problem((), _("is empty; a pack is a mapping with format, id, show, sources ..."))
            elif not isinstance(node, yaml.MappingNode):
                self.problem((), _("must be a mapping (key: value) at the top level, not a list or a value"))
            else:
                self._record_marks(node, (), set(), loader)
                if not self.problems:
                    try:
                        return loader.construct_document(node)
                    except (ValueError, TypeError, OverflowError, yaml.YAMLError) as error:
                        # A plain value YAML reads as a date or number it cannot build (2024-13-45).
                        from cell211cli.pack.yaml_nodes import unconstructible

                        value_at = unconstructible(node, (), loader) or ()
                        # TRANSLATORS: {detail} is the YAML library's own description of the problem (in English).
                        message = _("invalid YAML value: {detail}; quote it if it is meant as text")
                        self.problem(value_at, message.format(detail=error))
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            detail = " ".join(filter(None, [error.context, error.problem])) or _("invalid YAML")
            lines = text.splitlines()
            if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
                # TRANSLATORS: {detail} is the YAML parser's own description of the problem (in English).
                message = _("invalid YAML: {detail} (indent with spaces, not tabs)").format(detail=detail)
            else:
                # TRANSLATORS: {detail} is the YAML parser's own description of the problem (in English).
                message = _("invalid YAML: {detail}").format(detail=detail)
            where = (mark.line + 1, mark.column + 1) if mark else (None, None)
            self.problems.append(Problem(str(self.file), "", message, *where))
        except yaml.YAMLError as error:
            self.problem((), _("invalid YAML: {detail}").format(detail=error))
        except RecursionError:
            self.problem((), _("invalid YAML: nested too deeply"))
        finally:
            loader.dispose()
        self.fail()

    def _record_marks(self, node: yaml.Node, location: Location, seen: set[int], loader: Any) -> None:
        import yaml

        from cell211cli.pack.yaml_nodes import implicit_tag

        if id(node) in seen:
            self.problem(location, _("YAML anchors and aliases (&name, *name) are not allowed in packs"))
            return
        seen.add(id(node))
        self.marks[location] = (self.file, node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag != implicit_tag(node, loader):
            # TRANSLATORS: !!float and !!str are YAML tags, written as they are.
            self.problem(
                location, _("YAML tags (!!float, !!str ...) are not allowed in packs; write the value plainly")
            )
            return
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in keys:
                    mark = key_node.start_mark
                    self.marks[(*location, key)] = (self.file, mark.line + 1, mark.column + 1)
                    self.problem((*location, key), _("duplicate key"))
                keys.add(key)
                self._record_marks(value_node, (*location, key), seen, loader)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._record_marks(item, (*location, index), seen, loader)
        elif node.tag == "tag:yaml.org,2002:int" and not _PLAIN_DECIMAL.fullmatch(node.value):
            message = _(
                "write whole numbers in plain decimal, at most 9 digits (YAML reads 010 as octal 8 and 1:30 as 90); "
                "quote the value if it is meant as text"
            )
            self.problem(location, message)

    def inside_folder(self, name: str, location: Location) -> Path | None:
        """``name`` as a file of the pack's folder; a path leading out of it is an error at ``location``."""
        if Path(name).is_absolute() or ".." in Path(name).parts:
            self.problem(location, _("must name a file inside the pack's folder"))
            return None
        return self.file.parent / name

    def add_sources_table(self, data: dict[str, Any]) -> None:
        """Append the rows of the pack's ``sources_table`` CSV to its ``sources``.

        The header names the columns: ``id``, ``title``, ``url`` and ``at`` are required, ``publisher`` and
        ``covers`` are optional. A row with the wrong number of fields or an unclosed quote is an error on its line."""
        name = data.get("sources_table")
        if not isinstance(name, str):
            return
        table = self.inside_folder(name, ("sources_table",))
        if table is None:
            return
        import csv

        try:
            text = self.read_text(table)
        except InvalidPack:
            return
        sources = data.setdefault("sources", [])
        if not isinstance(sources, list):
            return
        csv.field_size_limit(MAX_PACK_BYTES)
        reader = csv.reader(text.splitlines(), strict=True)
        try:
            header = next(reader, [])
            if set(header) - set(SOURCE_COLUMNS) or not set(REQUIRED_SOURCE_COLUMNS) <= set(header):
                required = ",".join(REQUIRED_SOURCE_COLUMNS)
                # TRANSLATORS: {columns} and publisher are column names of the CSV file, written as they are.
                message = _("the first row must name the columns {columns} (and publisher)").format(columns=required)
                self.problems.append(Problem(str(table), "", message, 1, 1))
                return
            for row in reader:
                if not row:
                    continue
                if len(row) != len(header):
                    # The English says "fields" for one too; a translation may use its plural forms.
                    message = ngettext(
                        "this row has {count} fields; the header has {header} (quote commas in titles)",
                        "this row has {count} fields; the header has {header} (quote commas in titles)",
                        len(row),
                    ).format(count=len(row), header=len(header))
                    self.problems.append(Problem(str(table), "", message, reader.line_num, 1))
                    continue
                self.marks[("sources", len(sources))] = (table, reader.line_num, 1)
                fields = dict(zip(header, row, strict=True))
                sources.append({key: value for key, value in fields.items() if value or key in ("id", "title", "at")})
        except csv.Error as error:
            message = _("invalid CSV: {error}").format(error=error)
            self.problems.append(Problem(str(table), "", message, reader.line_num, 1))

    def validate(self, data: Any, adapter: TypeAdapter[Any]) -> Any:
        from pydantic import ValidationError

        try:
            return adapter.validate_python(data)
        except ValidationError as error:
            reported: set[Location] = set(self.unknown_positions)  # each already has its own problem
            for detail in error.errors(include_url=False):
                location = tuple(detail["loc"])
                if location and location[-1] in ("at", "covers") and str(detail["type"]).startswith("int_"):
                    message = _("must be a position such as premise, 3 or S01E03")
                else:
                    message = _describe(detail)
                if location not in reported:
                    reported.add(location)
                    self.problem(location, message)
        self.fail()

    def resolve_positions(self, data: dict[str, Any]) -> Scale | None:
        """Replace each ``at`` spelling in the raw data with its ordinal; an unknown one is an error.

        Runs before schema validation so that position errors are reported alongside schema errors.
        The scale is built only from well-formed seasons (numbered in order, episodes numbered 1..n, at
        most ``MAX_EPISODES`` in all); otherwise this returns None and the problems say why.
        """
        sizes = self._season_sizes(data)
        if sizes is None:
            return None
        scale = Scale.build(sizes, self._depths(data["show"].get("depths"), Scale.build(sizes, {})))
        if isinstance(data["show"].get("depths"), dict):  # each well-formed depth in full, as ordinals
            data["show"]["depths"] = {
                name: {"position": ordinal, "at": scale.depth_reveals[name]}
                for name, ordinal in scale.depths.items()
                if name in data["show"]["depths"]
            }
        for location, owner in _mappings_with_at(data, ()):
            for key in ("at", "covers") if location[0] == "sources" else ("at",):
                if key not in owner or not isinstance(owner[key], int | str):
                    continue
                try:
                    owner[key] = scale.parse(owner[key]).ordinal
                except UnknownPosition:
                    # TRANSLATORS: premise and S01E03 are spellings of positions, written as they are.
                    message = _("not a position of this show (premise, 1-{last}, S01E03 or a named depth)")
                    self.problem((*location, key), message.format(last=scale.last.ordinal))
                    self.unknown_positions.add((*location, key))
        return scale

    def _season_sizes(self, data: dict[str, Any]) -> list[tuple[int, int]] | None:
        """``(season number, episode count)`` pairs, or None (with problems) when the seasons are malformed."""
        show = data.get("show")
        seasons = show.get("seasons") if isinstance(show, dict) else None
        if not isinstance(seasons, list) or not all(
            isinstance(season, dict)
            and isinstance(season.get("number"), int)
            and isinstance(season.get("episodes"), list)
            and all(isinstance(episode, dict) for episode in season["episodes"])
            for season in seasons
        ):
            return None  # schema validation reports the shape
        sizes: list[tuple[int, int]] = []
        well_formed = True
        for s, season in enumerate(seasons):
            if sizes and season["number"] <= sizes[-1][0]:
                self.problem(("show", "seasons", s, "number"), _("seasons must be listed in increasing order"))
                well_formed = False
            for e, episode in enumerate(season["episodes"]):
                if episode.get("number") != e + 1:
                    location: Location = ("show", "seasons", s, "episodes", e, "number")
                    message = _("episodes must be numbered 1, 2, 3 ... in order: expected {number}")
                    self.problem(location, message.format(number=e + 1))
                    well_formed = False
            sizes.append((season["number"], len(season["episodes"])))
        if sum(count for _number, count in sizes) > MAX_EPISODES:
            message = _("a pack may hold at most {count} episodes").format(count=f"{MAX_EPISODES:,}")
            self.problem(("show", "seasons"), message)
            well_formed = False
        return sizes if well_formed else None

    def _depths(self, raw: Any, base: Scale) -> dict[str, tuple[DepthSpelling, DepthSpelling]]:
        """Well-formed named depths as ``name: (position, reveal)``; a bad one is reported and left out.
        ``base`` is the scale without named depths: a depth names a built-in position, not another depth."""
        if not isinstance(raw, dict):
            return {}
        depths: dict[str, tuple[DepthSpelling, DepthSpelling]] = {}
        for name, value in raw.items():
            location: Location = ("show", "depths", str(name))
            if not isinstance(name, str) or not re.fullmatch(DEPTH_NAME, name):
                message = _("a depth name is lowercase letters, digits and hyphens, starting with a letter")
                self.problem(location, message)
            elif is_position_spelling(name):
                # TRANSLATORS: premise, ending, next, 3, e3 and S01E03 are spellings of positions, written as they are.
                message = _("a depth name must not be a position spelling (premise, ending, next, 3, e3, S01E03 ...)")
                self.problem(location, message)
            else:
                position, at = (value.get("position"), value.get("at")) if isinstance(value, dict) else (value, None)
                for spelling, where in ((position, "position"), (at, "at")):
                    if spelling is None and where == "at":
                        continue
                    try:
                        base.parse(spelling if isinstance(spelling, int | str) else "")
                    except UnknownPosition:
                        part = location if not isinstance(value, dict) else (*location, where)
                        # TRANSLATORS: premise, ending, 3 and S01E03 are spellings of positions, written as they are.
                        self.problem(part, _("not a position of this show (premise, ending, 3, S01E03 ...)"))
                        break
                else:
                    depths[name] = (position, at)
        return depths


def _describe(detail: Any) -> str:
    kind, value = detail["type"], detail.get("input")
    if kind == "missing":
        return _("required field is missing")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return _("unknown field (check the spelling; see `cell211 schema`)")
    if isinstance(value, bool) and kind in ("string_type", "int_type"):
        # TRANSLATORS: {detail} is the validator's own message (in English), as in "Input should be a valid string".
        message = _("{detail}: YAML read an unquoted yes/no/on/off/true/false as a boolean; quote it")
        return message.format(detail=detail["msg"])
    if isinstance(value, int | float) and kind == "string_type":
        # TRANSLATORS: {detail} is the validator's own message (in English), as in "Input should be a valid string".
        return _("{detail}: YAML read this as a number (a time like 1:30 too); quote it").format(detail=detail["msg"])
    return str(detail["msg"])


def _mappings_with_at(node: Any, location: Location) -> Iterator[tuple[Location, dict[str, Any]]]:
    """Every mapping with an ``at`` key under the gated sections (sources, recap, characters, topics,
    relationships)."""
    if isinstance(node, dict):
        if location and "at" in node and isinstance(node["at"], int | float | str):
            yield location, node
        for key, value in node.items():
            if location or key in ("sources", "recap", "characters", "topics", "relationships"):
                yield from _mappings_with_at(value, (*location, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _mappings_with_at(item, (*location, index))


def load_pack(path: Path, language: str | None = None) -> LoadedPack:
    """Read, validate and check one pack; raise ``InvalidPack`` listing every error found. With a
    ``language`` the pack has a translation for, its text comes in that language (see ``translation``)."""
    file = pack_file(path)
    reader = _PackReader(file)
    data = reader.parse_yaml(reader.read_text(file))
    reader.add_sources_table(data)
    scale = reader.resolve_positions(data)
    from cell211cli.pack.model import pack_adapter

    pack = reader.validate(data, pack_adapter())
    reader.fail_if_errors()
    assert scale is not None, "validation accepted a show without a scale"
    from cell211cli.pack.checks import check_pack

    for location, message, severity, subject in check_pack(pack, scale):
        reader.problem(location, message, severity, subject)
    reader.fail_if_errors()
    if language is not None and language != pack.language and language in pack.translations:
        return _translated(reader, pack, scale, language)
    return LoadedPack(pack, scale, file, tuple(reader.problems), tuple(reader.files))


def _read_translation(reader: _PackReader, pack: Pack, language: str) -> tuple[_PackReader, Translation]:
    """The pack's translation file for ``language``, validated, with the reader that holds its problems."""
    from cell211cli.pack.model import translation_adapter

    file = reader.inside_folder(pack.translations[language], ("translations", language))
    reader.fail_if_errors()
    assert file is not None
    translation_reader = _PackReader(file)
    translation = translation_reader.validate(
        translation_reader.parse_yaml(translation_reader.read_text(file), translation=True), translation_adapter()
    )
    if translation.language != language:
        # TRANSLATORS: {language} is a language code such as es, written as it is.
        message = _("must be {language}, the language the pack lists it under").format(language=language)
        translation_reader.problem(("language",), message)
    return translation_reader, translation


def read_translation(loaded: LoadedPack, language: str) -> Translation:
    """The translation file a loaded pack lists for ``language`` (for ``cell211 translate``)."""
    return _read_translation(_PackReader(loaded.path), loaded.pack, language)[1]


def _translated(reader: _PackReader, pack: Pack, scale: Scale, language: str) -> LoadedPack:
    """The pack localized into ``language``, with the translation file's problems (located in that file)
    after the pack's own; names in translated text are checked against both languages' names."""
    from cell211cli.pack.checks import names_before_reveal, translated_name_reveals
    from cell211cli.pack.translation import localize

    translation_reader, translation = _read_translation(reader, pack, language)
    localized = localize(pack, scale, translation)
    for key, message, severity, subject in localized.findings:
        translation_reader.problem(("texts", key), message, severity, subject)
    reveals = translated_name_reveals(pack, localized.pack)
    texts = [(("texts", slot.key), slot.text, slot.at) for slot in localized.translated]
    for location, message, severity, subject in names_before_reveal(texts, reveals, scale):
        translation_reader.problem(location, message, severity, subject)
    translation_reader.fail_if_errors()
    return LoadedPack(
        localized.pack,
        scale,
        reader.file,
        (*reader.problems, *translation_reader.problems),
        (*reader.files, *translation_reader.files),
        localized.untranslated,
    )
