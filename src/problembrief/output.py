"""Writing what a run produces: whole files or nothing, never onto an input, a device or through a link.

Briefs arrive by e-mail and folders are unpacked attachments, and CI runs as root, so an output name may
already be taken by something planted there: a symbolic link to a file elsewhere, a device node such as
/dev/null, a folder, or another brief of the same run. Each is refused with a message naming the path,
before anything is written. A file that is replaced keeps its permissions (a `chmod 600` draft stays
private); a new file gets what the umask gives, as any program's would.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection, Sequence
from pathlib import Path

from problembrief.errors import OutputError
from problembrief.i18n import _


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_target(target: Path, protected: Collection[Path] = ()) -> None:
    """Raise OutputError when `target` may not be written: an input, a link, a device, a folder."""
    target = Path(target)
    for source in protected:
        if _same_file(target, source) or target.absolute() == Path(source).absolute():
            raise OutputError(_("refusing to overwrite the input {source}: choose another output name").format(
                source=source), path=target)
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(_("cannot use this output: {reason}").format(reason=exc.strerror or exc),
                          path=target) from exc
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise OutputError(_("the output name is a symbolic link; refusing to write through it "
                                "(remove the link or choose another output name)"), path=target)
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(_("the output name is a folder"), path=target)
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(_("the output name is not a regular file (a device, a pipe or a socket); "
                                "refusing to replace it"), path=target)
    folder = target.absolute().parent
    if not folder.is_dir():
        raise OutputError(_("the folder {folder} does not exist").format(folder=folder), path=target)


def _new_file_mode(existing: Path) -> int:
    """The mode of the file being replaced, or what the umask gives a new file."""
    try:
        return stat.S_IMODE(existing.lstat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_outputs(files: Sequence[tuple[Path, bytes]], *, protected: Collection[Path] = ()) -> None:
    """Write every file or none: all targets are checked and staged beside their place, then moved in.

    A failure while staging leaves nothing behind. The moves themselves are renames within one folder, the
    only step that can still fail on a full disk having already succeeded in writing."""
    import tempfile  # here, not at the top: a check that writes nothing should not pay for importing it

    targets = [Path(target) for target, _data in files]
    if len({t.absolute() for t in targets}) != len(targets):
        raise OutputError(_("two outputs of this run have the same name"), path=targets[0])
    for target in targets:
        check_target(target, protected)
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in zip(targets, (data for _target, data in files), strict=True):
            folder = target.absolute().parent
            try:
                handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            except OSError as exc:
                raise OutputError(_("cannot write in {folder}: {reason}").format(
                    folder=folder, reason=exc.strerror or exc), path=target) from exc
            staged.append((temp_name, target))
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.chmod(temp_name, _new_file_mode(target))
            except OSError as exc:
                raise OutputError(_("cannot write the file: {reason}").format(reason=exc.strerror or exc),
                                  path=target) from exc
        for temp_name, target in staged:
            check_target(target, protected)  # again, just before: nothing planted since the first look
            try:
                # os.replace renames over the name itself: it never follows a link planted at the target.
                os.replace(temp_name, target)
            except OSError as exc:
                raise OutputError(_("cannot write the file: {reason}").format(reason=exc.strerror or exc),
                                  path=target) from exc
    finally:
        for temp_name, _target in staged:
            Path(temp_name).unlink(missing_ok=True)
