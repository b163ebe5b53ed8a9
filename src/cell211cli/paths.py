"""The user's folders for cell211, as platformdirs names them on each system (XDG folders on Linux)."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "cell211"


def state_dir() -> Path:
    """Saved progress (``$XDG_STATE_HOME/cell211`` on Linux)."""
    from platformdirs import user_state_path

    return user_state_path(APP_NAME)


def config_dir() -> Path:
    """The config file's folder (``$XDG_CONFIG_HOME/cell211`` on Linux)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME)


def cache_dir() -> Path:
    """The pack store's folder (``$XDG_CACHE_HOME/cell211`` on Linux)."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME)


def data_dir() -> Path:
    """Installed packs' folder (``$XDG_DATA_HOME/cell211`` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME)
