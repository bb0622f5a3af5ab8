"""Owner-only files and folders, whatever the umask.

The register holds names and BSNs, and the pseudonym key turns references into pseudonyms:
both are for the user who runs the program alone. Files the program creates for them are
0600 and folders it creates 0700, set explicitly (``chmod`` after creating), because the
umask of a shell (often 022) would otherwise leave them readable by everyone on the machine.
An existing file that others may read is left as it is (the owner may mean it) but warned
about on standard error, one line.

On Windows, where POSIX modes do not exist, only the creation happens; access is governed by
the folder's access control lists (the user's profile folders are private by default).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Callable, Sequence
from typing import TypeAlias

StrPath: TypeAlias = "str | os.PathLike[str]"
"""A path as text or as a path object: the commands' start-up passes text (no ``pathlib``)."""


def shown(path: StrPath) -> str:
    """``path`` as messages show it, the way :class:`pathlib.Path` writes it (``./a//b`` as
    ``a/b``), whether it came as text or as a path; ``pathlib`` is imported only for such a
    message, not on the commands' start-up (issue 16)."""
    from pathlib import Path

    return str(Path(path))


FILE_MODE = 0o600
FOLDER_MODE = 0o700
POSIX = os.name == "posix"


def make_folder(path: StrPath) -> None:
    """Create ``path`` and any missing parents, each one the program creates 0700.

    Folders that already exist keep their mode: they may be shared on purpose.
    """
    missing: list[str] = []
    current = os.fspath(path)
    while not os.path.exists(current):
        missing.append(current)
        parent = os.path.dirname(current)
        if parent == current or not parent:
            break
        current = parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            os.mkdir(folder, FOLDER_MODE)
            if POSIX:
                os.chmod(folder, FOLDER_MODE)


def create_file(path: StrPath) -> int:
    """Create a new, empty file at ``path`` (never an existing one), mode 0600; its descriptor."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    if POSIX:
        os.fchmod(fd, FILE_MODE)  # the umask cannot widen it, but a mode given to open() can't
    return fd


def restrict(path: StrPath) -> None:
    """Make an existing file owner-only (used on files the program has just created)."""
    if POSIX:
        os.chmod(path, FILE_MODE)


def loose(path: StrPath) -> int | None:
    """The permission bits of ``path`` if group or others have any access to it, else None."""
    if not POSIX:
        return None
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None
    return mode if mode & 0o077 else None


def warn_if_loose(paths: Sequence[StrPath], what: str) -> None:
    """One line on standard error naming the first of ``paths`` that others may read."""
    for path in paths:
        mode = loose(path)
        if mode is not None:
            sys.stderr.write(
                f"warning: {shown(path)}: {what} is readable by others (mode {mode:04o}); "
                f"make it owner-only: chmod 600 {shown(path)}\n"
            )
            return


def owned(info: os.stat_result) -> bool:
    """A regular file or folder of this user that nobody else may write: another user's file
    (a cache, say) could hand us data of their making."""
    if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
        return False
    if not POSIX:
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def read_own(path: StrPath) -> bytes | None:
    """The bytes of ``path`` if it and its folder are the user's own (:func:`owned`), else None.

    Opened without following a link or waiting on a pipe, and checked on the open file, so it
    cannot be swapped between the check and the read."""
    try:
        folder = os.path.dirname(os.fspath(path)) or os.curdir
        if not (owned(os.stat(folder)) and stat.S_ISDIR(os.stat(folder).st_mode)):
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not (owned(info) and stat.S_ISREG(info.st_mode)):
                return None
            return handle.read()
    except OSError:
        return None


def replace_own(path: StrPath, data: bytes) -> bool:
    """Write ``data`` to ``path`` in one atomic replace, through a new 0600 file in a folder
    of the user's own (made 0700 if missing); False, and nothing changed, when that fails."""
    folder, name = os.path.split(os.fspath(path))
    folder = folder or os.curdir
    temporary = os.path.join(folder, f".{name}.{os.getpid()}.{os.urandom(4).hex()}")
    try:
        make_folder(folder)
        info = os.stat(folder)
        if not (owned(info) and stat.S_ISDIR(info.st_mode)):
            return False
        fd = create_file(temporary)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False


def untrusted(info: os.stat_result, path: StrPath, uid: int | None = None) -> str:
    """Why a file of instructions (the settings file, a model file) at ``path`` may not be
    followed, in words that follow its name, or '' when it may.

    Such a file decides where invitations go and which rules send a case where, so whoever may
    change it steers the program: it must be the user's own or the system's (root, as an
    installed file is), and writable by nobody else. One exception, as OpenSSH's on Debian: a
    group-writable file is fine when the group is the user's private group (umask 002 gives
    every new file mode 0664 there). A cache of someone else's is ignored (:func:`owned`); a
    file of instructions has no fallback, so it is refused.

    So is one in a folder another user may change (:func:`loose_folder`): whoever may write a
    folder on its path can put another file in its place. ``uid``
    is the user's (``os.getuid()`` unless given: tests pass another).
    """
    if not POSIX:
        return ""
    uid = os.getuid() if uid is None else uid
    mode = stat.S_IMODE(info.st_mode)
    if info.st_uid not in (uid, 0):
        return (
            f"is owned by another user (uid {info.st_uid}, mode {mode:04o}), who could change "
            f"it; expected a file of your own: copy it (cp {shown(path)} ~/) and use the copy"
        )
    if mode & 0o002 or (mode & 0o020 and not _private_group(info.st_gid, uid)):
        who = "everyone" if mode & 0o002 else f"group {info.st_gid}"
        return (
            f"is writable by {who} (mode {mode:04o}), who could change it; expected a file only "
            f"you can change: chmod go-w {shown(path)}"
        )
    return loose_folder(path, uid)


def loose_folder(
    path: StrPath, uid: int, stat_folder: Callable[[str], os.stat_result] = os.stat
) -> str:
    """Why a folder on the real path of the file ``path`` may be changed by another user, in
    words that follow the file's name, or '' when none may: as OpenSSH's StrictModes, each
    folder from the file's own up to ``/`` is the user's (``uid``) or root's, and writable by
    no one else (group-writable only by the user's private group), unless it is sticky (as
    ``/tmp``: there nobody may rename or remove another's file). ``stat_folder`` lets a test
    give the folders' owners and modes."""
    try:
        folder = os.path.dirname(os.path.realpath(path))
    except OSError:
        return ""
    while True:
        try:
            info = stat_folder(folder)
        except OSError:
            return ""  # the file was read, so its folders exist; nothing more to say
        mode = stat.S_IMODE(info.st_mode)
        if info.st_uid not in (uid, 0):
            return (
                f"is in folder {folder}, owned by another user (uid {info.st_uid}, mode "
                f"{mode:04o}), who could replace it; expected a file in folders of your own: "
                f"copy it (cp {shown(path)} ~/) and use the copy"
            )
        sticky = mode & stat.S_ISVTX
        if not sticky and (mode & 0o002 or (mode & 0o020 and not _private_group(info.st_gid, uid))):
            who = "everyone" if mode & 0o002 else f"group {info.st_gid}"
            return (
                f"is in folder {folder}, writable by {who} (mode {mode:04o}), who could replace "
                f"it; expected folders only you can change: chmod go-w {folder}"
            )
        parent = os.path.dirname(folder)
        if parent == folder:
            return ""
        folder = parent


def _private_group(gid: int, uid: int | None = None) -> bool:
    """The user's own group: the user's primary group, named after the user, with no other
    member (a user private group, as Debian and Fedora make one for every user)."""
    try:
        import grp
        import pwd

        me = pwd.getpwuid(os.getuid() if uid is None else uid)
        group = grp.getgrgid(gid)
    except (ImportError, KeyError):
        return False
    return gid == me.pw_gid and group.gr_name == me.pw_name and set(group.gr_mem) <= {me.pw_name}
