"""cell211: a spoiler-aware recap companion: recaps, characters and background up to where you have watched."""

__version__ = "0.1.0"
