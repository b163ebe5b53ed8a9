"""Finished output, replayed: a command run again with the same inputs prints what it printed last time.

A command's output is a function of its arguments, the environment, the working folder, the terminal
(which streams are terminals, and their size), the code, and the files it read: the pack and its
translation and sources, saved progress, the config file, and every path it looked for and did not find.
A run records all of these; its output (the bytes of stdout and stderr in the order they were written,
and any text it paged) is stored when it succeeds. A later run whose arguments, environment, folder,
terminal and code are the same, and whose recorded files are unchanged (same status, else same content),
replays the bytes without loading anything else: since every input is the same, so is every output, and
the gate cannot be bypassed. (Variables that only name a shell or window, such as ``OLDPWD`` or ``TMUX_PANE``,
count by being set, not by their value: see ``_INSTANCE_VARIABLES``.) Anything else is a miss, and the
command runs as usual.

Only commands that change nothing are recorded (content commands, help, version, completion); a run that
asks a question is not. Entries live beside the pack cache, under the same rules: a folder only the user
can open, regular files opened without following links, a checksum over each entry; the oldest entries
are removed past ``MAX_ENTRIES``. ``CELL211_NO_OUTPUT_CACHE=1`` turns it off.

This module is imported on every run, before anything else of the tool: it uses only the standard library.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import stat
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, BinaryIO

FORMAT = 1
MAX_ENTRIES = 256
MAX_ENTRY_BYTES = 32 * 1024 * 1024
DISABLE_VARIABLE = "CELL211_NO_OUTPUT_CACHE"
COMPLETE_VARIABLE = "_CELL211_COMPLETE"
RECORDED_COMMANDS = frozenset(("recap", "characters", "facts", "search", "levels", "map"))
_ROOT_OPTIONS_WITH_VALUE = frozenset(("--lang",))
_PACKAGE = os.path.dirname(os.path.abspath(__file__))
# Variables whose value names a shell, window, session or connection (each new terminal tab has its own)
# and that neither the tool, Typer, rich nor a pager reads the value of: only whether each is set is part
# of the key, so a command run again in another tab or after a `cd` is still replayed. Every other
# variable counts with its value.
_INSTANCE_VARIABLES = frozenset(
    (
        "_",
        "OLDPWD",
        "SHLVL",
        "WINDOWID",
        "TMUX",
        "TMUX_PANE",
        "STY",
        "TERM_SESSION_ID",
        "ITERM_SESSION_ID",
        "KITTY_WINDOW_ID",
        "KITTY_PID",
        "WEZTERM_PANE",
        "ALACRITTY_WINDOW_ID",
        "WT_SESSION",
        "SECURITYSESSIONID",
        "XDG_SESSION_ID",
        "DBUS_SESSION_BUS_ADDRESS",
        "SSH_AUTH_SOCK",
        "SSH_CLIENT",
        "SSH_CONNECTION",
        "SSH_TTY",
        "GPG_TTY",
    )
)


def should_record(args: Sequence[str], environ: Mapping[str, str]) -> bool:
    """True for a run that only prints: a content command, help, the version, or shell completion."""
    if environ.get(DISABLE_VARIABLE):
        return False
    if COMPLETE_VARIABLE in environ:
        return environ[COMPLETE_VARIABLE].startswith("complete_")
    words = list(args[: args.index("--")] if "--" in args else args)
    if any(word.startswith(("--install-completion", "--show-completion")) for word in words):
        return False
    if any(word in ("-h", "--help", "-V", "--version") for word in words):
        return True
    named = command_word(words)
    return named is not None and named[1] in RECORDED_COMMANDS


def command_word(args: Sequence[str]) -> tuple[int, str] | None:
    """Where ``args`` name a command, and which: the first word that is neither an option nor the value of
    ``--lang``, before any ``--``; None when there is none."""
    skip = False
    for index, word in enumerate(args):
        if word == "--":
            return None
        if skip:
            skip = False
        elif word in _ROOT_OPTIONS_WITH_VALUE:
            skip = True
        elif not word.startswith("-"):
            return index, word
    return None


def cache_folder(environ: Mapping[str, str]) -> str:
    """``<user cache folder>/cell211/outputs``, the folder platformdirs names. On Linux, in the usual cases
    (an absolute ``XDG_CACHE_HOME``, else an absolute ``HOME``), found without importing it; otherwise, and
    on other systems, asked of platformdirs. A test checks the two agree."""
    if sys.platform.startswith("linux"):
        variable, home = environ.get("XDG_CACHE_HOME", ""), environ.get("HOME", "")
        if os.path.isabs(variable):
            return os.path.join(variable, "cell211", "outputs")
        if os.path.isabs(home):
            return os.path.join(home, ".cache", "cell211", "outputs")
    from platformdirs import user_cache_path

    return str(user_cache_path("cell211") / "outputs")


def _terminal() -> list[Any]:
    """Which standard streams are terminals, and their sizes: what rich, click and the pager look at."""
    state: list[Any] = []
    for fd in (0, 1, 2):
        try:
            tty = os.isatty(fd)
            state.append([tty, tuple(os.get_terminal_size(fd)) if tty else None])
        except OSError:
            state.append([None, None])
    return state


def _code_stamp() -> list[Any]:
    """The interpreter, every file of the tool (messages included) and the folders packages install into."""
    stamp: list[Any] = [FORMAT, sys.version, sys.executable]
    for folder, _, names in sorted(os.walk(_PACKAGE)):
        if "__pycache__" in folder:
            continue
        for name in sorted(names):
            if name.endswith((".py", ".mo")):
                status = os.stat(os.path.join(folder, name))
                stamp.append([folder[len(_PACKAGE) :], name, status.st_size, status.st_mtime_ns])
    here = os.getcwd()
    for entry in sys.path:
        if entry in ("", here):  # the working folder (python -m puts it first) changes with every file made there
            continue
        try:
            status = os.stat(entry)
        except OSError:
            continue
        stamp.append([entry, status.st_mtime_ns])
    return stamp


def request_key(args: Sequence[str], environ: Mapping[str, str]) -> str:
    """Everything a command's output can depend on, except the files it reads (recorded with the entry)."""
    variables = sorted((name, None if name in _INSTANCE_VARIABLES else value) for name, value in environ.items())
    request = [list(args), variables, os.getcwd(), _terminal(), _code_stamp()]
    text = json.dumps(request, ensure_ascii=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:32]


def _fingerprint(path: str) -> list[Any]:
    """A file as the output saw it: missing, or its status and the SHA-256 of its contents."""
    try:
        status = os.stat(path)
    except OSError:
        return [path, None]
    if not stat.S_ISREG(status.st_mode):
        return [path, [status.st_mode, status.st_ino], None]
    return [path, _status(status), _content_hash(path)]


def _status(status: os.stat_result) -> list[int]:
    return [status.st_mode, status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]


def _content_hash(path: str) -> str | None:
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


def _unchanged(recorded: list[Any]) -> bool:
    """True when the file is as the entry recorded it: the same status, or else the same contents."""
    path = recorded[0]
    try:
        status = os.stat(path)
    except OSError:
        return recorded[1] is None
    if recorded[1] is None:
        return False
    if len(recorded) == 3 and recorded[2] is None:  # not a regular file
        return [status.st_mode, status.st_ino] == recorded[1]
    if not stat.S_ISREG(status.st_mode):
        return False
    return _status(status) == recorded[1] or _content_hash(path) == recorded[2]


def own_folder(folder: str, create: bool) -> bool:
    """True when ``folder`` is a real folder only this user can open (made 0700 if new)."""
    try:
        if create:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        status = os.lstat(folder)
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or status.st_uid == os.getuid()
    return stat.S_ISDIR(status.st_mode) and owner_ok and not status.st_mode & 0o077


# ── An entry: one JSON header line, then the bodies it lists, all under one checksum. ──


def _read_entry(path: str) -> tuple[dict[str, Any], list[bytes]] | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(MAX_ENTRY_BYTES + 1)
    finally:
        os.close(descriptor)
    try:
        end = data.index(b"\n")
        header = json.loads(data[:end])
        body = data[end + 1 :]
        if header.get("format") != FORMAT or hashlib.sha256(body).hexdigest() != header.get("checksum"):
            return None
        parts, offset = [], 0
        for length in header["lengths"]:
            parts.append(body[offset : offset + length])
            offset += length
        return (header, parts) if offset == len(body) else None
    except (ValueError, KeyError, TypeError):
        return None


def replay(args: Sequence[str], environ: Mapping[str, str]) -> int | None:
    """Print the stored output of an identical earlier run and return its exit code; None on a miss."""
    if not should_record(args, environ):
        return None
    folder = cache_folder(environ)
    if not own_folder(folder, create=False):
        return None
    found = _read_entry(os.path.join(folder, request_key(args, environ) + ".out"))
    if found is None:
        return None
    header, parts = found
    try:
        if not all(_unchanged(recorded) for recorded in header["files"]):
            return None
        segments = list(zip(header["streams"], parts, strict=True))
    except (KeyError, TypeError, ValueError):
        return None
    _write_segments(segments)
    return int(header["exit"])


def _write_segments(segments: Iterable[tuple[str, bytes]]) -> None:
    streams = {"stdout": sys.stdout, "stderr": sys.stderr}
    for name, data in segments:
        if name in ("page", "page-forced"):
            from cell211cli.pager import page

            sys.stdout.flush()
            page(data.decode("utf-8", "surrogateescape"), force=name == "page-forced")
            sys.stdout.flush()
        else:
            stream = streams[name]
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()


# ── Recording a run ──


class _Tape(io.BufferedIOBase):
    """The byte stream under a captured text stream: every write goes on to the real stream at once, and
    into the recording, so the output appears as it always does, in order with the other stream's."""

    def __init__(self, recording: Recording, name: str, real: BinaryIO) -> None:
        super().__init__()
        self._recording, self._name, self._real = recording, name, real

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._recording.add(self._name, chunk, self._real)
        return len(chunk)

    def flush(self) -> None:
        self._real.flush()


class _Captured(io.TextIOWrapper):
    """A text stream that writes through a ``_Tape`` and answers as the real stream would."""

    def __init__(self, tape: _Tape, real: Any) -> None:
        super().__init__(tape, encoding=real.encoding, errors=real.errors, write_through=True)  # type: ignore[arg-type]
        self._real = real

    def isatty(self) -> bool:
        return self._real.isatty()

    def fileno(self) -> int:
        return self._real.fileno()


class Recording:
    """What one run printed, and every file it read or looked for."""

    def __init__(self) -> None:
        self.segments: list[tuple[str, bytes]] = []
        self.size = 0
        self.files: dict[str, None] = {}
        self.keep = True
        self._last: BinaryIO | None = None

    def add(self, name: str, data: bytes, real: BinaryIO | None) -> None:
        if real is not None:
            if self._last is not None and self._last is not real:
                self._last.flush()  # keep stdout and stderr in the order they were written
            real.write(data)
            self._last = real
        if self.segments and self.segments[-1][0] == name:
            self.segments[-1] = (name, self.segments[-1][1] + data)
        else:
            self.segments.append((name, data))
        self.size += len(data)
        if self.size > MAX_ENTRY_BYTES:
            self.keep = False


_recording: Recording | None = None


def depends_on(path: Any) -> None:
    """The run's output depends on ``path``: its contents, or that it does not exist."""
    if _recording is not None:
        _recording.files[os.path.abspath(os.fspath(path))] = None


def do_not_keep() -> None:
    """This run's output must not be replayed (it asked a question, or depends on what a program found)."""
    if _recording is not None:
        _recording.keep = False


def paged(text: str, force: bool) -> None:
    """The run showed ``text`` through the pager (which writes to the terminal itself)."""
    if _recording is not None:
        _recording.add("page-forced" if force else "page", text.encode("utf-8", "surrogateescape"), None)


def start() -> Recording:
    """Capture stdout and stderr from now on (both still reach the terminal as they are written)."""
    global _recording
    _recording = Recording()
    for name in ("stdout", "stderr"):
        real = getattr(sys, name)
        setattr(sys, name, _Captured(_Tape(_recording, name, real.buffer), real))
    return _recording


def finish(args: Sequence[str], environ: Mapping[str, str], exit_code: int) -> None:
    """Stop capturing; keep the output of a run that succeeded."""
    global _recording
    recording, _recording = _recording, None
    if recording is None:
        return
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, _Captured):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
            setattr(sys, name, stream._real)
    if exit_code != 0 or not recording.keep:
        return
    with contextlib.suppress(OSError):  # a read-only or full cache folder only costs speed
        _store(args, environ, recording)


def _store(args: Sequence[str], environ: Mapping[str, str], recording: Recording) -> None:
    folder = cache_folder(environ)
    if not own_folder(folder, create=True):
        return
    files = [_fingerprint(path) for path in recording.files]
    body = b"".join(data for _, data in recording.segments)
    header = {
        "format": FORMAT,
        "exit": 0,
        "files": files,
        "streams": [name for name, _ in recording.segments],
        "lengths": [len(data) for _, data in recording.segments],
        "checksum": hashlib.sha256(body).hexdigest(),
    }
    entry = os.path.join(folder, request_key(args, environ) + ".out")
    temporary = f"{entry}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(json.dumps(header, separators=(",", ":")).encode("utf-8") + b"\n" + body)
        os.replace(temporary, entry)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _evict(folder)


def _evict(folder: str) -> None:
    """Past ``MAX_ENTRIES``, remove the entries least recently written."""
    with os.scandir(folder) as entries:
        found = [(entry.stat().st_mtime_ns, entry.path) for entry in entries if entry.name.endswith(".out")]
    if len(found) > MAX_ENTRIES:
        for _, path in sorted(found)[: len(found) - MAX_ENTRIES]:
            with contextlib.suppress(OSError):
                os.unlink(path)
