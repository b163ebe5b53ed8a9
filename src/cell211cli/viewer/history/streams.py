"""Bounded reading of history files: a byte budget over everything read, lines and rows of bounded length,
and ZIP entries found by name and read as streams (never all of them, never whole in memory)."""

from __future__ import annotations

import errno
import io
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cell211cli.errors import BadUsage
from cell211cli.i18n import N_, _

MAX_HISTORY_BYTES = 64 * 1024 * 1024
"""The most read from one history: the file, or everything decompressed from a ZIP's entries together."""
MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024
"""The largest ZIP opened: only its directory and the entries named like a history are read."""
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
"""The largest ZIP directory read (about 40,000 entries): a Netflix archive lists a few dozen files."""
MAX_LINE_CHARS = 64 * 1024
"""The longest line read; a CSV row's fields (quoted line breaks included) must fit in this much."""
READABLE_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
"""Deflate is decompressed a bounded piece at a time; zipfile's bzip2 and LZMA readers are not."""
# TRANSLATORS: ends the message for a file that is not a viewing history; file names and Title,Date stay as they are.
EXPECTED = N_(
    "expected one of: Netflix's NetflixViewingHistory.csv (Title,Date), ViewingActivity.csv from a Netflix "
    "data archive or that archive's ZIP, or a Trakt export (a ZIP of watched-history JSON files)"
)
"""Marked for translation; translate it with ``_(EXPECTED)`` where a message uses it."""
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    OSError,
)
"""What ``zipfile`` raises for a broken archive: offsets before the start (ValueError), bad headers ..."""


class NotAHistory(BadUsage):
    """The file is not a viewing history of a known format."""


def too_large() -> NotAHistory:
    return NotAHistory(_("over {size} MiB, too large for a viewing history").format(size=MAX_HISTORY_BYTES >> 20))


class Budget:
    """How many bytes may still be read from one history, over all its streams."""

    def __init__(self, limit: int = MAX_HISTORY_BYTES) -> None:
        self.remaining = limit

    def spend(self, count: int) -> None:
        self.remaining -= count
        if self.remaining < 0:
            raise too_large()


class _Metered(io.RawIOBase):
    """A binary stream that charges what it reads to a budget."""

    def __init__(self, stream: BinaryIO, budget: Budget) -> None:
        self._stream = stream
        self._budget = budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._stream.read(len(buffer))
        except OSError as error:
            raise NotAHistory(_("the file cannot be read ({error})").format(error=error.strerror or error)) from None
        self._budget.spend(len(data))
        buffer[: len(data)] = data
        return len(data)


class _Entry(io.RawIOBase):
    """A ZIP entry being decompressed, whose read errors say the ZIP is broken."""

    def __init__(self, entry: BinaryIO) -> None:
        self._entry = entry

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._entry.read(len(buffer))
        except _ZIP_ERRORS as error:
            raise NotAHistory(_("the ZIP cannot be read ({error})").format(error=error)) from None
        buffer[: len(data)] = data
        return len(data)


def text_reader(stream: BinaryIO, budget: Budget) -> io.TextIOWrapper:
    """A UTF-8 stream as text (a BOM dropped, line ends kept as written), charged to ``budget``."""
    return io.TextIOWrapper(
        io.BufferedReader(_Metered(stream, budget)),
        encoding="utf-8-sig",  # pragma: no mutate (a codec's name ignores case)
        # Mutation testing: universal newlines are equivalent (a line break inside a field is folded into a
        # space before it is shown, and csv reads either).
        newline="",  # pragma: no mutate
    )


def not_utf8() -> NotAHistory:
    return NotAHistory(_("the file is not UTF-8 text; {expected}").format(expected=_(EXPECTED)))


def text_lines(stream: BinaryIO, budget: Budget) -> Iterator[str]:
    """The lines of a UTF-8 stream, each at most ``MAX_LINE_CHARS`` long, read a piece at a time."""
    text = text_reader(stream, budget)
    try:
        # Mutation testing: reading a character more is equivalent (the line is refused either way).
        while line := text.readline(MAX_LINE_CHARS + 1):  # pragma: no mutate
            if len(line) > MAX_LINE_CHARS:
                message = _("a line is over {count} characters long; {expected}")
                raise NotAHistory(message.format(count=f"{MAX_LINE_CHARS:,}", expected=_(EXPECTED)))
            yield line
    except UnicodeDecodeError:
        raise not_utf8() from None


def open_file(path: Path) -> BinaryIO:
    """A history file opened for reading: a regular file (a FIFO cannot hang the open) of at most
    ``MAX_ARCHIVE_BYTES``; a text history is held to ``MAX_HISTORY_BYTES`` as it is read."""
    from cell211cli.text import clean

    # Mutation testing: close-on-exec is equivalent (no program is started while the file is open), and so
    # is O_NONBLOCK's fallback (the flag exists wherever a FIFO can be named).
    close_on_exec = getattr(os, "O_CLOEXEC", 0)  # pragma: no mutate
    nonblocking = getattr(
        os,
        "O_NONBLOCK",
        0,  # pragma: no mutate
    )
    flags = os.O_RDONLY | nonblocking | close_on_exec  # either `&` drops O_NONBLOCK (a FIFO then hangs)
    try:
        descriptor = os.open(path, flags)
        try:
            status = os.fstat(descriptor)
            # Mutation testing: the errno and the file name are equivalent (only the text is ever shown).
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError(
                    errno.EISDIR,  # pragma: no mutate
                    _("is a folder"),
                    str(path),  # pragma: no mutate
                )
            if not stat.S_ISREG(status.st_mode):
                raise OSError(
                    errno.EINVAL,  # pragma: no mutate
                    _("not a regular file"),
                    str(path),  # pragma: no mutate
                )
            if status.st_size > MAX_ARCHIVE_BYTES:
                raise too_large()
            return os.fdopen(descriptor, "rb")
        except BaseException:
            os.close(descriptor)
            raise
    except OSError as error:
        message = _("{file}: cannot be read ({reason})")
        raise BadUsage(message.format(file=clean(str(path)), reason=error.strerror or error)) from None


class Archive:
    """A ZIP whose directory has been read (bounded), to open entries by name."""

    def __init__(self, stream: BinaryIO) -> None:
        try:
            stream.seek(0, os.SEEK_END)
            size = stream.tell()  # zipfile seeks where it reads: no need to rewind
            if size > MAX_ARCHIVE_BYTES:
                raise too_large()
            self._zip = zipfile.ZipFile(_BoundedDirectory(stream, size))
        except _ZIP_ERRORS as error:
            raise NotAHistory(_("the ZIP cannot be read ({error})").format(error=error)) from None
        self.names = [info.filename for info in self._zip.infolist() if not info.is_dir()]

    def open(self, name: str) -> BinaryIO:
        """One entry, decompressed a piece at a time as it is read."""
        info = self._zip.getinfo(name)
        if info.compress_type not in READABLE_COMPRESSION:
            message = _("{name} in the ZIP is compressed in a way cell211 does not read (only deflate); re-zip it")
            raise NotAHistory(message.format(name=_clean(name)))
        try:
            entry = self._zip.open(info)
        except _ZIP_ERRORS as error:
            raise NotAHistory(_("the ZIP cannot be read ({error})").format(error=error)) from None
        return io.BufferedReader(_Entry(entry))  # type: ignore[arg-type]


class _BoundedDirectory(io.RawIOBase):
    """The ZIP file, for ``zipfile``: a read of more than ``MAX_DIRECTORY_BYTES`` at once (the directory,
    read whole by ``zipfile``) is refused, so a directory of millions of entries is never parsed."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        self._stream = stream
        self._size = size

    # Mutation testing: zipfile calls read(n) with a size, seek and tell, never readable, seekable or
    # readinto (kept for the io interface) and never read() without a size: their mutants are equivalent,
    # and so is `>=` below (a bound on memory, to a byte).
    def readable(self) -> bool:
        return True  # pragma: no mutate

    def seekable(self) -> bool:
        return True  # pragma: no mutate

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._stream.seek(offset, whence)

    def tell(self) -> int:
        return self._stream.tell()

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:  # pragma: no mutate
            size = self._size - self._stream.tell()  # pragma: no mutate
        if size > MAX_DIRECTORY_BYTES:  # pragma: no mutate
            message = _("the ZIP's directory is over {size} MiB; {expected}")
            raise NotAHistory(message.format(size=MAX_DIRECTORY_BYTES >> 20, expected=_(EXPECTED)))
        return self._stream.read(size)

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        # pragma: no mutate start
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
        # pragma: no mutate end


def _clean(name: str) -> str:
    from cell211cli.text import clean

    return clean(name)
