"""cell211: a spoiler-aware recap companion for Prison Cell 211."""

__version__ = "0.1.0"
