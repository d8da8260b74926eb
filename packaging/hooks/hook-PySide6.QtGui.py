# PyInstaller's own hook for PySide6.QtGui, less the Qt plugins the application never loads.
#
# The spec names them (hooksconfig["PySide6"]["unused_files"], the patterns of
# QT_UNUSED_FILES). Left out here, before the analysis, they are neither bundled nor searched
# for the libraries they link: the GTK 3 theme plugin would otherwise send the analysis
# looking for the build machine's GTK and warn when it is not there. A hook in the spec's
# hookspath replaces PyInstaller's hook of the same name.
from fnmatch import fnmatch
from pathlib import PurePath
from typing import Any

from PyInstaller.utils.hooks import get_hook_config
from PyInstaller.utils.hooks.qt import add_qt6_dependencies


def _used(entry: tuple[str, str], patterns: list[str]) -> bool:
    """False for a (source, destination folder) entry that one of ``patterns`` matches."""
    source, folder = entry
    dest = (PurePath(folder) / PurePath(source).name).as_posix().lower()
    return not any(fnmatch(dest, pattern) for pattern in patterns)


def hook(hook_api: Any) -> None:
    """Collect what PyInstaller's hook collects, less the files the spec names unused."""
    patterns = get_hook_config(hook_api, "PySide6", "unused_files") or []
    hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
    hook_api.add_imports(*hiddenimports)
    hook_api.add_binaries([entry for entry in binaries if _used(entry, patterns)])
    hook_api.add_datas([entry for entry in datas if _used(entry, patterns)])
