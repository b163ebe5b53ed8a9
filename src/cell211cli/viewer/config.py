"""Defaults from the user's config file, ``config.toml`` in the user config folder.

    format = "plain"      # rich, plain, markdown or json
    color = "never"       # auto, always or never
    pager = false
    pack = "my-show"      # a pack id, file or folder
    lang = "es"           # en or es
    hints = false         # no hints on stderr ("N later episodes are hidden ...")

A command-line option or environment variable always wins over the file. A file that cannot be used is
an error that names it (exit 2), never a silent fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cell211cli.errors import BadUsage
from cell211cli.i18n import _
from cell211cli.paths import config_dir
from cell211cli.render.formats import ColorMode, OutputFormat

CONFIG_FILE = "config.toml"
MAX_CONFIG_BYTES = 64 * 1024


@dataclass(eq=False, repr=False)
class Config:
    """The settings of the config file; None where it sets nothing."""

    format: OutputFormat | None = None
    color: ColorMode | None = None
    pager: bool | None = None
    pack: str | None = None
    lang: str | None = None
    hints: bool | None = None


def config_file() -> Path:
    """The config file (``$XDG_CONFIG_HOME/cell211/config.toml`` on Linux)."""
    return config_dir() / CONFIG_FILE


def load_config() -> Config:
    """The settings in the config file; all unset when there is no file."""
    path = config_file()
    if not path.exists():
        return Config()
    import tomllib

    from cell211cli.files import read_limited

    try:
        data = tomllib.loads(read_limited(path, MAX_CONFIG_BYTES).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise BadUsage(_("config file {path}: {error}").format(path=path, error=error)) from None
    except RecursionError:
        raise BadUsage(_("config file {path}: nested too deeply").format(path=path)) from None
    choices = {"format": OutputFormat, "color": ColorMode}
    settings: dict[str, object] = {}
    for key, value in data.items():
        if key in choices:
            allowed = [member.value for member in choices[key]]
            if value not in allowed:
                # TRANSLATORS: {key} is a setting name (format, color) and {choices} its values; keep them as they are.
                message = _("config file {path}: {key} must be one of {choices}, not {value}")
                raise BadUsage(message.format(path=path, key=key, choices=", ".join(allowed), value=repr(value)))
            settings[key] = choices[key](value)
        elif (key in ("pager", "hints") and isinstance(value, bool)) or (
            key == "pack" and isinstance(value, str) and value
        ):
            settings[key] = value
        elif key == "lang":
            from cell211cli.i18n import LANGUAGES, language_of

            if not isinstance(value, str) or language_of(value) is None:
                message = _("config file {path}: {key} must be one of {choices}, not {value}")
                raise BadUsage(message.format(path=path, key=key, choices=", ".join(LANGUAGES), value=repr(value)))
            settings[key] = language_of(value)
        else:
            # TRANSLATORS: format, color, pager, hints, pack, true and false are written in the file as they are.
            message = _(
                "config file {path}: {key} is not a setting "
                "(format, color, pager or hints = true or false, pack = text, lang)"
            )
            raise BadUsage(message.format(path=path, key=repr(key)))
    return Config(**settings)  # type: ignore[arg-type]
