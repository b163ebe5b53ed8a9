"""Crash-safe writing and bounded reading of files, shared by packs, saved progress and the pack store."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from cell211cli.i18n import _

MAX_PACK_BYTES = 32 * 1024 * 1024
"""The largest pack file read: a 100,000-item pack is about 19 MB."""


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over ``path``.

    Readers see the old file or the new one, never a mix; on any failure the temporary file is removed.
    """
    import tempfile  # only where a file is written: reading commands need not import it

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class NotARegularFile(OSError):
    """A FIFO, device, socket or folder where a file was expected: reading it could hang or never end."""


class TooLarge(OSError):
    """A file longer than the caller's limit (read no further than one byte past it)."""


def read_limited(path: Path, limit: int, follow_links: bool = True) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    The file is opened without blocking (a FIFO cannot hang the open), checked to be a regular file on the
    open descriptor (not by name, which could change in between), and read to at most ``limit`` + 1 bytes
    whatever its size claims (``/dev/zero`` reports 0). ``follow_links=False`` refuses a symbolic link.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, _("is a folder"), str(path))
        if not stat.S_ISREG(status.st_mode):
            raise NotARegularFile(errno.EINVAL, _("not a regular file"), str(path))
        # Each read asks for the size the file claims and one byte more (at least 64 KiB): os.read sets
        # aside what it asks for, so a pack costs a buffer of its own size rather than a MiB.
        chunk_size = max(status.st_size + 1, 1 << 16)
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0 and (chunk := os.read(descriptor, min(remaining, chunk_size))):
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:
        raise TooLarge(errno.EFBIG, _("larger than {size} bytes").format(size=f"{limit:,}"), str(path))
    return data


def own_folder(folder: Path, create: bool) -> bool:
    """True when ``folder`` is a real folder only this user can open (made 0700 if new)."""
    try:
        if create:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        status = os.lstat(folder)
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or status.st_uid == os.getuid()
    return stat.S_ISDIR(status.st_mode) and owner_ok and not status.st_mode & 0o077
